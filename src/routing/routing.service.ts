import lexicon from './lexicon.json' with { type: 'json' };
import type { Executor } from '../db/database.js';
import { type Classification, type ClassifyHint, classify } from './classifier.js';
import {
  findRouting,
  incomingMailTexts,
  insertCorrection,
  listLegalQueue,
  markRoutedByAgent,
  topicsOfContacts,
  transcriptionsOf,
  upsertRouting,
  type RoutingRow,
} from './routing.queries.js';
import type { RoutedQueue, Topic } from './topics.js';
import type { Deps } from '../deps.js';
import type { Trx } from '../db/database.js';
import type { Priority, Queue } from '../contacts/contacts.table.js';
import { changeContactIn, type ContactChange } from '../contacts/contacts.service.js';
import { type ContactRow, findContactForChange, listEvents, listTopics } from '../contacts/contacts.queries.js';
import type { PageContext } from '../../views/layout.js';
import type { ContactRoutingProps } from '../../views/routing/contact-routing.js';
import { createTranslate, type MessageKey } from '../i18n/i18n.js';
import { highlight as highlightText, type Segment } from './highlight.js';
import { libraryByTopic } from './answers.service.js';
export { highlight } from './highlight.js';

/** The lexicon's version, kept with each correction so the report can tell which lexicon was overruled. */
export const LEXICON_VERSION: string = lexicon.version;

/** Longest text the classify endpoint accepts (characters); the classifier itself reads at most 20,000. */
export const MAX_CLASSIFY_TEXT = 100_000;

/** The routing suggestion for a text and an optional IVR menu hint (what the live suggestion shows). */
export function suggestFor(text: string, hint: ClassifyHint = {}): Classification {
  return classify(text, hint);
}

/**
 * The suggestion for a contact's words: an email's subject and body, a voicemail's transcription, a call's or a
 * hand-logged contact's notes — the subject counts like a line of the body. For phase 2's ingest and changes.
 */
export function classifyContactText(parts: {
  subject?: string | null;
  body?: string | null;
  hint?: ClassifyHint;
}): Classification {
  return classify([parts.subject ?? '', parts.body ?? ''].filter(Boolean).join('\n'), parts.hint ?? {});
}

/**
 * Keeps an agent's override of the suggestion, in the caller's transaction (the contact change that applies
 * it writes the timeline event and the audit entry). Stores codes only, never text.
 */
async function recordCorrection(
  trx: Executor,
  c: {
    contactId: number;
    userId: number | null;
    at: string;
    suggested: Pick<Classification, 'queue' | 'urgent'> & { topics: readonly (Topic | { topic: Topic })[] };
    chosen: { queue: RoutedQueue | string; topics: readonly string[] };
  },
): Promise<number> {
  return insertCorrection(trx, {
    contactId: c.contactId,
    at: c.at,
    userId: c.userId,
    lexiconVersion: LEXICON_VERSION,
    suggested: {
      queue: c.suggested.queue,
      urgent: c.suggested.urgent,
      topics: c.suggested.topics.map((t) => (typeof t === 'string' ? t : t.topic)),
    },
    chosen: { queue: c.chosen.queue, topics: [...c.chosen.topics] },
  });
}

/** Where the words a contact is routed by came from (contact_routing.source). */
export type RoutingSource = 'email' | 'voicemail' | 'manual' | 'note' | 'call';

export interface RouteOptions {
  /** The IVR menu choice: a strong hint, not the final word. */
  hint?: ClassifyHint;
  source: RoutingSource;
  /** The agent chose the queue themselves (a hand-logged contact): set topics and flags, keep the queue. */
  keepQueue?: boolean;
}

const informative = (s: Classification) => s.topics.length > 0 || s.urgent || s.minor;

/**
 * Routing where words arrive (docs/product.md §5): classifies the words, stores the suggestion with the contact and — on a
 * contact no agent has routed yet — sets its topics, queue (not while it waits in the after-hours queue, which
 * only the review decides) and priority `urgent` through the contacts' one change function, with a system event
 * `routing.applied`. On a contact an agent has routed, it only stores the suggestion. Words that name no topic
 * and no danger (a "thanks", a signature) leave the earlier suggestion as it was. In the caller's transaction.
 */
