import type { Deps } from '../deps.js';
import type { Actor } from './contact-change.service.js';
import { writeAudit } from '../audit/audit.queries.js';
import { listInbox, countOpenByQueue, lastContactId, type InboxCursor, type InboxFilter } from './contacts.queries.js';
import type { Channel, Queue, Status } from './contacts.table.js';
import { toSearch } from './inbox-search.js';
import { nameHash } from './party-name.js';

export interface InboxQuery {
  q?: string;
  queue?: Queue;
  /** Empty: open contacts (every status but resolved) when browsing; every status in a search or the spam list. */
  status?: Status | 'active' | 'all';
  channel?: Channel;
  assignee?: number | 'me' | 'none';
  overdue?: boolean;
  afterHours?: boolean;
  before?: InboxCursor;
  spam?: boolean;
  /** A topic code (docs/contract.md `?topic=`) and urgent contacts only (`?urgent=1`). */
  topic?: string;
  urgent?: boolean;
}

type SearchKind = 'text' | 'phone' | 'email' | 'reference' | 'name';

/** The inbox's query as a filter for the queries module: what it finds, and in which order. */
function inboxFilter(deps: Deps, query: InboxQuery, userId: number, limit: number) {
  const s = toSearch(query.q);
  const f: InboxFilter = {
    limit,
    queue: query.queue,
    channel: query.channel,
    afterHours: query.afterHours,
    spam: query.spam,
    topic: query.topic,
    urgent: query.urgent,
    // Open work by urgency; a search, and the resolved ones, newest first (urgency means nothing there).
    order: s || query.status === 'resolved' || query.status === 'all' ? 'newest' : 'urgency',
  };
  // Browsing shows open contacts; a search, or the spam list (spam is resolved when marked), every status.
  if (query.status === 'active' || (!query.status && !s && !query.spam)) f.openOnly = true;
  else if (query.status && query.status !== 'all') f.status = query.status;
  if (query.assignee === 'me') f.assigneeId = userId;
  else if (query.assignee === 'none') f.unassigned = true;
  else if (typeof query.assignee === 'number') f.assigneeId = query.assignee;
  if (query.overdue) f.overdueAt = deps.clock().toISOString();
  if (s?.kind === 'reference') f.reference = s.value;
  else if (s?.kind === 'phone') f.phoneHash = deps.crypto.hash('phone', s.value);
  else if (s?.kind === 'email') f.emailHash = deps.crypto.hash('email', s.value);
  return { f, s };
}

/**
 * Lists the inbox for a user: open contacts by urgency and due time, or with `q` read as reference, phone,
 * email, a party's exact name or words (newest first). Every search is audited with its kind, never its text
 * (it may be a phone number or a name).
 */
export async function listContacts(deps: Deps, query: InboxQuery, actor: Actor & { id: number }, limit = 50) {
  const { f, s } = inboxFilter(deps, { ...query, before: undefined }, actor.id, limit);
  const c = query.before;
  if (c) f.before = f.order === 'urgency' ? c : { id: c.id };
  let kind: SearchKind | null = s?.kind ?? null;
  let rows: Awaited<ReturnType<typeof listInbox>>;
  if (s?.kind === 'text') {
    // A party's name, exactly (by its keyed hash), comes first on the first page; then the words.
    const hash = nameHash(deps, query.q);
    const byName = hash && !c ? await listInbox(deps.db, { ...f, nameHash: hash, before: undefined }) : [];
    const exact = await listInbox(deps.db, { ...f, match: s.value });
    const begun = exact.length ? exact : await listInbox(deps.db, { ...f, match: s.prefix });
    // Last, other forms of the words (Dutch and English stems: `slachtoffers` finds `slachtoffer`); PostgreSQL
    // only — on SQLite this step finds nothing (src/db/contact-search.ts).
    const words = begun.length ? begun : await listInbox(deps.db, { ...f, match: s.value, wordForms: true });
    const seen = new Set(byName.map((r) => r.id));
    rows = [...byName, ...words.filter((r) => !seen.has(r.id))].slice(0, Math.max(limit, byName.length));
    if (byName.length) kind = 'name';
  } else rows = await listInbox(deps.db, f);
  if (kind)
    await writeAudit(deps.db, {
      at: deps.clock().toISOString(),
      actorId: actor.id,
      action: 'contact.search',
      subjectType: 'contact',
      ip: actor.ip,
      details: { kind, results: rows.length, page: c ? 'next' : 'first' },
    });
  return { rows, order: f.order ?? 'urgency' };
}

/** How many contacts matching the inbox's filters were logged after `afterId` (at most 100): "3 new — show". */
export async function countNewContacts(deps: Deps, query: InboxQuery, userId: number, afterId: number) {
  const { f, s } = inboxFilter(deps, { ...query, before: undefined }, userId, 100);
  f.afterId = afterId;
  f.order = 'newest';
  if (s?.kind === 'text') f.match = s.value;
  return (await listInbox(deps.db, f)).length;
}

// Counting the open contacts of every queue walks an index of all open contacts (some 25 ms at a million):
// the counts are kept until a contact is created or changed, or for 30 seconds at most. While contacts pour in
// (a flood of calls and mail changes one every few milliseconds) a count that took long is not redone sooner
// than 20 times its own duration (at most a second): the tabs lag by under a second, and counting never takes
// more than a twentieth of the server's time. A count under 5 ms (a small desk, the tests) is always fresh.
/** Whether queue counts made at `at` (taking `tookMs`, `stale` since a contact changed) must be made again at `now`. */
export function mustRecount(c: { at: number; tookMs: number; stale: boolean }, now: number): boolean {
  const age = now - c.at;
  if (age > 30_000 || age < 0) return true;
  if (!c.stale) return false;
  return !(c.tookMs >= 5 && age < Math.min(1000, c.tookMs * 20));
}

const queueCounts = new WeakMap<
  Deps['events'],
  { at: number; tookMs: number; stale: boolean; counts: Promise<Partial<Record<Queue, number>>> | null }
>();

function cachedQueueCounts(deps: Deps) {
  let entry = queueCounts.get(deps.events);
  if (!entry) {
    const fresh = {
      at: 0,
      tookMs: 0,
      stale: false,
      counts: null as Promise<Partial<Record<Queue, number>>> | null,
    };
    deps.events.subscribe((e) => {
      if (e.type.startsWith('contact.') || e.type === 'call.incoming') fresh.stale = true;
    });
    queueCounts.set(deps.events, fresh);
    entry = fresh;
  }
  const now = deps.clock().getTime();
  if (!entry.counts || mustRecount(entry, now)) {
    entry.at = now;
    entry.stale = false;
    const e = entry;
    const t0 = performance.now();
    e.counts = countOpenByQueue(deps.db).then(
      (counts) => {
        e.tookMs = performance.now() - t0;
        return counts;
      },
      (err: unknown) => {
        e.counts = null;
        throw err;
      },
    );
    return e.counts;
  }
  return entry.counts;
}

/** Open contacts per queue, and the highest contact id (what the inbox counts "new" after). */
export async function inboxOverview(deps: Deps) {
  const [perQueue, lastId] = await Promise.all([cachedQueueCounts(deps), lastContactId(deps.db)]);
  return { perQueue, lastId };
}
