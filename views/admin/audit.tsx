import type { PageContext } from '../layout.js';

export interface AuditRowView {
  id: number;
  at: string;
  actor: string;
  action: string;
  subject: string;
  ip: string;
  details: string;
}

/** The supervisor's read-only view of the audit log, newest first, with a filter on action. */
export function AuditPage(props: {
  ctx: PageContext;
  rows: AuditRowView[];
  action: string;
  registration?: string;
  user?: number;
  users?: { id: number; name: string }[];
  olderHref?: string;
  /** An admin sees the link to the chain's check (/admin/audit/verify). */
  canVerify?: boolean;
}) {
  const { t } = props.ctx;
  return (
    <section>
      <h1>{t('audit.title')}</h1>
      {props.canVerify && (
        <p>
          <a href="/admin/audit/verify">{t('auditChain.link')}</a>
        </p>
      )}
      <form method="get" action="/audit" class="filters" role="search">
        <div class="field">
          <label for="action">{t('audit.action')}</label>
          <input id="action" name="action" value={props.action} maxlength={60} placeholder="login, contact., user." />
        </div>
        <div class="field">
          <label for="audit-registration">{t('audit.registration')}</label>
          <input
            id="audit-registration"
            name="registration"
            value={props.registration ?? ''}
            maxlength={20}
            placeholder="REG-2026-000123"
          />
        </div>
        <div class="field">
          <label for="audit-user">{t('audit.user')}</label>
          <select id="audit-user" name="user">
            <option value="">—</option>
            {(props.users ?? []).map((u) => (
              <option value={String(u.id)} selected={u.id === props.user}>
                {u.name}
              </option>
            ))}
          </select>
        </div>
        <div class="actions">
          <button type="submit">{t('inbox.filter')}</button>
        </div>
      </form>
      <table class="list audit">
        <thead>
          <tr>
            <th>{t('audit.at')}</th>
            <th>{t('audit.actor')}</th>
            <th>{t('audit.action')}</th>
            <th>{t('audit.subject')}</th>
            <th>{t('audit.ip')}</th>
            <th>{t('audit.details')}</th>
          </tr>
        </thead>
        <tbody>
          {props.rows.map((r) => (
            <tr>
              <td>{r.at}</td>
              <td>{r.actor}</td>
              <td>
                <code>{r.action}</code>
              </td>
              <td>{r.subject}</td>
              <td>{r.ip}</td>
              <td>
                <code>{r.details}</code>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {props.olderHref && (
        <p>
          <a href={props.olderHref}>{t('audit.older')} →</a>
        </p>
      )}
    </section>
  );
}