export async function routeContactIn(
  deps: Deps,
  trx: Trx,
  contactId: number,
  text: string | { subject?: string | null; body?: string | null },
  opts: RouteOptions,
): Promise<Classification> {
  const s =
    typeof text === 'string' ? classify(text, opts.hint ?? {}) : classifyContactText({ ...text, hint: opts.hint });
  const prev = await findRouting(trx, contactId);
  if (prev && !informative(s)) return s;
  await storeSuggestionIn(deps, trx, contactId, s, opts.source);
  if (!informative(s) || prev?.routed_by_agent) return s;
  const c = await findContactForChange(trx, contactId);
  if (!c) return s;
  const current = await listTopics(trx, contactId);
  const topics = [...new Set([...s.topics.map((x) => x.topic), ...current])];
  const change: ContactChange = {};
  if (topics.join(',') !== current.join(',')) change.topics = topics;
  if (!opts.keepQueue && c.queue !== 'after-hours' && c.queue !== s.queue && s.topics.length + (s.urgent ? 1 : 0) > 0)
    change.queue = s.queue;
  if (s.urgent && c.priority !== 'urgent') change.priority = 'urgent';
  if (!Object.keys(change).length) return s;
  const t = createTranslate(deps.config.defaultLocale);
  const label = t('routing.event.applied', {
    topics: s.topics.map((x) => t(`topic.${x.topic}` as MessageKey)).join(', ') || '—',
    queue: t(`queue.${change.queue ?? c.queue}` as MessageKey),
  });
  await changeContactIn(
    deps,
    trx,
    contactId,
    change,
    { id: null },
    {
      events: [
        {
          kind: 'routing.applied',
          data: { label, source: opts.source, topics: s.topics.map((x) => x.topic), queue: s.queue, urgent: s.urgent },
        },
      ],
      auditDetails: { via: 'routing', source: opts.source },
    },
  );
  return s;
}

/**
 * Routing for a contact about to be created (a mail that starts a thread, a contact logged by hand): the new
 * contact's topics, queue (unless it waits in the after-hours queue or the agent chose one: `keepQueue`) and
 * priority `urgent` when urgent, so it is born routed at version 1. Store the suggestion with
 * `storeSuggestionIn` once the contact has its id.
 */
export function routeNewContact<
  T extends { queue?: Queue; priority?: Priority; topics?: string[]; eventData?: Record<string, unknown> },
>(
  input: T,
  text: string | { subject?: string | null; body?: string | null },
  opts: Omit<RouteOptions, 'source'> = {},
): { input: T; suggestion: Classification } {
  const s =
    typeof text === 'string' ? classify(text, opts.hint ?? {}) : classifyContactText({ ...text, hint: opts.hint });
  if (!informative(s)) return { input, suggestion: s };
  const out: T = { ...input, topics: s.topics.map((x) => x.topic) };
  if (!opts.keepQueue && (input.queue ?? 'general') !== 'after-hours' && (s.topics.length || s.urgent))
    out.queue = s.queue;
  if (s.urgent) out.priority = 'urgent';
  out.eventData = { ...input.eventData, routed: { topics: out.topics, queue: s.queue, urgent: s.urgent } };
  return { input: out, suggestion: s };
}

/** Stores a new contact's suggestion (see routeNewContact), in the caller's transaction or on its own. */
export async function storeSuggestionIn(
  deps: Deps,
  db: Executor,
  contactId: number,
  s: Classification,
  source: RoutingSource,
): Promise<void> {
  await upsertRouting(db, {
    contactId,
    topics: s.topics,
    queue: s.queue,
    urgent: s.urgent,
    minor: s.minor,
    lexiconVersion: LEXICON_VERSION,
    at: deps.clock().toISOString(),
    source,
  });
}

const sameSet = (a: readonly string[], b: readonly string[]) =>
  a.length === b.length && [...a].sort().join(',') === [...b].sort().join(',');

/**
 * After an agent's change of a contact's topics or queue (the contacts' `changed` hook, in the change's
 * transaction): the contact now counts as routed by an agent (new words only suggest), and when the choice
 * differs from the stored suggestion it is kept as a correction (codes only) for the accuracy report. The
 * change itself, its timeline and audit entries were written by the contacts' change function.
 */
