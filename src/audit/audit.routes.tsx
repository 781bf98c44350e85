import { formId } from '../http/params.js';
import { Hono } from 'hono';
import { DateTime } from 'luxon';
import type { Deps } from '../deps.js';
import type { AppEnv } from '../http/app-env.js';
import { requireRole } from '../http/session.js';
import { areaRoles } from '../http/areas.js';
import { formatStamp, page, pageContext } from '../http/render.js';
import type { MessageKey } from '../i18n/i18n.js';
import { AuditPage } from '../../views/audit/audit.js';
import { auditContactId, auditPage, auditSubjects, auditUsers } from './audit.service.js';
import { ACTION_WORDS, detailLines, spellCode, validDay } from './audit-words.js';

const PAGE = 100;

/** The audit log for supervisors (and admins): read-only, newest first, in words, filtered by who, what and when. */
export function auditRoutes(deps: Deps) {
  const r = new Hono<AppEnv>();
  r.use(requireRole(...areaRoles('audit')));
  const zone = deps.config.office.timeZone;
  r.get('/', async (c) => {
    const t = c.get('t');
    const action = (c.req.query('action') ?? '').slice(0, 60);
    const before = formId(c.req.query('before')) ?? undefined;
    // "Who saw REG-2026-000123" and "what did this user see": by registration reference and by user.
    const registration = (c.req.query('registration') ?? '').trim().toUpperCase().slice(0, 20);
    const user = formId(c.req.query('user')) ?? undefined;
    // "Who opened HD-2026-000279", and "what happened on 3 March": by contact and by days of the desk's calendar.
    const contact = (c.req.query('contact') ?? '').trim().slice(0, 30);
    const from = (c.req.query('from') ?? '').trim().slice(0, 10);
    const to = (c.req.query('to') ?? '').trim().slice(0, 10);
    const errors: Record<string, string> = {};
    const contactId = contact ? await auditContactId(deps, contact) : null;
    if (contact && contactId === null) errors.contact = t('audit.error.contact');
    if (from && !validDay(from)) errors.from = t('audit.error.day');
    if (to && !validDay(to)) errors.to = t('audit.error.day');
    if (!errors.from && !errors.to && from && to && from > to) errors.to = t('audit.error.range');
    const status = Object.keys(errors).length ? 422 : 200;
    const dayStart = (d: string) => DateTime.fromISO(d, { zone }).startOf('day').toUTC().toISO()!;
    const rows =
      status === 422
        ? []
        : await auditPage(deps, {
            action: action || undefined,
            before,
            limit: PAGE,
            actorId: user,
            ...(registration ? { subjectType: 'registration', subjectId: registration } : {}),
            ...(contactId !== null ? { subjectType: 'contact', subjectId: String(contactId) } : {}),
            since: from ? dayStart(from) : undefined,
            until: to ? DateTime.fromISO(dayStart(to)).plus({ days: 1 }).toUTC().toISO()! : undefined,
          });
    const last = rows.at(-1);
    const filters = { action, registration, user: user ? String(user) : '', contact, from, to };
    const olderHref =
      rows.length === PAGE && last
        ? `/audit?${new URLSearchParams({ ...filters, before: String(last.id) })}`
        : undefined;
    const subjects = await auditSubjects(deps, rows);
    const words = {
      yes: t('reg.yes'),
      no: t('reg.no'),
      none: '—',
      key: (k: string) => {
        const key = `audit.key.${k}` as MessageKey;
        const text = t(key);
        return text === key ? undefined : text;
      },
    };
    const view = rows.map((row) => {
      const id = row.subject_id ?? '';
      const type = row.subject_type ?? '';
      const typeWord = (() => {
        const key = `audit.type.${type}` as MessageKey;
        const text = t(key);
        return text === key ? spellCode(type) : text;
      })();
      const subject =
        type === 'contact' && subjects.contacts.has(id)
          ? { text: subjects.contacts.get(id) ?? `${typeWord} ${id}`, href: `/contacts/${id}` }
          : type === 'user' && subjects.users.has(id)
            ? { text: `${typeWord} ${subjects.users.get(id)}`, href: undefined }
            : type === 'registration' && subjects.registrations.has(id)
              ? { text: id, href: `/registrations/${subjects.registrations.get(id)}` }
              : { text: type ? `${typeWord} ${id}`.trim() : '', href: undefined };
      return {
        id: row.id,
        at: formatStamp(row.at, zone),
        actor: row.actor_name ?? t('audit.system'),
        action: (ACTION_WORDS as readonly string[]).includes(row.action)
          ? t(`audit.act.${row.action}` as MessageKey)
          : spellCode(row.action),
        code: row.action,
        subject,
        ip: row.ip ?? '',
        details: detailLines(row.details === '{}' ? null : row.details, words),
      };
    });
    return page(
      c,
      deps,
      t('audit.title'),
      <AuditPage
        ctx={pageContext(c, deps)}
        rows={view}
        action={action}
        registration={registration}
        contact={contact}
        from={from}
        to={to}
        errors={errors}
        user={user}
        users={await auditUsers(deps)}
        olderHref={olderHref}
        canVerify={c.get('user')!.roles.includes('admin')}
      />,
      status,
    );
  });
  return r;
}
