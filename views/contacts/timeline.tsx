import type { PageContext } from '../layout.js';
import type { MessageKey, Translate } from '../../src/i18n/i18n.js';

/**
 * The text of an event kind a channel feature owns (`call.*`, `email.*`), or null when it owns none; given to the
 * timeline by the contact page's plug-in registry (src/contacts/contacts.plugin.ts).
 */
export type EventLabeller = (
  t: Translate,
  kind: string,
  data: Record<string, unknown>,
  stamp: (iso: string | null) => string,
) => string | null;

export interface TimelineEvent {
  id: number;
  at: string;
  kind: string;
  data: string;
  actor_name: string | null;
  /** The contact's version the change made (null for a note, which changes no field). */
  version?: number | null;
}

/** A translated label, or the fallback when there is none (a value from before a code list existed). */
export const labelOf = (t: Translate, key: string, fallback: string) => {
  const text = t(key as MessageKey);
  return text === key ? fallback : text;
};

const FLAG_LABELS: Record<string, MessageKey> = {
  mayCallBack: 'contact.mayCallBack',
  mayLeaveVoicemail: 'contact.mayVoicemail',
  mayEmail: 'contact.mayEmail',
  viaProfessionalOnly: 'contact.viaProfessional',
};

/** A safe-contact flag's value in words: yes, no, not asked. */
export const flagText = (t: Translate, v: unknown) =>
  v === 1 || v === true
    ? t('contact.flag.yes')
    : v === 0 || v === false
      ? t('contact.flag.no')
      : t('contact.flag.unknown');

/** The readable text of one timeline event in the reader's language: never a raw code or JSON. */
export function eventText(
  t: Translate,
  kind: string,
  data: Record<string, unknown>,
  stamp: (iso: string | null) => string,
  channelLabel?: EventLabeller,
) {
  const s = (k: string) => (typeof data[k] === 'string' || typeof data[k] === 'number' ? String(data[k]) : '');
  const label = (prefix: string, v: string) => (v ? labelOf(t, `${prefix}.${v}`, v) : '—');
  const list = (prefix: string, v: unknown) =>
    Array.isArray(v) && v.length ? v.map((x) => label(prefix, String(x))).join(', ') : '—';
  switch (kind) {
    case 'created':
      return t('event.created');
    case 'note':
      return t('event.note');
    case 'assigned':
      return t('event.assigned', { to: s('toName') || '—' });
    case 'unassigned':
      return t('event.unassigned');
    case 'queue':
    case 'status':
    case 'priority':
      return t(`event.${kind}`, { from: label(kind, s('from')), to: label(kind, s('to')) });
    case 'topic':
      return t('event.topic', { to: label('topic', s('to')) });
    case 'topics':
      return t('event.topics', { to: list('topic', data.to) });
    case 'subject':
      return t('event.subject', { from: s('from') || '—', to: s('to') || '—' });
    case 'party.name':
      return data.set === false ? t('event.party.nameRemoved') : t('event.party.name');
    case 'party.org':
      return t('event.party.org', { from: s('from') || '—', to: s('to') || '—' });
    case 'party.type':
      return t('event.party.type', { from: label('party', s('from')), to: label('party', s('to')) });
    case 'party.phone':
      return t('event.party.phone', { from: s('from') || '—', to: s('to') || '—' });
    case 'party.email':
      return t('event.party.email', { from: s('from') || '—', to: s('to') || '—' });
    case 'language':
      return t('event.language', { from: label('lang', s('from')), to: label('lang', s('to')) });
    case 'flag':
      return t('event.flag', {
        flag: FLAG_LABELS[s('flag')] ? t(FLAG_LABELS[s('flag')]!) : s('flag'),
        from: flagText(t, data.from),
        to: flagText(t, data.to),
      });
    case 'callback':
      return labelOf(t, `event.callback.${s('outcome')}`, t('event.changed'));
    case 'mistaken':
      return t('event.mistaken');
    case 'not-mistaken':
      return t('event.notMistaken');
    case 'channel':
      return t('event.channel', { from: label('channel', s('from')), to: label('channel', s('to')) });
    default:
      return channelLabel?.(t, kind, data, stamp) ?? (s('label') || t('event.changed'));
  }
}

