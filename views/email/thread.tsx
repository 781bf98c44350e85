import type { PageContext } from '../layout.js';
import { Flash } from '../layout.js';
import { Csrf, Field } from '../components/form.js';
import type { AnswerSnippet } from '../../src/email/answer-library.plugin.js';
import { RefusedReply, ReplyForm } from './reply-form.js';
import type { SenderAuthReason, SenderVerdict } from '../../src/email/inbound/sender-auth.js';

/** The sender check of an incoming message, as stored (src/email/inbound/sender-auth.ts). */
interface SenderCheckView {
  verdict: SenderVerdict;
  domain: string | null;
  reason: SenderAuthReason | null;
  spf: string;
  dkim: string;
  dmarc: string;
  arc: string;
  policy: string | null;
  /** Fetched over IMAP: SPF could not be checked. */
  imap: boolean;
}

export interface MessageView {
  id: number;
  direction: 'in' | 'out';
  kind: 'mail' | 'ack' | 'reply';
  from: string;
  to: string;
  at: string;
  subject: string;
  text: string;
  /** A complete, sanitised HTML document for the sandboxed iframe; null when the message had no (usable) HTML. */
  htmlDocument: string | null;
  attachments: { id: number; filename: string; size: string; withheld: string | null }[];
  via: string;
  note: { kind: 'refused'; reference: string } | { kind: 'sender-refused' } | null;
  /** Who really sent it; null for outgoing mail and mail stored before the check existed. */
  auth: SenderCheckView | null;
  idConflict: boolean;
  malformed: boolean;
  /** Why the message is not shown whole ("too large to display"); null when it is. */
  limit: 'html-too-large' | 'html-too-deep' | 'text-truncated' | 'parse-limit' | null;
  /** The download of the whole message, when it was kept. */
  sourceUrl: string | null;
  autoReason: string | null;
  author: string | null;
  outbox: {
    id: number;
    status: 'queued' | 'sending' | 'sent' | 'failed' | 'cancelled';
    attempts: number;
    error: string | null;
    nextAt: string;
    sentAt: string;
  } | null;
}

export interface ReplyValues {
  value: string;
  error?: string;
  /** The language the agent chose for this reply, kept when the box comes back with an error. */
  lang?: 'nl' | 'en';
  /** An answer inserted with "Insert and apply": its id (posted with the reply) and what it will set, in words. */
  macro?: { answerId: string; label: string };
}

/** What goes out below the agent's text: their signatures and the message being answered. */
interface ReplyExtras {
  /** The language the reply goes out in unless the agent chooses another. */
  lang: 'nl' | 'en';
  signatures: { nl: string | null; en: string | null };
  /** The message a reply answers and quotes; null when the thread has no incoming message. */
  quoted: { date: string; sender: string } | null;
  /** The newest message of the thread as drawn: a reply made after another message arrived is refused as stale. */
  lastMessageId: number | null;
  /** The contact's version as drawn, when contacts carry one. */
  version: number | null;
}

export interface EmailPanelProps {
  ctx: PageContext;
  contactId: number;
  reference: string;
  messages: MessageView[];
  replyTo: string | null;
  mayEmail: number | null;
  /** Safe-contact flag "only through the professional", and whether the recipient is recorded as the professional. */
  viaProfessionalOnly: number | null;
  recipientIsProfessional: boolean;
  replyExtras: ReplyExtras;
  smtpConfigured: boolean;
  /** Outgoing mail of this contact not sent yet. */
  waiting: number;
  spam: boolean;
  /** The contact's sender mark (contacts.sender_auth): a warning above the thread when it failed. */
  senderMark: string | null;
  mergedInto: { id: number; reference: string | null } | null;
  mergedFrom: { id: number; reference: string | null }[];
  reply?: ReplyValues;
  merge?: ReplyValues;
  flash?: { kind: 'ok' | 'error' | 'info'; text: string };
  answers: AnswerSnippet[];
  /** A mail in neither Dutch nor English: its language, and that the answers are in the agent's. */
  answersNotice?: string;
}

/**
 * The email panel of a contact page: the messages (text as text; HTML only sanitised and inside a sandboxed
 * iframe's srcdoc, which hono/jsx escapes as an attribute — no raw HTML enters Baken's own page), their
 * attachments and outbox state, the reply box with the safe-contact flag, and triage (spam, merge).
 */
