// The browser softphone (issue 25): the phone page, the agent's availability, the access token, accepting a
// ringing call, hold and transfer. JSON for the page's script (public/softphone.js), HTML for the forms.
import { Hono, type Context } from 'hono';
import type { Deps } from '../deps.js';
import type { AppEnv } from '../http/app-env.js';
import { fragment, page, pageContext } from '../http/render.js';
import { isHtmx, seeOther } from '../http/htmx.js';
import { hasRole, requireRole } from '../http/session.js';
import { clientIp } from '../http/request.js';
import { formId } from '../http/params.js';
import { AppError } from '../shared/app-error.js';
import { AvailabilityForm, SoftphonePage } from '../../views/calls/softphone.js';
import { availabilityOf, colleaguesForTransfer, setAvailability } from './availability.service.js';
import { isSid } from './call-decision.js';
import { CALL_ROLES } from './ring-decision.js';
import { AVAILABILITIES, type Availability } from './softphone.table.js';
import { softphoneConfigured, takeRingingCall, voiceToken } from './softphone.service.js';
import { loadScreenPop } from './screen-pop.service.js';
import { ScreenPop } from '../../views/calls/screen-pop.js';
import { formatStamp } from '../shared/time-format.js';
import { addInterpreter, consultColleague, handOver, setHold } from './transfer.service.js';

const takesCalls = requireRole(...CALL_ROLES);
const actor = (c: Context<AppEnv>) => ({ id: c.get('user')!.id, ip: clientIp(c) });

/** GET /voice/token, mounted before the sign-in redirect: a signed-out request answers 401, not the login page. */
export function voiceTokenRoutes(deps: Deps) {
  const r = new Hono<AppEnv>();
  r.get('/', (c) => {
    c.header('Cache-Control', 'no-store');
    const user = c.get('user');
    if (!user) return c.json({ error: 'unauthenticated' }, 401);
    if (c.get('factorNotice')?.kind === 'required' || !hasRole(user, ...CALL_ROLES))
      return c.json({ error: 'forbidden' }, 403);
    if (!softphoneConfigured(deps)) return c.json({ error: 'softphone_not_configured' }, 503);
    return c.json(voiceToken(deps, user.id));
  });
  return r;
}

/** Runs a softphone action for the page's script: `{ ok: true, … }`, or the error's status and code as JSON. */
async function asJson(c: Context<AppEnv>, run: () => Promise<Record<string, unknown> | undefined>) {
  c.header('Cache-Control', 'no-store');
  try {
    return c.json({ ok: true, ...(await run()) });
  } catch (e) {
    if (e instanceof AppError && e.status !== 500) return c.json({ ok: false, error: e.code }, e.status);
    throw e;
  }
}

const callSidOf = (c: Context<AppEnv>) => {
  const sid = c.req.param('sid');
  if (!isSid('CA', sid)) throw new AppError('call_not_found', 'Not found');
  return sid;
};

/** The phone page and its actions under /voice, for the roles that take calls. */
export function softphoneRoutes(deps: Deps) {
  const r = new Hono<AppEnv>();
  r.use(takesCalls);

  r.get('/', async (c) => {
    const user = c.get('user')!;
    const [availability, colleagues] = await Promise.all([
      availabilityOf(deps, user.id),
      colleaguesForTransfer(deps, user.id),
    ]);
    const ctx = pageContext(c, deps);
    return page(
      c,
      deps,
      ctx.t('softphone.title'),
      <SoftphonePage
        ctx={ctx}
        configured={softphoneConfigured(deps)}
        availability={availability}
        colleagues={colleagues}
      />,
    );
  });

  r.get('/availability', async (c) => {
    const status = await availabilityOf(deps, c.get('user')!.id);
    return fragment(c, <AvailabilityForm t={c.get('t')} csrfToken={c.get('csrfToken') ?? ''} status={status} />);
  });

  r.post('/availability', async (c) => {
    const body = await c.req.parseBody();
    const status = body.status;
    if (typeof status !== 'string' || !(AVAILABILITIES as string[]).includes(status))
      throw new AppError('availability_invalid', c.get('t')('field.invalid'));
    await setAvailability(deps, actor(c), status as Availability);
    if (isHtmx(c))
      return fragment(
        c,
        <AvailabilityForm t={c.get('t')} csrfToken={c.get('csrfToken') ?? ''} status={status as Availability} saved />,
      );
    return seeOther(c, '/voice');
  });

  // The agent accepted a ringing call: the caller's contact is theirs, as "take this call" makes it.
  r.post('/calls/:sid/take', (c) =>
    asJson(c, async () => {
      const result = await takeRingingCall(deps, callSidOf(c), actor(c));
      if (!result.taken) throw new AppError('taken', result.byName);
      return { href: `/contacts/${result.contactId}` };
    }),
  );

  // The pop of the call this agent's phone tab holds, for a tab opened during the call (public/softphone-remote.js):
  // its controls, without the caller's name (that line went, audited, with the call's first pop).
  r.get('/calls/:sid/pop', async (c) => {
    const pop = await loadScreenPop(deps, callSidOf(c));
    if (!pop || pop.ended) return fragment(c, '', 404);
    const zone = deps.config.office.timeZone;
    const view = (
      <ScreenPop
        t={c.get('t')}
        pop={pop}
        csrfToken={c.get('csrfToken')}
        stamp={(iso) => formatStamp(iso, zone)}
        withCaller={false}
        softphone={softphoneConfigured(deps)}
      />
    );
    return fragment(c, view);
  });

  r.post('/calls/:sid/hold', (c) => asJson(c, () => setHold(deps, actor(c), callSidOf(c), true)));
  r.post('/calls/:sid/resume', (c) => asJson(c, () => setHold(deps, actor(c), callSidOf(c), false)));
  r.post('/calls/:sid/consult', (c) =>
    asJson(c, async () => {
      const callSid = callSidOf(c);
      const body = await c.req.parseBody();
      const colleague = formId(body.colleague);
      if (colleague === null) throw new AppError('colleague_unknown', 'Unknown colleague');
      await consultColleague(deps, actor(c), callSid, colleague);
      return undefined;
    }),
  );
  r.post('/calls/:sid/handover', (c) => asJson(c, () => handOver(deps, actor(c), callSidOf(c))));
  r.post('/calls/:sid/interpreter', (c) =>
    asJson(c, async () => {
      const callSid = callSidOf(c);
      const body = await c.req.parseBody();
      const number = typeof body.number === 'string' ? body.number.replace(/[\s().-]/g, '').slice(0, 20) : '';
      await addInterpreter(deps, actor(c), callSid, number);
      return undefined;
    }),
  );
  return r;
}
