import { Hono, type Context } from 'hono';
import type { Deps } from '../deps.js';
import type { AppEnv } from '../http/app-env.js';
import type { MessageKey } from '../i18n/i18n.js';
import { page, pageContext } from '../http/render.js';
import { seeOther } from '../http/htmx.js';
import { requireRole } from '../http/session.js';
import { areaRoles } from '../http/areas.js';
import { clientIp } from '../http/request.js';
import { parseId } from '../http/params.js';
import { AppError } from '../shared/app-error.js';
import { CareCasePanel, CareListPage, type CareFormErrors } from '../../views/registrations/care-case.js';
import { parseClosingForm, parseProcedureForm, returnReason } from './care-case.form.js';
import {
  addProcedures,
  careCaseOf,
  careList,
  closeCase,
  procedureBounds,
  updateProcedure,
} from './care-case.service.js';
import { localToday } from './registrations.service.js';
import { answerReferral, referRegistration, type ReferralResult } from './referral.service.js';

/**
 * A registration's care coordination (docs/contract.md "Referrals"): the desk refers it to its region's coordinator, who
 * accepts or returns it; the procedures checklist; closing the case. Each handler: parse → one call → back to the
 * registration's page (303), or the panel with what was typed and why (422). A coordinator of another region gets
 * 404 on every one of them (the registration is not hers to see).
 */
export function careCaseRoutes(deps: Deps) {
  const r = new Hono<AppEnv>();
  r.use('/:id/*', requireRole('agent', 'supervisor', 'coordinator'));
  const back = (c: Context<AppEnv>, id: number) => seeOther(c, `/registrations/${id}#care`);
  const refused = (c: Context<AppEnv>, result: ReferralResult) => {
    if (result.ok) return;
    throw new AppError(`referral_${result.refusal}`, c.get('t')(`care.refusal.${result.refusal}` as MessageKey));
  };
  const failed = async (c: Context<AppEnv>, id: number, f: CareFormErrors) => {
    const care = await careCaseOf(deps, id, c.get('user')!);
    return page(c, deps, care.reference, <CareCasePanel ctx={pageContext(c, deps)} care={care} failed={f} />, 422);
  };
  const closedOr = async <T,>(c: Context<AppEnv>, run: () => Promise<T>) => {
    try {
      return await run();
    } catch (err) {
      if (err instanceof AppError && err.status === 409)
        throw new AppError(err.code, c.get('t')(`care.conflict.${err.code}` as MessageKey));
      throw err;
    }
  };

  r.post('/:id/referral', async (c) => {
    const id = parseId(c.req.param('id'));
    refused(c, await referRegistration(deps, id, c.get('user')!, clientIp(c)));
    return back(c, id);
  });

  r.post('/:id/referral/accept', async (c) => {
    const id = parseId(c.req.param('id'));
    refused(c, await answerReferral(deps, id, { kind: 'accept' }, c.get('user')!, clientIp(c)));
    return back(c, id);
  });

  r.post('/:id/referral/return', async (c) => {
    const id = parseId(c.req.param('id'));
    const reason = returnReason(await c.req.parseBody());
    const result = await answerReferral(deps, id, { kind: 'return', reason }, c.get('user')!, clientIp(c));
    if (!result.ok && result.status === 422)
      return failed(c, id, {
        form: 'return',
        values: { reason },
        errors: { reason: c.get('t')(`care.refusal.${result.refusal}` as MessageKey) },
      });
    refused(c, result);
    return back(c, id);
  });

  r.post('/:id/procedures/suggested', async (c) => {
    const id = parseId(c.req.param('id'));
    await closedOr(c, () => addProcedures(deps, id, { suggested: true }, c.get('user')!, clientIp(c)));
    return back(c, id);
  });

  r.post('/:id/procedures', async (c) => {
    const id = parseId(c.req.param('id'));
    const bounds = await procedureBounds(deps, id, c.get('user')!);
    const form = parseProcedureForm(await c.req.parseBody(), c.get('t'), bounds, 'add');
    if (!form.ok) return failed(c, id, { form: 'add', values: { ...form.values }, errors: form.errors });
    await closedOr(c, () => addProcedures(deps, id, { input: form.input }, c.get('user')!, clientIp(c)));
    return back(c, id);
  });

  r.post('/:id/procedures/:pid', async (c) => {
    const id = parseId(c.req.param('id'));
    const pid = parseId(c.req.param('pid'));
    const bounds = await procedureBounds(deps, id, c.get('user')!);
    const form = parseProcedureForm(await c.req.parseBody(), c.get('t'), bounds, 'update');
    if (!form.ok) return failed(c, id, { form: `p${pid}`, values: { ...form.values }, errors: form.errors });
    await closedOr(c, () => updateProcedure(deps, id, pid, form.input, c.get('user')!, clientIp(c)));
    return back(c, id);
  });

  r.post('/:id/care/close', async (c) => {
    const id = parseId(c.req.param('id'));
    const { reportedOn } = await procedureBounds(deps, id, c.get('user')!);
    const form = parseClosingForm(await c.req.parseBody(), c.get('t'), reportedOn, localToday(deps));
    if (!form.ok) return failed(c, id, { form: 'close', values: { ...form.values }, errors: form.errors });
    await closedOr(c, () => closeCase(deps, id, { close: form.input }, c.get('user')!, clientIp(c)));
    return back(c, id);
  });

  r.post('/:id/care/reopen', async (c) => {
    const id = parseId(c.req.param('id'));
    await closedOr(c, () => closeCase(deps, id, { reopen: true }, c.get('user')!, clientIp(c)));
    return back(c, id);
  });
  return r;
}

/** `/care`: the coordinator's list (referrals waiting for her regions, her cases) and the desk's outcomes. */
export function careListRoutes(deps: Deps) {
  const r = new Hono<AppEnv>();
  r.use(requireRole(...areaRoles('care')));
  r.get('/', async (c) => {
    const list = await careList(deps, c.get('user')!, clientIp(c));
    return page(c, deps, c.get('t')('care.list.title'), <CareListPage ctx={pageContext(c, deps)} {...list} />);
  });
  return r;
}