export function EmailPanel(props: EmailPanelProps) {
  const { t } = props.ctx;
  return (
    <section id="email-panel" class="email-panel panel" aria-labelledby="email-h">
      <h2 id="email-h">{t('email.title')}</h2>
      {props.flash && <Flash kind={props.flash.kind}>{props.flash.text}</Flash>}
      {props.mergedInto && (
        <p class="flash flash-info" role="status">
          {t('email.merge.into', { ref: props.mergedInto.reference ?? '' })}{' '}
          <a href={`/contacts/${props.mergedInto.id}`}>{props.mergedInto.reference}</a>
        </p>
      )}
      {props.mergedFrom.length > 0 && (
        <p class="muted">
          {t('email.merge.from')}{' '}
          {props.mergedFrom.map((m, i) => (
            <>
              {i > 0 && ', '}
              <a href={`/contacts/${m.id}`}>{m.reference}</a>
            </>
          ))}
        </p>
      )}
      {props.spam && (
        <p class="flash flash-info" role="status">
          {t('email.spam.notice')}
        </p>
      )}
      {(props.senderMark === 'failed' || props.senderMark === 'refused') && (
        <p class="flash flash-error sender-warning" role="alert">
          {t(props.senderMark === 'refused' ? 'email.auth.contact.refused' : 'email.auth.contact.failed')}
        </p>
      )}
      {!props.smtpConfigured && props.waiting > 0 && (
        <p class="flash flash-info" role="status">
          {t('email.outbox.noSmtp')}
        </p>
      )}
      {props.messages.length === 0 ? (
        <p class="muted">{t('email.none')}</p>
      ) : (
        <ol class="mail-thread">
          {props.messages.map((m) => (
            <Message ctx={props.ctx} m={m} />
          ))}
        </ol>
      )}
      {!props.mergedInto && !props.spam && <ReplyForm {...props} />}
      {props.spam && props.reply && <RefusedReply ctx={props.ctx} contactId={props.contactId} reply={props.reply} />}
      {!props.mergedInto && <Triage {...props} />}
    </section>
  );
}

function Message(props: { ctx: PageContext; m: MessageView }) {
  const { t } = props.ctx;
  const m = props.m;
  const label =
    m.kind === 'ack'
      ? t('email.kind.ack')
      : m.kind === 'reply'
        ? t('email.kind.reply', { name: m.author ?? '' })
        : t('email.kind.in');
  return (
    <li class={`mail mail-${m.direction} mail-kind-${m.kind}`} id={`mail-${m.id}`}>
      <div class="mail-head">
        <strong>{label}</strong> · <time>{m.at}</time>
        <dl class="mail-meta">
          <dt>{t('email.from')}</dt>
          <dd>{m.from || '—'}</dd>
          <dt>{t('email.to')}</dt>
          <dd>{m.to || '—'}</dd>
          <dt>{t('email.subject')}</dt>
          <dd>{m.subject || t('email.noSubject')}</dd>
        </dl>
      </div>
      {m.via !== 'new' && m.via !== 'reply' && <p class="mail-note">{t(`email.via.${m.via}` as 'email.via.signed')}</p>}
      {m.auth && <SenderCheck ctx={props.ctx} a={m.auth} />}
      {m.note?.kind === 'refused' && <p class="mail-note warn">{t('email.refused', { ref: m.note.reference })}</p>}
      {m.note?.kind === 'sender-refused' && <p class="mail-note warn">{t('email.senderRefused')}</p>}
      {m.idConflict && <p class="mail-note warn">{t('email.idConflict')}</p>}
      {m.malformed && <p class="mail-note warn">{t('email.malformed')}</p>}
      {m.limit && (
        <p class="mail-note warn mail-too-large">
          {t(`email.limit.${m.limit}`)}
          {m.sourceUrl && (
            <>
              {' '}
              <a href={m.sourceUrl} download>
                {t('email.limit.download')}
              </a>
            </>
          )}
        </p>
      )}
      {m.autoReason && (
        <p class="mail-note">
          {t('email.auto', { reason: t(`email.autoReason.${m.autoReason}` as 'email.autoReason.bounce') })}
        </p>
      )}
      {m.outbox && <OutboxState ctx={props.ctx} o={m.outbox} />}
      {m.kind === 'ack' ? (
        <details>
          <summary>{t('email.showText')}</summary>
          <div class="mail-text">{m.text}</div>
        </details>
      ) : m.text.trim() ? (
        <div class="mail-text">{m.text}</div>
      ) : (
        !m.htmlDocument && <p class="muted">{t('email.noText')}</p>
      )}
      {m.htmlDocument && (
        <details class="mail-html" open={!m.text.trim()}>
          <summary>{t('email.htmlVersion')}</summary>
          <iframe
            sandbox="allow-popups allow-popups-to-escape-sandbox"
            referrerpolicy="no-referrer"
            srcdoc={m.htmlDocument}
            title={t('email.htmlFrameTitle')}
          ></iframe>
        </details>
      )}
      {m.attachments.length > 0 && (
        <div class="mail-attachments">
          <h3>{t('email.attachments')}</h3>
          <ul>
            {m.attachments.map((a) => (
              <li>
                {a.withheld ? (
                  <>
                    {a.filename} ({a.size}) — <span class="warn">{t('email.withheld')}</span>
                  </>
                ) : (
                  <>
                    <a href={`/email/attachments/${a.id}`} download={a.filename}>
                      {a.filename}
                    </a>{' '}
                    ({a.size})
                  </>
                )}
              </li>
            ))}
          </ul>
        </div>
      )}
    </li>
  );
}

