import type { PageContext } from '../layout.js';
import { noSwapOnError } from '../live/live-partial.js';
import { CHANNELS, QUEUES, STATUSES, TOPICS } from '../../src/contacts/contacts.table.js';
import type { InboxRow } from '../../src/contacts/contacts.queries.js';

interface InboxFilterValues {
  q: string;
  queue: string;
  status: string;
  channel: string;
  assignee: string;
  mine: boolean;
  overdue: boolean;
  afterHours: boolean;
  spam: boolean;
  /** docs/contract.md `?topic=` and `?urgent=1` (optional: routing, issue 10). */
  topic?: string;
  urgent?: boolean;
}

export interface InboxProps {
  ctx: PageContext;
  filter: InboxFilterValues;
  rows: (InboxRow & { started: string; due: string; isOverdue: boolean })[];
  users: { id: number; name: string }[];
  nextHref?: string;
  /** The highest contact id when the list was drawn: what arrives after it is "new". */
  lastId: number;
  /** Open contacts per queue. */
  perQueue: Partial<Record<(typeof QUEUES)[number], number>>;
  /** The inbox with the same filters in another queue ('' for all queues). */
  queueHref: (queue: string) => string;
}

/** The inbox: the filter bar, an announcement of new contacts, and the list, most urgent first. */
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
            <option value="" selected={f.status === '' || f.status === 'active'}>
              {t('inbox.statusOpen')}
            </option>
            {STATUSES.map((s) => (
              <option value={s} selected={f.status === s}>
                {t(`status.${s}`)}
              </option>
            ))}
            <option value="all" selected={f.status === 'all'}>
              {t('inbox.statusAll')}
            </option>
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
        <div class="field">
          <label for="f-topic">{t('routing.topic')}</label>
          <select id="f-topic" name="topic">
            <option value="">{t('inbox.all')}</option>
            {TOPICS.map((code) => (
              <option value={code} selected={f.topic === code}>
                {t(`topic.${code}`)}
              </option>
            ))}
          </select>
        </div>
        <div class="checks">
          <label class="choice">
            <input type="checkbox" name="urgent" value="1" checked={!!f.urgent} /> {t('inbox.urgent')}
          </label>
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
      {/* Live: on every new contact htmx asks how many match the filters since the list was drawn and announces
          them here; a change to a listed contact is announced by the live stream itself (src/live). */}
      <p
        id="inbox-news"
        class="news"
        role="status"
        aria-live="polite"
        hx-get="/contacts/fresh"
        hx-trigger="contact.created from:body delay:300ms"
        hx-include="form.filters, #inbox-after"
        hx-swap="innerMorph"
        {...noSwapOnError}
      ></p>
      <InboxResults {...props} />
    </section>
  );
}

/**
 * The result list alone, swapped in by htmx when the filters change. A live update never redraws it (that
 * would move the page and the focus): new contacts are announced in #inbox-news instead.
 */
export function InboxResults(props: InboxProps) {
  const { t } = props.ctx;
  const total = QUEUES.reduce((n, q) => n + (props.perQueue[q] ?? 0), 0);
  return (
    <div id="inbox-results" data-since={String(props.lastId)}>
      <input type="hidden" id="inbox-after" name="after" value={String(props.lastId)} />
      <nav class="queue-tabs" aria-label={t('inbox.queues')}>
        <a href={props.queueHref('')} aria-current={props.filter.queue === '' ? 'page' : undefined}>
          {t('inbox.allQueues')} <span class="n">{t('inbox.openCount', { n: total })}</span>
        </a>
        {QUEUES.map((q) => (
          <a href={props.queueHref(q)} aria-current={props.filter.queue === q ? 'page' : undefined} data-queue={q}>
            {t(`queue.${q}`)} <span class="n">{t('inbox.openCount', { n: props.perQueue[q] ?? 0 })}</span>
          </a>
        ))}
      </nav>
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
              <tr class={`prio-${r.priority}${r.isOverdue ? ' overdue' : ''}`} data-id={String(r.id)}>
                <td>
                  <span class={`chan chan-${r.channel}`}>{t(`channel.${r.channel}`)}</span> {r.started}
                  {!r.in_office_hours && <span class="tag">{t('contact.afterHours')}</span>}
                  {r.call_outcome && (
                    <span class={`tag outcome-${r.call_outcome}`}>{t(`calls.outcome.${r.call_outcome}`)}</span>
                  )}
                </td>
                <td>
                  <a href={`/contacts/${r.id}`}>{r.subject || r.reference}</a> <small class="ref">{r.reference}</small>
                  {r.simulated_by != null && <span class="tag warn simulated">{t('contact.simulated')}</span>}
                  {r.isOverdue && <span class="tag warn">{t('contact.overdue')}</span>}
                  {(r.sender_auth === 'failed' || r.sender_auth === 'refused') && (
                    <span class={`tag warn sender-${r.sender_auth}`}>{t(`inbox.sender.${r.sender_auth}`)}</span>
                  )}
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
