import type { PageContext } from '../layout.js';
import { OutboxState } from './thread.js';

export interface OutboxRowView {
  id: number;
  kind: 'ack' | 'reply';
  status: 'queued' | 'sending' | 'sent' | 'failed';
  attempts: number;
  error: string | null;
  nextAt: string;
  createdAt: string;
  contactId: number;
  reference: string | null;
  subject: string;
}

/** Outgoing mail that has not been sent: waiting (and why) or failed (with the reason and a retry button). */
export function OutboxPage(props: { ctx: PageContext; rows: OutboxRowView[]; smtpConfigured: boolean }) {
  const { t } = props.ctx;
  return (
    <section>
      <h1>{t('email.outbox.title')}</h1>
      {!props.smtpConfigured && (
        <p class="flash flash-info" role="status">
          {t('email.outbox.noSmtp')}
        </p>
      )}
      {props.rows.length === 0 ? (
        <p class="empty">{t('email.outbox.empty')}</p>
      ) : (
        <table class="list outbox">
          <thead>
            <tr>
              <th>{t('email.outbox.queuedAt')}</th>
              <th>{t('contact.reference')}</th>
              <th>{t('email.subject')}</th>
              <th>{t('email.outbox.kind')}</th>
              <th>{t('contact.status')}</th>
            </tr>
          </thead>
          <tbody>
            {props.rows.map((r) => (
              <tr class={`outbox-${r.status}`}>
                <td>{r.createdAt}</td>
                <td>
                  <a href={`/contacts/${r.contactId}`}>{r.reference}</a>
                </td>
                <td>{r.subject}</td>
                <td>{r.kind === 'ack' ? t('email.kind.ack') : t('email.outbox.reply')}</td>
                <td>
                  <OutboxState
                    ctx={props.ctx}
                    o={{
                      id: r.id,
                      status: r.status,
                      attempts: r.attempts,
                      error: r.error,
                      nextAt: r.nextAt,
                      sentAt: '',
                    }}
                  />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
