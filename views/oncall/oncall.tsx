import type { PageContext } from '../layout.js';
import { Flash } from '../layout.js';
import { Csrf, Field } from '../components/form.js';

export interface OncallPageProps {
  ctx: PageContext;
  values?: { phone: string; email: string };
  errors?: { phone?: string; email?: string };
  notices: {
    id: number;
    contactId: number;
    channel: 'sms' | 'email';
    status: 'queued' | 'sending' | 'sent' | 'failed';
    attempts: number;
    error: string | null;
    created: string;
    sent: string | null;
  }[];
  /** Whether an SMS can go out at all (Twilio account and TWILIO_CALLER_ID), and a mail (SMTP_URL). */
  smsReady: boolean;
  mailReady: boolean;
}

/** The on-call number and address, and the notices sent for urgent after-hours items. */
export function OncallPage(props: OncallPageProps) {
  const { t } = props.ctx;
  const e = props.errors ?? {};
  const v = props.values ?? { phone: '', email: '' };
  return (
    <section>
      <h1>{t('oncall.title')}</h1>
      <p>{t('oncall.intro')}</p>
      {!props.smsReady && <p class="hint">{t('oncall.smsNotReady')}</p>}
      {!props.mailReady && <p class="hint">{t('oncall.mailNotReady')}</p>}
      {(e.phone || e.email) && <Flash kind="error">{t('form.errors')}</Flash>}
      <form method="post" action="/admin/on-call" class="stack" novalidate>
        <Csrf token={props.ctx.csrfToken} />
        <Field id="phone" label={t('oncall.phone')} error={e.phone} hint={t('oncall.phoneHint')}>
          <input id="phone" name="phone" type="tel" value={v.phone} maxlength={20} autocomplete="off" />
        </Field>
        <Field id="email" label={t('oncall.email')} error={e.email}>
          <input id="email" name="email" type="email" value={v.email} maxlength={254} autocomplete="off" />
        </Field>
        <button type="submit" class="primary">
          {t('oncall.save')}
        </button>
      </form>
      <h2>{t('oncall.notices')}</h2>
      {props.notices.length === 0 ? (
        <p class="muted">{t('oncall.noNotices')}</p>
      ) : (
        <table class="list">
          <thead>
            <tr>
              <th scope="col">{t('oncall.item')}</th>
              <th scope="col">{t('oncall.channel')}</th>
              <th scope="col">{t('oncall.state')}</th>
              <th scope="col">{t('oncall.created')}</th>
            </tr>
          </thead>
          <tbody>
            {props.notices.map((n) => (
              <tr>
                <td>
                  <a href={`/contacts/${n.contactId}`}>#{n.contactId}</a>
                </td>
                <td>{t(`oncall.channel.${n.channel}`)}</td>
                <td data-status={n.status}>
                  {t(`oncall.status.${n.status}`)}
                  {n.sent ? ` · ${n.sent}` : ''}
                  {n.status !== 'sent' && n.error ? ` · ${n.error} (${t('oncall.attempts', { n: n.attempts })})` : ''}
                  {n.status === 'failed' && (
                    <form method="post" action={`/admin/on-call/notices/${n.id}/retry`} class="inline">
                      <Csrf token={props.ctx.csrfToken} />{' '}
                      <button type="submit" class="link">
                        {t('oncall.retry')}
                      </button>
                    </form>
                  )}
                </td>
                <td>{n.created}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
