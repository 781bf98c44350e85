import { type Context, Hono } from 'hono';
import type { Deps } from '../deps.js';
import type { AppEnv } from '../http/app-env.js';
import { page, pageContext } from '../http/render.js';
import { seeOther } from '../http/htmx.js';
import { requireRole } from '../http/session.js';
import { areaRoles } from '../http/areas.js';
import { clientIp } from '../http/request.js';
import { formId, formVersion, parseId } from '../http/params.js';
import { AppError } from '../shared/app-error.js';
import { isUniqueViolation } from '../db/errors.js';
import { localToday } from '../registrations/registrations.service.js';
import { visibleRegistration } from '../registrations/registration-read.service.js';
import { CosmPage } from '../../views/cosm/cosm-page.js';
import { SheltersPage } from '../../views/cosm/shelters-page.js';
import { isDate, parseAnswer, parsePlacementRequest, parseShelter, type ShelterValues } from './cosm.form.js';
import { cosmFigures, saveShelter, shelters, waitingList } from './cosm.service.js';
import {
  answerRequest,
  endPlacement,
  offerRequest,
  requestPlacement,
  withdrawRequest,
} from './cosm-requests.service.js';

const actor = (c: Context<AppEnv>) => ({ id: c.get('user')!.id, ip: clientIp(c) });
const YEAR = /^(19|20|21)\d{2}$/;

/** The form's `version`, or 422 when it is missing (every form that changes a request carries it). */
function versionOf(c: Context<AppEnv>, body: Record<string, unknown>) {
  const v = formVersion(body.version);
  if (v === null) throw new AppError('version_missing', c.get('t')('field.invalid'));
  return v;
}

/** The first error of a refused form, as the 422's message. */
const refused = (errors: Record<string, string>) => new AppError('cosm_invalid', Object.values(errors)[0] ?? 'invalid');

/**
 * `/cosm` (agents and supervisors: the centre places in COSM, domain §0): the waiting list in its order, offers to
 * shelters and their answers, placements ending, and the year's figures.
 */
export function cosmRoutes(deps: Deps) {
  const r = new Hono<AppEnv>();
  r.use(requireRole(...areaRoles('cosm')));
  r.get('/', async (c) => {
    const t = c.get('t');
    const asked = c.req.query('year');
    const today = localToday(deps);
    const year = asked && YEAR.test(asked) ? Number(asked) : Number(today.slice(0, 4));
    const [list, figures] = await Promise.all([
      waitingList(deps, c.get('user')!, clientIp(c)),
      cosmFigures(deps, year),
    ]);
    const done = c.req.query('done');
    const flash =
      done === 'queued'
        ? { kind: 'info' as const, text: t('cosm.queued') }
        : done
          ? { kind: 'ok' as const, text: t('cosm.saved') }
          : undefined;
    return page(
      c,
      deps,
      t('cosm.title'),
      <CosmPage ctx={pageContext(c, deps)} {...list} figures={figures} today={today} flash={flash} />,
    );
  });
  r.post('/requests/:id/offer', async (c) => {
    const id = parseId(c.req.param('id'));
    const body = await c.req.parseBody();
    const shelter = formId(body.shelter);
    if (shelter === null) throw new AppError('cosm_shelter_unknown', c.get('t')('reg.error.code'));
    const res = await offerRequest(deps, id, versionOf(c, body), shelter, actor(c));
    return seeOther(c, `/cosm?done=${res.kind === 'queued' ? 'queued' : 'offer'}`);
  });
  r.post('/requests/:id/answer', async (c) => {
    const id = parseId(c.req.param('id'));
    const body = await c.req.parseBody();
    const parsed = parseAnswer(body, c.get('t'), localToday(deps));
    if (!parsed.ok) throw refused(parsed.errors);
    const res = await answerRequest(deps, id, versionOf(c, body), parsed.input, actor(c));
    return seeOther(c, `/cosm?done=${res.kind === 'queued' ? 'queued' : 'answer'}`);
  });
  r.post('/requests/:id/withdraw', async (c) => {
    const id = parseId(c.req.param('id'));
    await withdrawRequest(deps, id, versionOf(c, await c.req.parseBody()), actor(c));
    return seeOther(c, '/cosm?done=withdraw');
  });
  r.post('/requests/:id/end', async (c) => {
    const id = parseId(c.req.param('id'));
    const body = await c.req.parseBody();
    const endedOn = typeof body.endedOn === 'string' ? body.endedOn.trim() : '';
    if (!isDate(endedOn)) throw new AppError('cosm_invalid', c.get('t')('cosm.error.date'));
    await endPlacement(deps, id, versionOf(c, body), endedOn, actor(c));
    return seeOther(c, '/cosm?done=end');
  });
  return r;
}

