import type { Child } from 'hono/jsx';
import { noSwapOnError } from '../live/live-partial.js';
import { PresenceText } from './presence.js';
import type { PageContext } from '../layout.js';
import { Flash } from '../layout.js';
import { Csrf, Field, Select } from '../components/form.js';
import {
  LANGUAGES,
  PARTY_TYPES,
  PRIORITIES,
  QUEUES,
  SAFE_FLAGS,
  STATUSES,
  TOPICS,
  type SafeFlag,
} from '../../src/contacts/contacts.table.js';
import type { ContactView } from '../../src/contacts/contacts.service.js';
import type { UpdateValues } from '../../src/contacts/contacts.form.js';
import type { MessageKey } from '../../src/i18n/i18n.js';
import { type EventLabeller, flagText, labelOf, Timeline, TimelineItem, type TimelineEvent } from './timeline.js';

export interface ContactPageProps {
  ctx: PageContext;
  view: ContactView;
  users: { id: number; name: string }[];
  stamp: (iso: string | null) => string;
  isOverdue: boolean;
  flash?: { kind: 'ok' | 'error' | 'info'; text: string };
  noteValue?: string;
  noteError?: string;
  /** The note was saved: the (htmx) answer clears the note box; otherwise it is never re-rendered. */
  noteSaved?: boolean;
  /** What the agent posted (after a 409 or 422): shown instead of the stored values, to apply again. */
  values?: UpdateValues;
  errors?: Record<string, string>;
  /** After a 409: what changed since the version the agent's form was drawn from. */
  conflict?: TimelineEvent[];
  /** Channel panels (call details, voicemail, email messages and reply box), never swapped by actions. */
  panels?: Child[];
  /** The timeline texts of the channels' own event kinds (from the plug-in registry). */
  eventLabel?: EventLabeller;
  /** Names of the other agents who have this contact open. */
  present?: string[];
  /** Opened to write the note at once (`?focus=note`, e.g. after taking a call): the note has the focus. */
  focusNote?: boolean;
  /** After an action: the panels that show what a save changes, drawn again in place (by their root's id). */
  redrawn?: { id: string; child: Child }[];
}

const FLAG_LABELS: Record<SafeFlag, MessageKey> = {
  mayCallBack: 'contact.mayCallBack',
  mayLeaveVoicemail: 'contact.mayVoicemail',
  mayEmail: 'contact.mayEmail',
  viaProfessionalOnly: 'contact.viaProfessional',
};
const flagForm = (v: number | null) => (v === null ? '' : v ? 'yes' : 'no');

/**
 * A contact's page. Only `#contact-main` (head, flags, the form with every field, actions) and the timeline are
 * swapped by an action; the channel panels (the reply box) and the note box are never re-rendered while the
 * agent may be typing in them. The note box belongs to the contact form (form="contact-update"), so the note is
 * saved with a change when there is one, and kept in the box otherwise.
 */
export function ContactPage(props: ContactPageProps) {
  const { t } = props.ctx;
  const { contact: c } = props.view;
  return (
    <article class="contact" data-contact-id={String(c.id)}>
      <p>
        <a href="/contacts">← {t('nav.inbox')}</a>
      </p>
      {/* Who else has this contact open: htmx says "still here" every 20 s and when the live stream (re)connects,
          and draws the answer; the live stream redraws it when someone comes or goes (public/presence.js: leaving). */}
      <p
        id="presence"
        class="presence"
        role="status"
        aria-live="polite"
        hx-post={`/live/presence/${c.id}`}
        hx-trigger="load, every 20s, live:ready from:body"
        hx-swap="innerHTML"
        {...noSwapOnError}
      >
        <PresenceText t={t} names={props.present ?? []} />
      </p>
      {/* Filled by app.js when the contact changes after this page was drawn: the form is never redrawn under
          the agent's hands; they choose when to reload (a save meanwhile answers 409 with their input kept). */}
      <p
        id="contact-changed"
        class="flash flash-info"
        role="status"
        aria-live="polite"
        hidden
        data-label={t('contact.changedElsewhere')}
        data-reload={t('contact.reload')}
      />
      <ContactMain {...props} />
      {(props.panels ?? []).map((p) => (
        <div class="channel-panel">{p}</div>
      ))}
      <Timeline ctx={props.ctx} events={props.view.events} stamp={props.stamp} eventLabel={props.eventLabel} />
    </article>
  );
}

