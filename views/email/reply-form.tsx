import type { PageContext } from '../layout.js';
import { Flash } from '../layout.js';
import { Csrf, Field } from '../components/form.js';
import type { EmailPanelProps, ReplyValues } from './thread.js';

const flagText = (t: PageContext['t'], may: number | null) =>
  may === 0 ? t('email.reply.mayEmailNo') : may === 1 ? t('email.reply.mayEmailYes') : t('email.reply.mayEmailUnknown');
const viaText = (t: PageContext['t'], via: number | null) =>
  via === 1
    ? t('email.reply.viaProfessionalYes')
    : via === 0
      ? t('email.reply.viaProfessionalNo')
      : t('email.reply.viaProfessionalUnknown');
const mark = (v: number | null) => (v === null ? '?' : v ? '✓' : '✗');

/**
 * The reply box: the safe-contact flags and the recipient first, then the text (and the answer library, when
 * there is one), the reply's language, what is added below the text (signature, quoted message) and the three
 * ways to send. It carries the newest message the agent saw (and the contact's version), so a reply written
 * while the conversation changed is refused as stale with the text kept.
 */
export function ReplyForm(
  props: Pick<
    EmailPanelProps,
    | 'ctx'
    | 'contactId'
    | 'replyTo'
    | 'mayEmail'
    | 'viaProfessionalOnly'
    | 'recipientIsProfessional'
    | 'replyExtras'
    | 'reply'
    | 'answers'
    | 'answersNotice'
  > & {
    standalone?: boolean;
  },
) {
  const { t } = props.ctx;
  const viaBlocked = props.viaProfessionalOnly === 1 && !props.recipientIsProfessional;
  const blocked = props.mayEmail === 0 || viaBlocked || !props.replyTo;
  const action = `/email/contacts/${props.contactId}/reply`;
  const err = props.reply?.error;
  const x = props.replyExtras;
  const lang = props.reply?.lang ?? x.lang;
  const langName = (l: 'nl' | 'en') => t(`lang.${l}`);
  const bodyId = `reply-body-${props.contactId}`;
  return (
    <form
      method="post"
      action={action}
      class="reply-form stack"
      {...(props.standalone ? {} : { 'hx-post': action, 'hx-target': '#email-panel', 'hx-swap': 'outerHTML' })}
    >
      <h3>{t('email.reply.title')}</h3>
      <Csrf token={props.ctx.csrfToken} />
      <input type="hidden" name="last_message" value={x.lastMessageId === null ? '' : String(x.lastMessageId)} />
      {x.version !== null && <input type="hidden" name="version" value={String(x.version)} />}
      {props.reply?.macro && (
        <>
          <input type="hidden" name="macro" value={props.reply.macro.answerId} />
          <p class="flash flash-info" role="status">
            {props.reply.macro.label}
          </p>
        </>
      )}
      <div class="safe-flags">
        <p
          class={`safe-flag may-email-${props.mayEmail === null ? 'unknown' : props.mayEmail ? 'yes' : 'no'}`}
          role={props.mayEmail === 0 ? 'alert' : undefined}
        >
          <strong>
            {t('contact.mayEmail')}: {mark(props.mayEmail)}
          </strong>{' '}
          — {flagText(t, props.mayEmail)}
        </p>
        <p
          class={`safe-flag via-professional-${props.viaProfessionalOnly === null ? 'unknown' : props.viaProfessionalOnly ? 'yes' : 'no'}`}
          role={viaBlocked ? 'alert' : undefined}
        >
          <strong>
            {t('contact.viaProfessional')}: {mark(props.viaProfessionalOnly)}
          </strong>{' '}
          — {viaBlocked ? t('email.reply.viaProfessionalBlocked') : viaText(t, props.viaProfessionalOnly)}
        </p>
      </div>
      <p>
        {t('email.reply.to')}: {props.replyTo ?? <span class="warn">{t('email.reply.noAddress')}</span>}
      </p>
      <ReplyAnswers
        ctx={props.ctx}
        contactId={props.contactId}
        answers={props.answers}
        answersNotice={props.answersNotice}
        standalone={props.standalone}
      />
      <Field id={bodyId} label={t('email.reply.body')} error={err}>
        <textarea
          id={bodyId}
          name="body"
          data-draft-key={String(props.contactId)}
          data-draft-field="reply"
          rows={8}
          maxlength={20000}
          required
          disabled={blocked}
          aria-invalid={err ? 'true' : undefined}
          aria-describedby={err ? `${bodyId}-error` : undefined}
        >
          {props.reply?.value ?? ''}
        </textarea>
      </Field>
      <div class="field">
        <label for={`reply-lang-${props.contactId}`}>{t('email.reply.lang')}</label>
        <select
          id={`reply-lang-${props.contactId}`}
          name="lang"
          disabled={blocked}
          aria-controls={props.answers.length > 0 ? `reply-answers-${props.contactId}` : undefined}
          {...(props.standalone || props.answers.length === 0
            ? {}
            : {
                // The answers follow the reply's language at once (without JavaScript, on the next insert).
                'hx-get': `${action}/answers`,
                'hx-trigger': 'change',
                'hx-target': `#reply-answers-${props.contactId}`,
                'hx-swap': 'outerHTML',
              })}
        >
          {(['nl', 'en'] as const).map((l) => (
            <option value={l} selected={l === lang}>
              {langName(l)}
            </option>
          ))}
        </select>
      </div>
      <details class="reply-added">
        <summary>{t('email.reply.added')}</summary>
        {(['nl', 'en'] as const).map((l) =>
          x.signatures[l] ? (
            <div class="reply-signature">
              <p class="muted">{t('email.reply.signatureOf', { lang: langName(l) })}</p>
              <pre class="mail-text">{`-- \n${x.signatures[l]}`}</pre>
            </div>
          ) : (
            <p class="muted">
              {t('email.reply.noSignature', { lang: langName(l) })} <a href="/account">{t('nav.account')}</a>
            </p>
          ),
        )}
        {x.quoted && <p class="muted">{t('email.reply.quoteOf', { date: x.quoted.date, sender: x.quoted.sender })}</p>}
      </details>
      <div class="actions">
        <button type="submit" class="primary" disabled={blocked}>
          {t('email.reply.send')}
        </button>
        <button type="submit" name="after" value="waiting" disabled={blocked}>
          {t('email.reply.sendWait')}
        </button>
        <button type="submit" name="after" value="resolved" disabled={blocked}>
          {t('email.reply.sendResolve')}
        </button>
      </div>
    </form>
  );
}

