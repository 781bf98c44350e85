import { Hono, type Context } from 'hono';
import type { Deps } from '../deps.js';
import type { AppEnv } from '../http/app-env.js';
import { fragment, page, pageContext } from '../http/render.js';
import { seeOther } from '../http/htmx.js';
import { requireRole } from '../http/session.js';
import { areaRoles } from '../http/areas.js';
import { clientIp } from '../http/request.js';
import { fieldErrors } from '../http/form-errors.js';
import { formatStamp } from '../shared/time-format.js';
import { RetentionPage, RetentionProgress } from '../../views/retention/retention-page.js';
import { KINDS, type Kind } from './retention.table.js';
import { PERIODS, periodsSchema, retentionStatus, savePeriods, startRunNow } from './retention.service.js';

/** /admin/retention: the periods per kind and the purge (admins only). */
export function retentionRoutes(deps: Deps) {
  const r = new Hono<AppEnv>();
  r.use(requireRole(...areaRoles('retention')));

  async function render(
    c: Context<AppEnv>,
    extra: { values?: Record<Kind, string>; errors?: Record<string, string> } = {},
    status: 200 | 422 = 200,
  ) {
    const t = c.get('t');
    const s = await retentionStatus(deps);
    const zone = deps.config.office.timeZone;
    const flashKey = { saved: 'retention.saved', started: 'retention.started', busy: 'retention.busy' } as const;
    const f = (['saved', 'started', 'busy'] as const).find((k) => c.req.query(k));
    return page(
      c,
      deps,
      t('retention.title'),
      <RetentionPage
        ctx={pageContext(c, deps)}
        values={
          extra.values ?? (Object.fromEntries(KINDS.map((k) => [k, String(s.periods[k])])) as Record<Kind, string>)
        }
        bounds={PERIODS}
        errors={extra.errors}
        running={
          s.running
            ? { kind: s.running.current_kind, done: s.running.done_count, total: s.running.total_count }
            : undefined
        }
        runs={s.runs.map((x) => ({
          id: x.id,
          origin: x.origin,
          status: x.status,
          failure: x.failure,
          started: formatStamp(x.started_at, zone),
          finished: formatStamp(x.finished_at, zone),
          counts: x.counts,
        }))}
        flash={f ? { kind: f === 'busy' ? 'error' : 'ok', text: t(flashKey[f]) } : undefined}
      />,
      status,
    );
  }

  r.get('/', (c) => render(c));

  r.get('/progress', async (c) => {
    const s = await retentionStatus(deps);
    const running = s.running
      ? { kind: s.running.current_kind, done: s.running.done_count, total: s.running.total_count }
      : undefined;
    return fragment(c, <RetentionProgress ctx={pageContext(c, deps)} running={running} />);
  });

  r.post('/', async (c) => {
    const body = await c.req.parseBody();
    const sent = Object.fromEntries(
      KINDS.map((k) => [k, typeof body[k] === 'string' ? (body[k] as string).slice(0, 50) : '']),
    ) as Record<Kind, string>;
    const parsed = periodsSchema(c.get('t')).safeParse(
      Object.fromEntries(KINDS.map((k) => [k, typeof body[k] === 'string' ? body[k] : undefined])),
    );
    if (!parsed.success) return render(c, { values: sent, errors: fieldErrors(parsed.error) }, 422);
    await savePeriods(deps, parsed.data as Record<Kind, number>, { id: c.get('user')!.id, ip: clientIp(c) });
    return seeOther(c, '/admin/retention?saved=1');
  });

  r.post('/run', async (c) => {
    const started = await startRunNow(deps, c.get('user')!.id);
    return seeOther(c, started ? '/admin/retention?started=1' : '/admin/retention?busy=1');
  });

  return r;
}