/** What htmx gets after an action: the main part, the timeline beside it, and the note box only once saved. */
export function ContactSwap(props: ContactPageProps) {
  return (
    <>
      <ContactMain {...props} />
      <Timeline ctx={props.ctx} events={props.view.events} stamp={props.stamp} eventLabel={props.eventLabel} oob />
      {(props.redrawn ?? []).map((p) => (
        <div hx-swap-oob={`outerHTML strip:true target:#${p.id}`}>{p.child}</div>
      ))}
    </>
  );
}

/**
 * The note, first in the call's wrap-up. It is inside the swapped part but kept as it is (hx-preserve: the same
 * element, its text and the focus in it) unless the answer saved it (drawn empty) or refused it (drawn with
 * what was posted and the message).
 */
function NoteField(props: ContactPageProps) {
  const { t } = props.ctx;
  const redraw = !!(props.noteSaved || props.noteError || props.values?.notes);
  const value = props.noteSaved ? '' : (props.noteValue ?? props.values?.notes ?? '');
  return (
    <div id="note-field" hx-preserve={redraw ? undefined : 'true'}>
      <Field id="note" label={t('contact.note')} error={props.noteError}>
        <textarea
          id="note"
          name="notes"
          form="contact-update"
          data-draft-key={String(props.view.contact.id)}
          data-draft-field="note"
          rows={4}
          maxlength={20000}
          autofocus={props.focusNote || undefined}
          aria-invalid={props.noteError ? 'true' : undefined}
          aria-describedby={props.noteError ? 'note-error' : undefined}
        >
          {value}
        </textarea>
      </Field>
    </div>
  );
}

const FLAG_CHOICES = [
  ['', 'contact.flag.unknown'],
  ['yes', 'contact.flag.yes'],
  ['no', 'contact.flag.no'],
] as const;

/**
 * The call's wrap-up as one group in the order an agent works: note → caller type, name, organisation,
 * language → the four safe-contact flags (radio groups: arrow keys, or j/y, n, o/u which also move on to the next
 * group; public/contact-page.js) → topic (a combobox over the topic names) → save and resolve, or save.
 */
