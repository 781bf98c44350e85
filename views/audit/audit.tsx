import type { PageContext } from '../layout.js';

export interface AuditRowView {
  id: number;
  at: string;
  actor: string;
  /** The action in words; its code stays in a title for those who search the log by it. */
  action: string;
  code: string;
  subject: { text: string; href?: string };
  ip: string;
  details: string[];
}

/** The supervisor's read-only view of the audit log, newest first, in words, with filters. */
export function AuditPage(props: {
  ctx: PageContext;
  rows: AuditRowView[];
  action: string;
  registration?: string;
  contact?: string;
  from?: string;
  to?: string;
  errors?: Record<string, string>;
  user?: number;
  users?: { id: number; name: string }[];
  olderHref?: string;
  /** An admin sees the link to the chain's check (/admin/audit/verify). */
  canVerify?: boolean;
}) {
  const { t } = props.ctx;
  const errors = props.errors ?? {};
  const field = (id: string, name: string, label: string, value: string, extra: Record<string, unknown>) => (
    <div class="field">
      <label for={id}>{label}</label>
      <input
        id={id}
        name={name}
        value={value}
        aria-invalid={errors[name] ? 'true' : undefined}
        aria-describedby={errors[name] ? `${id}-error` : undefined}
        {...extra}
      />
      {errors[name] && (
        <p class="field-error" id={`${id}-error`}>
          {errors[name]}
        </p>
      )}
    </div>
  );
  return (
    <section class="audit-page">
      <h1>{t('audit.title')}</h1>
      {props.canVerify && (
        <p>
          <a href="/admin/audit/verify">{t('auditChain.link')}</a>
        </p>
      )}
      <form method="get" action="/audit" class="filters" role="search">
        {field('action', 'action', t('audit.action'), props.action, {
          maxlength: 60,
          placeholder: 'login, contact., user.',
        })}
        {field('audit-registration', 'registration', t('audit.registration'), props.registration ?? '', {
          maxlength: 20,
          placeholder: 'REG-2026-000123',
        })}
        {field('audit-contact', 'contact', t('audit.contact'), props.contact ?? '', {
          maxlength: 30,
          placeholder: 'HD-2026-000279',
        })}
        {field('audit-from', 'from', t('audit.from'), props.from ?? '', { type: 'date' })}
        {field('audit-to', 'to', t('audit.to'), props.to ?? '', { type: 'date' })}
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
            <th scope="col">{t('audit.at')}</th>
            <th scope="col">{t('audit.actor')}</th>
            <th scope="col">{t('audit.action')}</th>
            <th scope="col">{t('audit.subject')}</th>
            <th scope="col">{t('audit.ip')}</th>
            <th scope="col">{t('audit.details')}</th>
          </tr>
        </thead>
        <tbody>
          {props.rows.map((r) => (
            <tr>
              <td>{r.at}</td>
              <td>{r.actor}</td>
              <td title={r.code}>{r.action}</td>
              <td>{r.subject.href ? <a href={r.subject.href}>{r.subject.text}</a> : r.subject.text}</td>
              <td>{r.ip}</td>
              <td>
                {r.details.length > 0 && (
                  <ul class="audit-details">
                    {r.details.map((d) => (
                      <li>{d}</li>
                    ))}
                  </ul>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {props.rows.length === 0 && <p>{t('audit.empty')}</p>}
      {props.olderHref && (
        <p>
          <a href={props.olderHref}>{t('audit.older')} →</a>
        </p>
      )}
    </section>
  );
}