export async function noteAgentRoutingIn(
  deps: Deps,
  trx: Trx,
  contactId: number,
  changedFields: readonly string[],
  actor: { id: number | null },
  note?: string,
): Promise<{ corrected: boolean }> {
  if (!changedFields.some((f) => f === 'topics' || f === 'queue')) return { corrected: false };
  const now = deps.clock().toISOString();
  const c = await findContactForChange(trx, contactId);
  if (!c) return { corrected: false };
  // A note saved with the choice is what the agent saw suggested while typing: it becomes the suggestion.
  const fromNote = note ? classify(note) : null;
  if (fromNote && informative(fromNote)) await storeSuggestionIn(deps, trx, contactId, fromNote, 'note');
  const prev = await findRouting(trx, contactId);
  if (!prev) {
    // Never classified (no words yet): remember the agent routed it, with an empty suggestion.
    await upsertRouting(trx, {
      contactId,
      topics: [],
      queue: 'general',
      urgent: false,
      minor: false,
      lexiconVersion: LEXICON_VERSION,
      at: now,
      source: 'manual',
    });
    await markRoutedByAgent(trx, contactId, actor.id, now);
    return { corrected: false };
  }
  await markRoutedByAgent(trx, contactId, actor.id, now);
  const suggested = parseTopics(prev);
  const chosenTopics = await listTopics(trx, contactId);
  const differs =
    !sameSet(
      suggested.map((x) => x.topic),
      chosenTopics,
    ) ||
    (prev.queue !== c.queue && c.queue !== 'after-hours');
  if (!differs) return { corrected: false };
  await recordCorrection(trx, {
    contactId,
    userId: actor.id,
    at: now,
    suggested: { queue: prev.queue as RoutedQueue, urgent: !!prev.urgent, topics: suggested.map((x) => x.topic) },
    chosen: { queue: c.queue, topics: chosenTopics },
  });
  return { corrected: true };
}

function parseTopics(r: Pick<RoutingRow, 'topics'>): { topic: Topic; score: number; matched: string[] }[] {
  try {
    const v = JSON.parse(r.topics) as unknown;
    return Array.isArray(v) ? (v as { topic: Topic; score: number; matched: string[] }[]) : [];
  } catch {
    return [];
  }
}

interface RoutingText {
  kind: 'note' | 'email' | 'voicemail';
  segments: Segment[];
  truncated: boolean;
}

/** How much of one text the contact page highlights. */
const EXCERPT_CHARS = 2_000;

function excerpt(kind: RoutingText['kind'], text: string): RoutingText | null {
  const t = text.trim();
  if (!t) return null;
  const cut = t.slice(0, EXCERPT_CHARS);
  const segments = highlightText(cut);
  if (!segments.some((x) => x.mark)) return null;
  return { kind, segments, truncated: t.length > cut.length };
}

/**
 * What the contact page shows about routing: the stored suggestion with its matched words, whether an agent
 * routed the contact and whether their choice differs from the suggestion, and the contact's words (notes,
 * incoming mail, voicemail transcriptions) cut into plain and marked segments. Read with the contact's page
 * (whose view is audited).
 */
async function contactRouting(
  deps: Deps,
  contact: { id: number; queue: string; priority: string },
  topics: readonly string[],
  notes: readonly string[],
) {
  const row = await findRouting(deps.db, contact.id);
  const [mails, recs] = await Promise.all([
    incomingMailTexts(deps.db, contact.id),
    transcriptionsOf(deps.db, contact.id),
  ]);
  const texts: RoutingText[] = [];
  for (const n of notes.slice(-5)) {
    const e = excerpt('note', n);
    if (e) texts.push(e);
  }
  for (const m of mails) {
    const e = excerpt('email', `${m.subject}\n${m.text_body ?? ''}`);
    if (e) texts.push(e);
  }
  for (const r of recs) {
    const e = excerpt('voicemail', deps.crypto.decrypt(r.transcription_text) ?? '');
    if (e) texts.push(e);
  }
  if (!row) return { suggestion: null, routedByAgent: false, differs: false, texts };
  const suggestion = {
    queue: row.queue as RoutedQueue,
    urgent: !!row.urgent,
    minor: !!row.minor,
    topics: parseTopics(row),
    at: row.at,
    source: row.source,
    lexiconVersion: row.lexicon_version,
  };
  const differs =
    !sameSet(
      suggestion.topics.map((x) => x.topic),
      topics,
    ) ||
    (contact.queue !== 'after-hours' && contact.queue !== suggestion.queue) ||
    (suggestion.urgent && contact.priority !== 'urgent');
  return { suggestion, routedByAgent: !!row.routed_by_agent, differs, texts };
}

