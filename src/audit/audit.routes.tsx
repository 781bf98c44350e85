import { formId } from '../http/params.js';
import { Hono } from 'hono';
import type { Deps } from '../deps.js';
import type { AppEnv } from '../http/app-env.js';
import { requireRole } from '../http/session.js';
import { areaRoles } from '../http/areas.js';
import { formatStamp, page, pageContext } from '../http/render.js';
import { AuditPage } from '../../views/admin/audit.js';
import { auditPage, auditUsers } from './audit.service.js';

const PAGE = 100;

/** The audit log for supervisors (and admins): read-only, newest first. */
export function auditRoutes(deps: Deps) {
  const r = new Hono<AppEnv>();
  r.use(requireRole(...areaRoles('audit')));
  r.get('/', async (c) => {
    const action = (c.req.query('action') ?? '').slice(0, 60);
    const before = formId(c.req.query('before')) ?? undefined;
    // "Who saw REG-2026-000123" and "what did this user see": by registration reference and by user.
    const registration = (c.req.query('registration') ?? '').trim().toUpperCase().slice(0, 20);
    const user = formId(c.req.query('user')) ?? undefined;
    const rows = await auditPage(deps, {
      action: action || undefined,
      before,
      limit: PAGE,
      actorId: user,
      ...(registration ? { subjectType: 'registration', subjectId: registration } : {}),
    });
    const last = rows.at(-1);
    const olderHref =
      rows.length === PAGE && last
        ? `/audit?${new URLSearchParams({ action, registration, user: user ? String(user) : '', before: String(last.id) })}`
        : undefined;
    const view = rows.map((r) => ({
      id: r.id,
      at: formatStamp(r.at, deps.config.office.timeZone),
      actor: r.actor_name ?? '—',
      action: r.action,
      subject: r.subject_type ? `${r.subject_type} ${r.subject_id ?? ''}` : '',
      ip: r.ip ?? '',
      details: r.details === '{}' ? '' : r.details,
    }));
    return page(
      c,
      deps,
      c.get('t')('audit.title'),
      <AuditPage
        ctx={pageContext(c, deps)}
        rows={view}
        action={action}
        registration={registration}
        user={user}
        users={await auditUsers(deps)}
        olderHref={olderHref}
        canVerify={c.get('user')!.roles.includes('admin')}
      />,
    );
  });
  return r;
}