function WrapUp(props: ContactPageProps) {
  const { t } = props.ctx;
  const { contact: c, party } = props.view;
  const v = props.values ?? {};
  const err = props.errors ?? {};
  const val = (k: keyof UpdateValues & string, current: string | null | undefined) =>
    (v[k] as string | undefined) ?? current ?? '';
  const topics = v.topics ?? props.view.topics;
  const menuHint = props.view.topics.length === 0 && c.topic ? c.topic : null;
  const topicDescribed = [err.topicAdd ? 'u-topic-error' : '', 'u-topic-hint'].filter(Boolean).join(' ');
  return (
    <fieldset class="wrap-up" id="wrap-up" data-field-group>
      <legend>{t('contact.wrapUp')}</legend>
      <NoteField {...props} />
      <div class="row" data-field-group>
        <Field id="u-partyType" label={t('contact.partyType')} error={err.partyType}>
          <Select
            id="u-partyType"
            name="partyType"
            value={val('partyType', party.type)}
            error={err.partyType}
            empty="—"
            options={PARTY_TYPES.map((p) => ({ value: p, label: t(`party.${p}`) }))}
          />
        </Field>
        <TextField
          id="u-partyName"
          name="partyName"
          label={t('contact.partyName')}
          max={120}
          value={val('partyName', party.name)}
          error={err.partyName}
        />
        <TextField
          id="u-partyOrg"
          name="partyOrg"
          label={t('contact.partyOrg')}
          max={120}
          value={val('partyOrg', party.org)}
          error={err.partyOrg}
        />
        <Field id="u-language" label={t('contact.language')} error={err.language}>
          <Select
            id="u-language"
            name="language"
            value={val('language', c.language)}
            error={err.language}
            empty="—"
            options={LANGUAGES.map((l) => ({ value: l, label: t(`lang.${l}`) }))}
          />
        </Field>
      </div>
      <div class="flag-groups" data-field-group>
        {(Object.keys(SAFE_FLAGS) as SafeFlag[]).map((k) => {
          const current = val(k, flagForm(c[SAFE_FLAGS[k]]));
          return (
            <fieldset
              class={`flag-group${err[k] ? ' has-error' : ''}`}
              id={`u-${k}`}
              data-flag-group
              aria-describedby={err[k] ? `u-${k}-error` : undefined}
            >
              <legend>{t(FLAG_LABELS[k])}</legend>
              {FLAG_CHOICES.map(([value, label]) => (
                <label class="radio">
                  <input
                    type="radio"
                    id={`u-${k}-${value || 'unknown'}`}
                    name={k}
                    value={value}
                    checked={current === value}
                  />{' '}
                  {t(label)}
                </label>
              ))}
              {err[k] && (
                <small id={`u-${k}-error`} class="error">
                  {err[k]}
                </small>
              )}
            </fieldset>
          );
        })}
      </div>
      <fieldset class="topics" data-field-group aria-describedby={err.topics ? 'u-topics-error' : undefined}>
        <legend>{t('contact.topics')}</legend>
        {menuHint && <p class="muted">{t('contact.menuHint', { hint: labelOf(t, `topic.${menuHint}`, menuHint) })}</p>}
        <input type="hidden" name="topics" value="" />
        {topics.length > 0 && (
          <div class="topic-list">
            {topics.map((code) => (
              <label class="check">
                <input type="checkbox" name="topics" value={code} checked /> {labelOf(t, `topic.${code}`, code)}
              </label>
            ))}
          </div>
        )}
        {err.topics && (
          <small id="u-topics-error" class="error">
            {err.topics}
          </small>
        )}
        <Field id="u-topic" label={t('contact.topicAdd')} error={err.topicAdd} hint={t('contact.topicHint')}>
          <input
            id="u-topic"
            name="topicAdd"
            list="topic-options"
            autocomplete="off"
            maxlength={200}
            data-combobox
            value={v.topicAdd ?? ''}
            aria-invalid={err.topicAdd ? 'true' : undefined}
            aria-describedby={topicDescribed}
          />
        </Field>
        <datalist id="topic-options">
          {TOPICS.filter((code) => !topics.includes(code)).map((code) => (
            <option value={t(`topic.${code}`)} />
          ))}
        </datalist>
      </fieldset>
      <div class="actions">
        <button type="submit" id="note-save" name="intent" value="note">
          {t('contact.addNote')}
        </button>
        <button type="submit" id="u-resolve" name="intent" value="resolve">
          {t('contact.saveResolve')}
        </button>
        <button type="submit" id="u-save" class="primary">
          {t('contact.save')}
        </button>
      </div>
    </fieldset>
  );
}

