import type { PageContext } from '../layout.js';
import { Flash } from '../layout.js';
import { Csrf, Field } from '../components/form.js';
import type { AnswerSnippet } from '../../src/email/answer-library.js';

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
  note: { kind: 'refused'; reference: string } | null;
  idConflict: boolean;
  malformed: boolean;
  autoReason: string | null;
  author: string | null;
  outbox: {
    id: number;
    status: 'queued' | 'sending' | 'sent' | 'failed';
    attempts: number;
    error: string | null;
    nextAt: string;
    sentAt: string;
  } | null;
}

export interface ReplyValues {
  value: string;
  error?: string;
}

export interface EmailPanelProps {
  ctx: PageContext;
  contactId: number;
  reference: string;
  messages: MessageView[];
  replyTo: string | null;
  mayEmail: number | null;
  smtpConfigured: boolean;
  /** Outgoing mail of this contact not sent yet. */
  waiting: number;
  spam: boolean;
  mergedInto: { id: number; reference: string | null } | null;
  mergedFrom: { id: number; reference: string | null }[];
  reply?: ReplyValues;
  merge?: ReplyValues;
  flash?: { kind: 'ok' | 'error' | 'info'; text: string };
  answers: AnswerSnippet[];
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
      {!props.mergedInto && <ReplyForm {...props} />}
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
      {m.note && <p class="mail-note warn">{t('email.refused', { ref: m.note.reference })}</p>}
      {m.idConflict && <p class="mail-note warn">{t('email.idConflict')}</p>}
      {m.malformed && <p class="mail-note warn">{t('email.malformed')}</p>}
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

/** Where an outgoing mail stands: sent, waiting (with the last error), or failed with the reason and a retry button. */
export function OutboxState(props: { ctx: PageContext; o: NonNullable<MessageView['outbox']> }) {
  const { t } = props.ctx;
  const o = props.o;
  if (o.status === 'sent') return <p class="outbox-state sent">{t('email.outbox.sent', { at: o.sentAt })}</p>;
  if (o.status === 'failed') {
    return (
      <div class="outbox-state failed" role="alert">
        <p>{t('email.outbox.failed', { error: o.error ?? '' })}</p>
        <form method="post" action={`/email/outbox/${o.id}/retry`} class="inline">
          <Csrf token={props.ctx.csrfToken} />
          <button type="submit">{t('email.outbox.retry')}</button>
        </form>
      </div>
    );
  }
  if (o.attempts > 0 && o.error)
    return (
      <p class="outbox-state waiting">{t('email.outbox.retrying', { n: o.attempts, at: o.nextAt, error: o.error })}</p>
    );
  return (
    <p class="outbox-state waiting">{o.status === 'sending' ? t('email.outbox.sending') : t('email.outbox.queued')}</p>
  );
}

const flagText = (t: PageContext['t'], may: number | null) =>
  may === 0 ? t('email.reply.mayEmailNo') : may === 1 ? t('email.reply.mayEmailYes') : t('email.reply.mayEmailUnknown');

/** The reply box: the safe-contact flag "may email" and the recipient first, then the text (and the answer library, when there is one). */
export function ReplyForm(
  props: Pick<EmailPanelProps, 'ctx' | 'contactId' | 'replyTo' | 'mayEmail' | 'reply' | 'answers'> & {
    standalone?: boolean;
  },
) {
  const { t } = props.ctx;
  const blocked = props.mayEmail === 0 || !props.replyTo;
  const action = `/email/contacts/${props.contactId}/reply`;
  const err = props.reply?.error;
  return (
    <form
      method="post"
      action={action}
      class="reply-form stack"
      {...(props.standalone ? {} : { 'hx-post': action, 'hx-target': '#email-panel', 'hx-swap': 'outerHTML' })}
    >
      <h3>{t('email.reply.title')}</h3>
      <Csrf token={props.ctx.csrfToken} />
      <p
        class={`safe-flag may-email-${props.mayEmail === null ? 'unknown' : props.mayEmail ? 'yes' : 'no'}`}
        role={props.mayEmail === 0 ? 'alert' : undefined}
      >
        <strong>
          {t('contact.mayEmail')}: {props.mayEmail === null ? '?' : props.mayEmail ? '✓' : '✗'}
        </strong>{' '}
        — {flagText(t, props.mayEmail)}
      </p>
      <p>
        {t('email.reply.to')}: {props.replyTo ?? <span class="warn">{t('email.reply.noAddress')}</span>}
      </p>
      {props.answers.length > 0 && (
        <div class="row">
          <div class="field">
            <label for={`reply-answer-${props.contactId}`}>{t('email.answers.label')}</label>
            <select id={`reply-answer-${props.contactId}`} name="answer">
              {props.answers.map((a) => (
                <option value={a.id}>{a.title}</option>
              ))}
            </select>
          </div>
          <div class="actions">
            <button type="submit" formaction={`${action}/insert`} formnovalidate name="insert" value="1">
              {t('email.answers.insert')}
            </button>
          </div>
        </div>
      )}
      <Field id={`reply-body-${props.contactId}`} label={t('email.reply.body')} error={err}>
        <textarea
          id={`reply-body-${props.contactId}`}
          name="body"
          data-draft-key={String(props.contactId)}
          data-draft-field="reply"
          rows={8}
          maxlength={20000}
          required
          disabled={blocked}
          aria-invalid={err ? 'true' : undefined}
          aria-describedby={err ? `reply-body-${props.contactId}-error` : undefined}
        >
          {props.reply?.value ?? ''}
        </textarea>
      </Field>
      <div class="actions">
        <button type="submit" class="primary" disabled={blocked}>
          {t('email.reply.send')}
        </button>
      </div>
    </form>
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