/**
 * The answer library in the reply box: the answers in the reply's language first, the other language's after
 * them in their own group, with "Insert" and "Insert and apply". Redrawn on its own when the reply's language
 * changes.
 */
export function ReplyAnswers(
  props: Pick<EmailPanelProps, 'ctx' | 'contactId' | 'answers' | 'answersNotice'> & { standalone?: boolean },
) {
  const { t } = props.ctx;
  const action = `/email/contacts/${props.contactId}/reply`;
  const groups: { language: 'nl' | 'en' | undefined; answers: typeof props.answers }[] = [];
  for (const a of props.answers) {
    const last = groups.at(-1);
    if (last && last.language === a.language) last.answers.push(a);
    else groups.push({ language: a.language, answers: [a] });
  }
  if (props.answers.length === 0) return <div id={`reply-answers-${props.contactId}`} hidden></div>;
  const button = (name: 'insert' | 'apply') => (
    // htmx 4 ignores formaction on a form with hx-post: the button carries its own request.
    <button
      type="submit"
      formaction={`${action}/insert`}
      formnovalidate
      name={name}
      value="1"
      {...(props.standalone
        ? {}
        : { 'hx-post': `${action}/insert`, 'hx-target': '#email-panel', 'hx-swap': 'outerHTML' })}
    >
      {name === 'insert' ? t('email.answers.insert') : t('email.answers.apply')}
    </button>
  );
  return (
    <div class="row reply-answers" id={`reply-answers-${props.contactId}`}>
      {props.answersNotice && (
        <p class="flash flash-info answers-notice" role="status">
          {props.answersNotice}
        </p>
      )}
      <div class="field">
        <label for={`reply-answer-${props.contactId}`}>{t('email.answers.label')}</label>
        <select id={`reply-answer-${props.contactId}`} name="answer">
          {groups.map((g) =>
            g.language && groups.length > 1 ? (
              <optgroup label={t(`lang.${g.language}`)} data-language={g.language}>
                {g.answers.map((a) => (
                  <option value={a.id}>{a.title}</option>
                ))}
              </optgroup>
            ) : (
              g.answers.map((a) => <option value={a.id}>{a.title}</option>)
            ),
          )}
        </select>
      </div>
      <div class="actions">
        {button('insert')}
        {button('apply')}
      </div>
    </div>
  );
}

/** A reply refused where no reply box is offered (a spam contact): the reason, and the agent's text to copy. */
export function RefusedReply(props: { ctx: PageContext; contactId: number; reply: ReplyValues }) {
  const { t } = props.ctx;
  const id = `reply-refused-${props.contactId}`;
  return (
    <div class="reply-refused">
      {props.reply.error && <Flash kind="error">{props.reply.error}</Flash>}
      {props.reply.value && (
        <div class="field">
          <label for={id}>{t('email.reply.body')}</label>
          <textarea id={id} rows={4} readonly>
            {props.reply.value}
          </textarea>
        </div>
      )}
    </div>
  );
}