/** The sender check of one message: the verdict ("verified: politie.nl"), why, and each method's result. */
function SenderCheck(props: { ctx: PageContext; a: SenderCheckView }) {
  const { t } = props.ctx;
  const a = props.a;
  const shown = (v: string) => (v === 'not-checked' ? t('email.auth.notChecked') : v);
  const verdict =
    a.verdict === 'verified'
      ? t('email.auth.verified', { domain: a.domain ?? '' })
      : a.verdict === 'failed'
        ? t('email.auth.failed')
        : t('email.auth.unverified');
  return (
    <div class={`mail-auth mail-auth-${a.verdict}`} data-verdict={a.verdict}>
      <p class={a.verdict === 'failed' ? 'mail-note warn' : 'mail-note'}>
        <strong>{t('email.auth.label')}:</strong> <span class="auth-verdict">{verdict}</span>
        {a.reason && <> — {t(`email.auth.reason.${a.reason}`)}</>}
      </p>
      <details class="mail-auth-details">
        <summary>{t('email.auth.methods')}</summary>
        <p>
          SPF {shown(a.spf)} · DKIM {shown(a.dkim)} · DMARC {shown(a.dmarc)}
          {a.policy && <> ({t('email.auth.policy', { policy: a.policy })})</>} · ARC {shown(a.arc)}
        </p>
        {a.imap && <p class="muted">{t('email.auth.imapNoSpf')}</p>}
        {!a.imap && a.spf === 'not-checked' && a.dkim !== 'not-checked' && (
          <p class="muted">{t('email.auth.relayNoSpf')}</p>
        )}
      </details>
    </div>
  );
}

/** Where an outgoing mail stands: sent, waiting (with the last error), or failed with the reason and a retry button. */
export function OutboxState(props: { ctx: PageContext; o: NonNullable<MessageView['outbox']> }) {
  const { t } = props.ctx;
  const o = props.o;
  if (o.status === 'sent') return <p class="outbox-state sent">{t('email.outbox.sent', { at: o.sentAt })}</p>;
  if (o.status === 'cancelled') return <p class="outbox-state cancelled">{t('email.outbox.cancelled')}</p>;
  const cancel = (
    <form
      method="post"
      action={`/email/outbox/${o.id}/cancel`}
      class="inline"
      data-confirm={t('email.outbox.cancelConfirm')}
    >
      <Csrf token={props.ctx.csrfToken} />
      <button type="submit">{t('email.outbox.cancel')}</button>
    </form>
  );
  if (o.status === 'failed') {
    return (
      <div class="outbox-state failed" role="alert">
        <p>{t('email.outbox.failed', { error: o.error ?? '' })}</p>
        <form method="post" action={`/email/outbox/${o.id}/retry`} class="inline">
          <Csrf token={props.ctx.csrfToken} />
          <button type="submit">{t('email.outbox.retry')}</button>
        </form>{' '}
        {cancel}
      </div>
    );
  }
  if (o.status === 'sending') return <p class="outbox-state waiting">{t('email.outbox.sending')}</p>;
  return (
    <div class="outbox-state waiting">
      <p>
        {o.attempts > 0 && o.error
          ? t('email.outbox.retrying', { n: o.attempts, at: o.nextAt, error: o.error })
          : t('email.outbox.queued')}
      </p>
      {cancel}
    </div>
  );
}

function Triage(props: EmailPanelProps) {
  const { t } = props.ctx;
  const base = `/email/contacts/${props.contactId}`;
  const htmx = (path: string) => ({
    'hx-post': `${base}/${path}`,
    'hx-target': '#email-panel',
    'hx-swap': 'outerHTML',
  });
  return (
    <div class="triage">
      <h3>{t('email.triage')}</h3>
      <form
        method="post"
        action={`${base}/spam`}
        class="inline"
        {...htmx('spam')}
        data-confirm={props.spam ? undefined : t('email.spam.confirm')}
      >
        <Csrf token={props.ctx.csrfToken} />
        <input type="hidden" name="spam" value={props.spam ? '0' : '1'} />
        <button type="submit">{props.spam ? t('email.spam.unmark') : t('email.spam.mark')}</button>
      </form>
      <form
        method="post"
        action={`${base}/merge`}
        class="merge-form row"
        {...htmx('merge')}
        data-confirm={t('email.merge.confirm')}
      >
        <Csrf token={props.ctx.csrfToken} />
        <Field
          id={`merge-target-${props.contactId}`}
          label={t('email.merge.target')}
          error={props.merge?.error}
          hint={t('email.merge.hint')}
        >
          <input
            id={`merge-target-${props.contactId}`}
            name="target"
            type="text"
            required
            maxlength={40}
            value={props.merge?.value ?? ''}
            aria-invalid={props.merge?.error ? 'true' : undefined}
            aria-describedby={`merge-target-${props.contactId}-hint${props.merge?.error ? ` merge-target-${props.contactId}-error` : ''}`}
          />
        </Field>
        <div class="actions">
          <button type="submit">{t('email.merge.submit')}</button>
        </div>
      </form>
      <p>
        <a href="/email/outbox">{t('email.outbox.link')}</a>
      </p>
    </div>
  );
}
