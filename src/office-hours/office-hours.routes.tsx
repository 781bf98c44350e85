import { Hono, type Context } from 'hono';
import { DateTime } from 'luxon';
import type { Deps } from '../deps.js';
import type { AppEnv } from '../http/app-env.js';
import { requireRole } from '../http/session.js';
import { areaRoles } from '../http/areas.js';
import { page, pageContext, formatStamp } from '../http/render.js';
import { seeOther } from '../http/htmx.js';
import { AppError } from '../shared/app-error.js';
import { formatTimeOfDay } from '../shared/time-format.js';
import { clientIp } from '../http/request.js';
import { parseId } from '../http/params.js';
import { OfficeHoursPage } from '../../views/office-hours/office-hours.js';
import { holidaysOf } from './calendar.js';
import { MAX_CLOSURE_DAYS, parseClosure } from './closure.form.js';
import { addClosure, listClosures, removeClosure } from './office-hours.service.js';

/** The admin's office-hours page: weekly hours and holidays (from config) and closures (kept here). */
export function officeHoursRoutes(deps: Deps) {
  const r = new Hono<AppEnv>();
  r.use(requireRole(...areaRoles('officeHours')));
  const office = deps.config.office;

  async function render(
    c: Context<AppEnv>,
    extra: { values?: { start: string; end: string; reason: string }; errors?: Record<string, string> } = {},
    status: 200 | 422 = 200,
  ) {
    const now = deps.clock();
    const year = DateTime.fromJSDate(now, { zone: office.timeZone }).year;
    const today = DateTime.fromJSDate(now, { zone: office.timeZone }).toISODate()!;
    const holidays = [...holidaysOf(year, office), ...holidaysOf(year + 1, office)]
      .filter((h) => h.date >= today)
      .slice(0, 14);
    const closures = (await listClosures(deps.db, now.toISOString())).map((c) => ({
      id: c.id,
      start: formatStamp(c.start_at, office.timeZone),
      end: formatStamp(c.end_at, office.timeZone),
      reason: c.reason,
    }));
    const weekly = [1, 2, 3, 4, 5, 6, 7].map((w) => ({
      weekday: w,
      ranges: office.hours
        .filter((h) => h.weekday === w)
        .map((h) => `${formatTimeOfDay(h.start)}–${formatTimeOfDay(h.end)}`),
    }));
    return page(
      c,
      deps,
      c.get('t')('officeHours.title'),
      <OfficeHoursPage
        ctx={pageContext(c, deps)}
        zone={office.timeZone}
        weekly={weekly}
        goodFriday={office.closeOnGoodFriday}
        liberationDay={office.liberationDay}
        holidays={holidays}
        closures={closures}
        maxClosureDays={MAX_CLOSURE_DAYS}
        {...extra}
      />,
      status,
    );
  }

  r.get('/', (c) => render(c));

  r.post('/closures', async (c) => {
    const asked = parseClosure(await c.req.parseBody(), c.get('t'), office.timeZone);
    if (asked.kind === 'invalid') return render(c, asked, 422);
    await addClosure(deps, c.get('user')!.id, asked.closure, clientIp(c));
    return seeOther(c, '/admin/office-hours');
  });

  r.post('/closures/:id/delete', async (c) => {
    const id = parseId(c.req.param('id'));
    if (!(await removeClosure(deps, c.get('user')!.id, id, clientIp(c)))) throw new AppError('not_found');
    return seeOther(c, '/admin/office-hours');
  });
  return r;
}