/**
 * The legal queue (docs/product.md §5): open legal contacts grouped by topic, each contact once — under its first topic, its
 * other topics named beside it (`alsoTopics`); one without a topic under "no topic" — each group by due time,
 * overdue marked.
 */
export async function legalQueue(deps: Deps) {
  const rows = await listLegalQueue(deps.db);
  const topics = await topicsOfContacts(
    deps.db,
    rows.map((r) => r.id),
  );
  const byContact = new Map<number, string[]>();
  for (const t of topics) byContact.set(t.contact_id, [...(byContact.get(t.contact_id) ?? []), t.topic]);
  const now = deps.clock().toISOString();
  const groups = new Map<
    string,
    ((typeof rows)[number] & { overdue: boolean; topics: string[]; alsoTopics: string[] })[]
  >();
  for (const r of rows) {
    const ts = byContact.get(r.id) ?? [];
    const first = ts[0] ?? '';
    const item = { ...r, topics: ts, alsoTopics: ts.slice(1), overdue: !!r.due_at && r.due_at < now };
    groups.set(first, [...(groups.get(first) ?? []), item]);
  }
  return [...groups.entries()]
    .sort(([a], [b]) => (a === '' ? 1 : b === '' ? -1 : a.localeCompare(b)))
    .map(([topic, items]) => ({ topic, items }));
}

/** "Take" from the legal queue: assigns the contact to the user (the contacts' take rules: 409 when taken). */
export { takeContact } from '../contacts/contacts.service.js';

/**
 * The library's answers for a phone contact's topics, in the contact's language (the agent's when it has
 * none), approved first: the call panel's short list of links to /answers/:id.
 */
async function phoneAnswers(deps: Deps, topics: readonly string[], language: string | null, locale: string) {
  if (!topics.length) return [];
  const lang = language === 'nl' || language === 'en' ? language : locale === 'en' ? 'en' : 'nl';
  const groups = await libraryByTopic(deps, lang);
  return groups
    .filter((g) => topics.includes(g.topic))
    .flatMap((g) => g.answers)
    .sort((a, b) => (a.status === 'approved' ? 0 : 1) - (b.status === 'approved' ? 0 : 1))
    .slice(0, 6)
    .map((a) => ({ id: a.id, title: a.title, status: a.status, stale: a.stale }));
}

/** What the routing panel of a contact's page shows: the suggestion, matched words in the notes, phone answers. */
export async function routingPanelProps(
  deps: Deps,
  contact: ContactRow,
  ctx: PageContext,
): Promise<ContactRoutingProps | null> {
  const [events, topics] = await Promise.all([listEvents(deps.db, contact.id), listTopics(deps.db, contact.id)]);
  const notes = events.flatMap((e) => {
    if (e.kind !== 'note') return [];
    try {
      const body = (JSON.parse(e.data) as { body?: unknown }).body;
      return typeof body === 'string' ? [body] : [];
    } catch {
      return [];
    }
  });
  const data = await contactRouting(deps, contact, topics, notes);
  const answers =
    contact.channel === 'phone' || contact.channel === 'voicemail'
      ? await phoneAnswers(deps, topics, contact.language, ctx.locale)
      : [];
  return {
    ctx,
    contactId: contact.id,
    version: contact.version,
    queue: contact.queue,
    priority: contact.priority,
    topics,
    suggestion: data.suggestion,
    routedByAgent: data.routedByAgent,
    differs: data.differs,
    texts: data.texts,
    answers,
  };
}