/** `POST /registrations/:id/cosm`: a placement request from a registration (mounted beside the registrations). */
export function cosmRequestRoutes(deps: Deps) {
  const r = new Hono<AppEnv>();
  // The region's coordinator asks for a place for her person too (the centre alone offers and places): only for a
  // registration of her own regions, 404 otherwise, as every registration route answers her.
  r.post('/:id/cosm', requireRole('agent', 'supervisor', 'coordinator'), async (c) => {
    const id = parseId(c.req.param('id'));
    const user = c.get('user')!;
    await visibleRegistration(deps, id, user);
    const parsed = parsePlacementRequest(await c.req.parseBody({ all: true }), c.get('t'));
    if (!parsed.ok) throw refused(parsed.errors);
    const res = await requestPlacement(deps, id, parsed.input, actor(c));
    const done = res.kind === 'queued' ? 'queued' : 'request';
    const desk = user.roles.some((role) => role === 'agent' || role === 'supervisor');
    return seeOther(c, desk ? `/cosm?done=${done}#cosm-request-${res.id}` : `/registrations/${id}#cosm-panel`);
  });
  return r;
}

/** `/admin/cosm-shelters`: the admin keeps the COSM shelters, their kinds of places and free places. */
export function sheltersRoutes(deps: Deps) {
  const r = new Hono<AppEnv>();
  r.use(requireRole(...areaRoles('shelters')));
  const empty: ShelterValues = { name: '', region: '', kinds: [], places: '0', freePlaces: '0', active: true };
  async function render(
    c: Context<AppEnv>,
    extra: { errors?: { id: number | null; errors: Record<string, string> }; newValues?: ShelterValues } = {},
    status: 200 | 422 = 200,
  ) {
    const t = c.get('t');
    const rows = await shelters(deps);
    return page(
      c,
      deps,
      t('cosm.shelters.title'),
      <SheltersPage
        ctx={pageContext(c, deps)}
        shelters={rows.map((s) => ({
          id: s.id,
          values: {
            name: s.name,
            region: s.region,
            kinds: s.kinds.split(',').filter(Boolean),
            places: String(s.places),
            freePlaces: String(s.free_places),
            active: s.active === 1,
          },
        }))}
        newValues={extra.newValues ?? empty}
        errors={extra.errors}
        flash={c.req.query('saved') ? { kind: 'ok', text: t('cosm.shelters.saved') } : undefined}
      />,
      status,
    );
  }
  const save = async (c: Context<AppEnv>, id: number | null) => {
    const parsed = parseShelter(await c.req.parseBody({ all: true }), c.get('t'));
    const again = (errors: Record<string, string>) =>
      render(c, { errors: { id, errors }, newValues: id === null ? parsed.values : undefined }, 422);
    if (!parsed.ok) return again(parsed.errors);
    try {
      await saveShelter(deps, id, parsed.input, actor(c));
    } catch (err) {
      if (isUniqueViolation(err)) return again({ name: c.get('t')('cosm.error.taken') });
      throw err;
    }
    return seeOther(c, '/admin/cosm-shelters?saved=1');
  };
  r.get('/', (c) => render(c));
  r.post('/', (c) => save(c, null));
  r.post('/:id', (c) => save(c, parseId(c.req.param('id'))));
  return r;
}