/** The head (what, when, the safe-contact flags first), messages, and the one form that completes a contact. */
export function ContactMain(props: ContactPageProps) {
  const { t } = props.ctx;
  const { contact: c, party } = props.view;
  const v = props.values ?? {};
  const err = props.errors ?? {};
  const val = (k: keyof UpdateValues & string, current: string | null | undefined) =>
    (v[k] as string | undefined) ?? current ?? '';
  const action = `/contacts/${c.id}/update`;
  return (
    <div id="contact-main" class="main-col">
      <h1>
        {c.subject || c.reference} <small class="ref">{c.reference}</small>
        {c.simulated_by != null && (
          <>
            {' '}
            <span class="tag warn simulated">{t('contact.simulated')}</span>
          </>
        )}
      </h1>
      {c.simulated_by != null && (
        <p class="flash flash-error simulated-note" role="note">
          {t('contact.simulatedBy', { name: c.simulated_by_name ?? '?' })}
        </p>
      )}
      <p class="meta">
        <span class={`chan chan-${c.channel}`}>{t(`channel.${c.channel}`)}</span> · {t(`direction.${c.direction}`)} ·{' '}
        {props.stamp(c.started_at)}
        {' · '}
        {c.in_office_hours ? t('contact.inHours') : <span class="tag">{t('contact.afterHours')}</span>}
        {c.call_outcome && (
          <>
            {' '}
            <span class={`tag outcome outcome-${c.call_outcome}`}>{t(`calls.outcome.${c.call_outcome}`)}</span>
          </>
        )}
        {c.due_at && (
          <>
            {' '}
            · {t('contact.due')} {props.stamp(c.due_at)}
          </>
        )}
        {props.isOverdue && <span class="tag warn">{t('contact.overdue')}</span>}
        {c.spam_at && <span class="tag">{t('inbox.spam')}</span>}
      </p>
      {props.view.topics.length > 0 && (
        <p class="topics-line">
          {t('contact.topics')}:{' '}
          {props.view.topics.map((code) => (
            <span class="tag topic">{labelOf(t, `topic.${code}`, code)}</span>
          ))}
        </p>
      )}
      {c.mistaken_at && (
        <p class="flash flash-info mistaken-banner" role="status">
          {t('contact.mistakenBanner', { when: props.stamp(c.mistaken_at) })}
        </p>
      )}
      <section class="safe-flags-top" aria-labelledby="safe-h">
        <h2 id="safe-h">{t('contact.safeContact')}</h2>
        <p class="muted">{t('contact.flagsFirst')}</p>
        {c.may_call_back === 0 && (
          <p class="no-callback">
            <strong>{t('contact.noCallBack')}</strong>
          </p>
        )}
        <ul class="safe-flags">
          {(Object.keys(SAFE_FLAGS) as SafeFlag[]).map((k) => (
            <li class={`flag flag-${c[SAFE_FLAGS[k]] === 0 ? 'no' : c[SAFE_FLAGS[k]] === 1 ? 'yes' : 'unknown'}`}>
              {t(FLAG_LABELS[k])}: <strong>{flagText(t, c[SAFE_FLAGS[k]])}</strong>
            </li>
          ))}
        </ul>
      </section>
      {props.flash && <Flash kind={props.flash.kind}>{props.flash.text}</Flash>}
      {props.conflict && (
        <section class="conflict" aria-labelledby="conflict-h">
          <h2 id="conflict-h">{t('contact.conflictChanges')}</h2>
          <ol class="timeline">
            {props.conflict.map((e) => (
              <TimelineItem ctx={props.ctx} event={e} stamp={props.stamp} eventLabel={props.eventLabel} />
            ))}
          </ol>
          <p>{t('contact.conflictKept')}</p>
        </section>
      )}
      <form
        id="contact-update"
        method="post"
        action={action}
        hx-post={action}
        hx-target="#contact-main"
        hx-swap="outerHTML"
        data-draft-key={String(c.id)}
        data-draft-field="form"
      >
        <Csrf token={props.ctx.csrfToken} />
        <input type="hidden" name="version" value={String(c.version)} />
        {err.version && (
          <p class="error" id="version-error">
            {err.version}
          </p>
        )}
        <div class="panel handling">
          <div class="row">
            <Field id="u-queue" label={t('contact.queue')} error={err.queue}>
              <Select
                id="u-queue"
                name="queue"
                value={val('queue', c.queue)}
                error={err.queue}
                options={QUEUES.map((q) => ({ value: q, label: t(`queue.${q}`) }))}
              />
            </Field>
            <Field id="u-status" label={t('contact.status')} error={err.status}>
              <Select
                id="u-status"
                name="status"
                value={val('status', c.status)}
                error={err.status}
                options={STATUSES.map((s) => ({ value: s, label: t(`status.${s}`) }))}
              />
            </Field>
            <Field id="u-priority" label={t('contact.priority')} error={err.priority}>
              <Select
                id="u-priority"
                name="priority"
                value={val('priority', c.priority)}
                error={err.priority}
                options={PRIORITIES.map((p) => ({ value: p, label: t(`priority.${p}`) }))}
              />
            </Field>
            <Field id="u-assignee" label={t('contact.assignee')} error={err.assignee}>
              <Select
                id="u-assignee"
                name="assignee"
                value={val('assignee', c.assignee_id === null ? '' : String(c.assignee_id))}
                error={err.assignee}
                empty={t('contact.unassigned')}
                options={props.users.map((u) => ({ value: String(u.id), label: u.name }))}
              />
            </Field>
            <div class="actions take">
              <button type="submit" id="u-take" name="intent" value="take">
                {t('contact.assignToMe')}
              </button>
            </div>
          </div>
        </div>
        <WrapUp {...props} />
        {(c.channel === 'phone' || c.channel === 'voicemail' || !!party.phone) && (
          <fieldset class="callback">
            <legend>{t('contact.callback.title')}</legend>
            {c.may_call_back === 0 ? (
              <p class="no-callback">{t('contact.noCallBack')}</p>
            ) : (
              <div class="actions">
                <button type="submit" id="cb-reached" name="intent" value="callback-reached">
                  {t('contact.callback.reached')}
                </button>
                <button type="submit" id="cb-no-answer" name="intent" value="callback-no-answer">
                  {t('contact.callback.noAnswer')}
                </button>
                {c.may_leave_voicemail !== 0 && (
                  <button type="submit" id="cb-voicemail" name="intent" value="callback-voicemail">
                    {t('contact.callback.voicemail')}
                  </button>
                )}
              </div>
            )}
          </fieldset>
        )}
        <fieldset class="details">
          <legend>{t('contact.edit')}</legend>
          <Field id="u-subject" label={t('contact.subject')} error={err.subject}>
            <input
              id="u-subject"
              name="subject"
              maxlength={200}
              value={val('subject', c.subject)}
              aria-invalid={err.subject ? 'true' : undefined}
              aria-describedby={err.subject ? 'u-subject-error' : undefined}
            />
          </Field>
          <div class="row">
            <TextField
              id="u-phone"
              name="phone"
              type="tel"
              label={t('contact.phone')}
              max={40}
              value={val('phone', party.phone)}
              error={err.phone}
            />
            <TextField
              id="u-email"
              name="email"
              type="email"
              label={t('contact.email')}
              max={254}
              value={val('email', party.email)}
              error={err.email}
            />
          </div>
          <div class="actions">
            <button type="submit" id="u-save-details">
              {t('contact.save')}
            </button>
          </div>
        </fieldset>
      </form>
      <form
        method="post"
        action={`/contacts/${c.id}/mistaken`}
        hx-post={`/contacts/${c.id}/mistaken`}
        hx-target="#contact-main"
        hx-swap="outerHTML"
        class="inline mistaken-form"
      >
        <Csrf token={props.ctx.csrfToken} />
        <input type="hidden" name="version" value={String(c.version)} />
        <input type="hidden" name="mistaken" value={c.mistaken_at ? 'no' : 'yes'} />
        <button type="submit" id="u-mistaken">
          {c.mistaken_at ? t('contact.unmarkMistaken') : t('contact.markMistaken')}
        </button>
      </form>
    </div>
  );
}

function TextField(props: {
  id: string;
  name: string;
  label: string;
  value: string;
  max: number;
  type?: string;
  error?: string;
}) {
  return (
    <Field id={props.id} label={props.label} error={props.error}>
      <input
        id={props.id}
        name={props.name}
        type={props.type ?? 'text'}
        maxlength={props.max}
        value={props.value}
        aria-invalid={props.error ? 'true' : undefined}
        aria-describedby={props.error ? `${props.id}-error` : undefined}
      />
    </Field>
  );
}
