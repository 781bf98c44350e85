import type { Child } from 'hono/jsx';
import type { PageContext } from '../layout.js';
import { Flash } from '../layout.js';
import { Csrf, Field } from '../components/form.js';
import { PRIORITIES, QUEUES, STATUSES } from '../../src/contacts/contacts.table.js';
import type { ContactView } from '../../src/contacts/contacts.service.js';
import { callEventLabel } from '../calls/call-events.js';
import { emailEventLabel } from '../email/email-events.js';

export interface ContactPageProps {
  ctx: PageContext;
  view: ContactView;
  users: { id: number; name: string }[];
  stamp: (iso: string | null) => string;
  isOverdue: boolean;
  flash?: { kind: 'ok' | 'error' | 'info'; text: string };
  noteValue?: string;
  noteError?: string;
  /** Channel panels (call details, voicemail, email messages and reply box) shown above the timeline. */
  panels?: Child[];
  /** Names of the other agents who have this contact open. */
  present?: string[];
}

const yesNo = (v: number | null) => (v === null ? '?' : v ? '✓' : '✗');

/** A contact's page: what it is about, who called, the actions, the timeline and a note box. */
export function ContactPage(props: ContactPageProps) {
  const { t } = props.ctx;
  const { contact: c, party } = props.view;
  return (
    <article class="contact" data-contact-id={String(c.id)}>
      <p>
        <a href="/contacts">← {t('nav.inbox')}</a>
      </p>
      <h1>
        {c.subject || c.reference} <small class="ref">{c.reference}</small>
      </h1>
      <p
        id="presence"
        class="presence"
        role="status"
        aria-live="polite"
        data-label={t('contact.presence')}
        data-user={String(props.ctx.user?.id ?? '')}
      >
        {props.present?.length ? t('contact.presence', { names: props.present.join(', ') }) : ''}
      </p>
      <p class="meta">
        <span class={`chan chan-${c.channel}`}>{t(`channel.${c.channel}`)}</span> · {t(`direction.${c.direction}`)} ·{' '}
        {props.stamp(c.started_at)}
        {' · '}
        {c.in_office_hours ? t('contact.inHours') : <span class="tag">{t('contact.afterHours')}</span>}
        {c.due_at && (
          <>
            {' '}
            · {t('contact.due')} {props.stamp(c.due_at)}
          </>
        )}
        {props.isOverdue && <span class="tag warn">{t('contact.overdue')}</span>}
      </p>
      <div class="columns">
        <section class="party" aria-labelledby="party-h">
          <h2 id="party-h">{t('contact.party')}</h2>
          {!(party.name || party.org || party.phone || party.email) ? (
            <p class="muted">{t('contact.noParty')}</p>
          ) : (
            <dl>
              {party.name && (
                <>
                  <dt>{t('contact.partyName')}</dt>
                  <dd>{party.name}</dd>
                </>
              )}
              {party.org && (
                <>
                  <dt>{t('contact.partyOrg')}</dt>
                  <dd>{party.org}</dd>
                </>
              )}
              {party.type && (
                <>
                  <dt>{t('contact.partyType')}</dt>
                  <dd>{t(`party.${party.type}` as 'party.other')}</dd>
                </>
              )}
              {party.phone && (
                <>
                  <dt>{t('contact.phone')}</dt>
                  <dd>{party.phone}</dd>
                </>
              )}
              {party.email && (
                <>
                  <dt>{t('contact.email')}</dt>
                  <dd>{party.email}</dd>
                </>
              )}
              {c.language && (
                <>
                  <dt>{t('contact.language')}</dt>
                  <dd>{t(`lang.${c.language}` as 'lang.nl')}</dd>
                </>
              )}
            </dl>
          )}
          <h3>{t('contact.safeContact')}</h3>
          <ul class="safe-flags">
            <li>
              {t('contact.mayCallBack')}: {yesNo(c.may_call_back)}
            </li>
            <li>
              {t('contact.mayVoicemail')}: {yesNo(c.may_leave_voicemail)}
            </li>
            <li>
              {t('contact.mayEmail')}: {yesNo(c.may_email)}
            </li>
            <li>
              {t('contact.viaProfessional')}: {yesNo(c.via_professional_only)}
            </li>
          </ul>
        </section>
        <ContactMain {...props} />
      </div>
    </article>
  );
}

