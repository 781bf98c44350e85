import type { PageContext } from '../layout.js';
import { CHANNELS, QUEUES, STATUSES } from '../../src/contacts/contacts.table.js';
import type { InboxRow } from '../../src/contacts/contacts.queries.js';

export interface InboxFilterValues {
  q: string;
  queue: string;
  status: string;
  channel: string;
  assignee: string;
  mine: boolean;
  overdue: boolean;
  afterHours: boolean;
  spam: boolean;
}

export interface InboxProps {
  ctx: PageContext;
  filter: InboxFilterValues;
  rows: (InboxRow & { started: string; due: string; isOverdue: boolean })[];
  users: { id: number; name: string }[];
  nextHref?: string;
}

/** The inbox: the filter bar and the list of contacts, newest first. */
export function InboxPage(props: InboxProps) {
  const { t } = props.ctx;
  const f = props.filter;
  return (
    <section>
      <h1>{t('inbox.title')}</h1>
      <form
        method="get"
        action="/contacts"
        class="filters"
        role="search"
        hx-get="/contacts"
        hx-target="#inbox-results"
        hx-swap="outerHTML"
        hx-push-url="true"
        hx-trigger="submit, change, input delay:400ms"
      >
        <div class="field grow">
          <label for="q">{t('inbox.search')}</label>
          <input
            id="q"
            name="q"
            type="search"
            value={f.q}
            maxlength={200}
            placeholder={t('inbox.searchHint')}
            aria-describedby="q-hint"
          />
          <small id="q-hint" class="hint">
            {t('inbox.searchHint')} · /
          </small>
        </div>
        <div class="field">
          <label for="f-queue">{t('contact.queue')}</label>
          <select id="f-queue" name="queue">
            <option value="">{t('inbox.all')}</option>
            {QUEUES.map((q) => (
              <option value={q} selected={f.queue === q}>
                {t(`queue.${q}`)}
              </option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for="f-status">{t('contact.status')}</label>
          <select id="f-status" name="status">
            <option value="">{t('inbox.all')}</option>
            <option value="active" selected={f.status === 'active'}>
              {t('status.new')} / {t('status.open')} / {t('status.waiting')}
            </option>
            {STATUSES.map((s) => (
              <option value={s} selected={f.status === s}>
                {t(`status.${s}`)}
              </option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for="f-channel">{t('contact.channel')}</label>
          <select id="f-channel" name="channel">
            <option value="">{t('inbox.all')}</option>
            {CHANNELS.map((ch) => (
              <option value={ch} selected={f.channel === ch}>
                {t(`channel.${ch}`)}
              </option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for="f-assignee">{t('contact.assignee')}</label>
          <select id="f-assignee" name="assignee">
            <option value="">{t('inbox.all')}</option>
            <option value="none" selected={f.assignee === 'none'}>
              {t('contact.unassigned')}
            </option>
            {props.users.map((u) => (
              <option value={String(u.id)} selected={f.assignee === String(u.id)}>
                {u.name}
              </option>
            ))}
          </select>
        </div>
        <div class="checks">
          <label class="choice">
            <input type="checkbox" name="mine" value="1" checked={f.mine} /> {t('inbox.mine')}
          </label>
          <label class="choice">
            <input type="checkbox" name="overdue" value="1" checked={f.overdue} /> {t('inbox.overdue')}
          </label>
          <label class="choice">
            <input type="checkbox" name="after_hours" value="1" checked={f.afterHours} /> {t('inbox.afterHours')}
          </label>
          <label class="choice">
            <input type="checkbox" name="spam" value="1" checked={f.spam} /> {t('inbox.spam')}
          </label>
        </div>
        <div class="actions">
          <button type="submit">{t('inbox.filter')}</button> <a href="/contacts">{t('inbox.reset')}</a>
        </div>
      </form>
      <InboxResults {...props} />
    </section>
  );
}

/** The result list alone, swapped in by htmx when the filters change. */
export function InboxResults(props: InboxProps) {
  const { t } = props.ctx;
  return (
    <div
      id="inbox-results"
      hx-get="/contacts/results"
      hx-trigger="refresh-inbox from:body"
      hx-include="form.filters"
      hx-target="this"
      hx-swap="outerHTML"
    >
      <p class="count" role="status">
        {t('inbox.count', { n: props.rows.length })}
      </p>
      {props.rows.length === 0 ? (
        <p class="empty">{t('inbox.empty')}</p>
      ) : (
        <table class="list inbox">
          <thead>
            <tr>
              <th>{t('contact.started')}</th>
              <th>{t('contact.subject')}</th>
              <th>{t('contact.party')}</th>
              <th>{t('contact.queue')}</th>
              <th>{t('contact.status')}</th>
              <th>{t('contact.assignee')}</th>
            </tr>
          </thead>
          <tbody>
            {props.rows.map((r) => (
              <tr class={`prio-${r.priority}${r.isOverdue ? ' overdue' : ''}`}>
                <td>
                  <span class={`chan chan-${r.channel}`}>{t(`channel.${r.channel}`)}</span> {r.started}
                  {!r.in_office_hours && <span class="tag">{t('contact.afterHours')}</span>}
                  {r.call_outcome && (
                    <span class={`tag outcome-${r.call_outcome}`}>{t(`calls.outcome.${r.call_outcome}`)}</span>
                  )}
                </td>
                <td>
                  <a href={`/contacts/${r.id}`}>{r.subject || r.reference}</a> <small class="ref">{r.reference}</small>
                  {r.isOverdue && <span class="tag warn">{t('contact.overdue')}</span>}
                </td>
                <td>{[r.party_org, r.party_phone_mask, r.party_email_mask].filter(Boolean).join(' · ')}</td>
                <td>{t(`queue.${r.queue}`)}</td>
                <td>
                  <span class={`status status-${r.status}`}>{t(`status.${r.status}`)}</span>
                  {r.priority !== 'normal' && (
                    <span class={`tag prio-${r.priority}`}>{t(`priority.${r.priority}`)}</span>
                  )}
                </td>
                <td>{r.assignee_name ?? '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {props.nextHref && (
        <p>
          <a
            href={props.nextHref}
            hx-get={props.nextHref}
            hx-target="#inbox-results"
            hx-swap="outerHTML"
            hx-push-url="true"
          >
            {t('inbox.more')} →
          </a>
        </p>
      )}
    </div>
  );
}