/** One line of the timeline: who, when, what; notes and message text shown as text, never as HTML. */
export function TimelineItem(props: {
  ctx: PageContext;
  event: TimelineEvent;
  stamp: (iso: string | null) => string;
  eventLabel?: EventLabeller;
}) {
  const { t } = props.ctx;
  const e = props.event;
  let data: Record<string, unknown> = {};
  try {
    data = JSON.parse(e.data) as Record<string, unknown>;
  } catch {
    /* keep empty */
  }
  const body = typeof data.body === 'string' ? data.body : '';
  return (
    <li class={`event event-${e.kind.replace(/[^\w-]/g, '-')}`}>
      <div class="event-head">
        <strong>{e.actor_name ?? t('event.system')}</strong> {eventText(t, e.kind, data, props.stamp, props.eventLabel)}{' '}
        <time datetime={e.at}>{props.stamp(e.at)}</time>
      </div>
      {body && <div class="event-body">{body}</div>}
      {data.purged === true && <div class="event-body event-purged">{t('event.purged')}</div>}
    </li>
  );
}

/** The event kinds an agent's save writes: one per field that changed, the note and a callback. */
const SAVE_KINDS = new Set([
  'note',
  'assigned',
  'unassigned',
  'queue',
  'status',
  'priority',
  'topic',
  'topics',
  'subject',
  'party.name',
  'party.org',
  'party.type',
  'party.phone',
  'party.email',
  'language',
  'flag',
  'callback',
]);

/**
 * The timeline's lines: the events one save wrote (same moment, same person, kinds a save writes) become one
 * line listing every change, so a call's wrap-up is one line and not eleven. Other events stay a line each.
 */
function saveGroups(events: TimelineEvent[]): TimelineEvent[][] {
  const out: TimelineEvent[][] = [];
  for (const e of events) {
    const last = out.at(-1);
    const head = last?.[0];
    // One save: the same moment, person and new version; its note (no version) goes with the changes before it.
    const tail = last?.at(-1);
    const sameSave =
      !!head &&
      !!tail &&
      SAVE_KINDS.has(e.kind) &&
      SAVE_KINDS.has(head.kind) &&
      head.at === e.at &&
      head.actor_name === e.actor_name &&
      tail.kind !== 'note' &&
      (e.kind === 'note' || (e.version ?? null) === (head.version ?? null));
    if (sameSave) last!.push(e);
    else out.push([e]);
  }
  return out;
}

/** One save's line: who, every change in words, when, and the note's text under it. */
function SaveItem(props: {
  ctx: PageContext;
  events: TimelineEvent[];
  stamp: (iso: string | null) => string;
  eventLabel?: EventLabeller;
}) {
  const { t } = props.ctx;
  const parsed = props.events.map((e) => {
    try {
      return { e, data: JSON.parse(e.data) as Record<string, unknown> };
    } catch {
      return { e, data: {} as Record<string, unknown> };
    }
  });
  const head = props.events[0]!;
  const changes = parsed.filter((p) => p.e.kind !== 'note');
  const notes = parsed.filter((p) => p.e.kind === 'note');
  const texts = [
    ...changes.map((p) => eventText(t, p.e.kind, p.data, props.stamp, props.eventLabel)),
    ...notes.map(() => t('event.note')),
  ];
  return (
    <li class={`event event-save${notes.length ? ' event-note' : ''}`}>
      <div class="event-head">
        <strong>{head.actor_name ?? t('event.system')}</strong> {texts.join('; ')}{' '}
        <time datetime={head.at}>{props.stamp(head.at)}</time>
      </div>
      {notes.map((p) =>
        typeof p.data.body === 'string' && p.data.body ? <div class="event-body">{p.data.body}</div> : null,
      )}
      {notes.some((p) => p.data.purged === true) && <div class="event-body event-purged">{t('event.purged')}</div>}
    </li>
  );
}

/** The contact's timeline, one line per save; `oob` marks it for htmx to swap beside the main fragment. */
export function Timeline(props: {
  ctx: PageContext;
  events: TimelineEvent[];
  stamp: (iso: string | null) => string;
  eventLabel?: EventLabeller;
  oob?: boolean;
}) {
  const { t } = props.ctx;
  return (
    <section id="contact-timeline" aria-labelledby="timeline-h" hx-swap-oob={props.oob ? 'true' : undefined}>
      <h2 id="timeline-h">{t('contact.timeline')}</h2>
      <ol class="timeline" id="timeline">
        {saveGroups(props.events).map((g) =>
          g.length === 1 ? (
            <TimelineItem ctx={props.ctx} event={g[0]!} stamp={props.stamp} eventLabel={props.eventLabel} />
          ) : (
            <SaveItem ctx={props.ctx} events={g} stamp={props.stamp} eventLabel={props.eventLabel} />
          ),
        )}
      </ol>
    </section>
  );
}