/** The part htmx swaps after every change: the action panel, the timeline and the note box. */
export function ContactMain(props: ContactPageProps) {
  const { t } = props.ctx;
  const { contact: c, events } = props.view;
  return (
    <div id="contact-main" class="main-col">
      {props.flash && <Flash kind={props.flash.kind}>{props.flash.text}</Flash>}
      <form
        method="post"
        action={`/contacts/${c.id}/update`}
        class="panel"
        hx-post={`/contacts/${c.id}/update`}
        hx-target="#contact-main"
        hx-swap="outerHTML"
      >
        <Csrf token={props.ctx.csrfToken} />
        <div class="row">
          <div class="field">
            <label for="u-queue">{t('contact.queue')}</label>
            <select id="u-queue" name="queue">
              {QUEUES.map((q) => (
                <option value={q} selected={c.queue === q}>
                  {t(`queue.${q}`)}
                </option>
              ))}
            </select>
          </div>
          <div class="field">
            <label for="u-status">{t('contact.status')}</label>
            <select id="u-status" name="status">
              {STATUSES.map((s) => (
                <option value={s} selected={c.status === s}>
                  {t(`status.${s}`)}
                </option>
              ))}
            </select>
          </div>
          <div class="field">
            <label for="u-priority">{t('contact.priority')}</label>
            <select id="u-priority" name="priority">
              {PRIORITIES.map((p) => (
                <option value={p} selected={c.priority === p}>
                  {t(`priority.${p}`)}
                </option>
              ))}
            </select>
          </div>
          <div class="field">
            <label for="u-assignee">{t('contact.assignee')}</label>
            <select id="u-assignee" name="assignee">
              <option value="">{t('contact.unassigned')}</option>
              {props.users.map((u) => (
                <option value={String(u.id)} selected={c.assignee_id === u.id}>
                  {u.name}
                </option>
              ))}
            </select>
          </div>
          <div class="actions">
            <button type="submit" class="primary">
              {t('contact.update')}
            </button>
          </div>
        </div>
      </form>
      {c.assignee_id !== props.ctx.user?.id && (
        <form
          method="post"
          action={`/contacts/${c.id}/update`}
          hx-post={`/contacts/${c.id}/update`}
          hx-target="#contact-main"
          hx-swap="outerHTML"
          class="inline"
        >
          <Csrf token={props.ctx.csrfToken} />
          <input type="hidden" name="assignee" value="me" />
          <button type="submit">{t('contact.assignToMe')}</button>
        </form>
      )}
      {(props.panels ?? []).map((p) => (
        <div class="channel-panel">{p}</div>
      ))}
      <section aria-labelledby="timeline-h">
        <h2 id="timeline-h">{t('contact.timeline')}</h2>
        <ol class="timeline" id="timeline">
          {events.map((e) => (
            <TimelineItem ctx={props.ctx} event={e} stamp={props.stamp} />
          ))}
        </ol>
      </section>
      <form
        method="post"
        action={`/contacts/${c.id}/notes`}
        class="note-form stack"
        hx-post={`/contacts/${c.id}/notes`}
        hx-target="#contact-main"
        hx-swap="outerHTML"
      >
        <Csrf token={props.ctx.csrfToken} />
        <Field id="note" label={t('contact.note')} error={props.noteError}>
          <textarea
            id="note"
            name="body"
            data-draft-key={String(c.id)}
            data-draft-field="note"
            rows={4}
            maxlength={20000}
            required
            aria-invalid={props.noteError ? 'true' : undefined}
            aria-describedby={props.noteError ? 'note-error' : undefined}
          >
            {props.noteValue ?? ''}
          </textarea>
        </Field>
        <div class="actions">
          <button type="submit" class="primary">
            {t('contact.addNote')}
          </button>
        </div>
      </form>
    </div>
  );
}

type EventRow = ContactView['events'][number];

/** One line of the timeline: who, when, what; notes and message text shown as text, never as HTML. */
function TimelineItem(props: { ctx: PageContext; event: EventRow; stamp: (iso: string | null) => string }) {
  const { t } = props.ctx;
  const e = props.event;
  let data: Record<string, unknown> = {};
  try {
    data = JSON.parse(e.data) as Record<string, unknown>;
  } catch {
    /* keep empty */
  }
  const s = (k: string) => (typeof data[k] === 'string' || typeof data[k] === 'number' ? String(data[k]) : '');
  const label = (prefix: string, v: string) => (v ? t(`${prefix}.${v}` as 'queue.general') : '—');
  let what: string;
  switch (e.kind) {
    case 'created':
      what = t('event.created');
      break;
    case 'note':
      what = t('event.note');
      break;
    case 'assigned':
      what = t('event.assigned', { to: s('toName') });
      break;
    case 'unassigned':
      what = t('event.unassigned');
      break;
    case 'queue':
      what = t('event.queue', { from: label('queue', s('from')), to: label('queue', s('to')) });
      break;
    case 'status':
      what = t('event.status', { from: label('status', s('from')), to: label('status', s('to')) });
      break;
    case 'priority':
      what = t('event.priority', { from: label('priority', s('from')), to: label('priority', s('to')) });
      break;
    case 'topic':
      what = t('event.topic', { to: s('to') });
      break;
    default:
      what = e.kind.startsWith('call.')
        ? callEventLabel(t, e.kind, data, props.stamp)
        : e.kind.startsWith('email.')
          ? emailEventLabel(t, e.kind, data)
          : s('label') || e.kind;
  }
  return (
    <li class={`event event-${e.kind.replace(/[^\w-]/g, '-')}`}>
      <div class="event-head">
        <strong>{e.actor_name ?? t('event.system')}</strong> {what} <time datetime={e.at}>{props.stamp(e.at)}</time>
      </div>
      {s('body') && <div class="event-body">{s('body')}</div>}
    </li>
  );
}
