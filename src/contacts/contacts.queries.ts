import { type Insertable, sql } from 'kysely';
import type { Executor } from '../db/database.js';
import { contactsMatching, matchOrderFor } from '../db/contact-search.js';
import { insertionOrder } from '../db/row-order.js';
import { compiled, compiledByKey } from '../db/compiled.js';
import { jsonHas, jsonWithout } from '../db/dialect.js';

// The searchable text lives behind src/db/contact-search.ts; other features reach it through this module.
export { appendSearchText, insertSearchText, searchTextOf, setSearchSubject } from '../db/contact-search.js';
import { QUEUES, type Channel, type ContactTable, type Queue, type Status } from './contacts.table.js';

export interface InboxFilter {
  queue?: Queue;
  status?: Status;
  /** 'open' means every status but resolved. */
  openOnly?: boolean;
  channel?: Channel;
  assigneeId?: number;
  unassigned?: boolean;
  overdueAt?: string;
  afterHours?: boolean;
  /** true: only contacts marked as spam; otherwise they are left out (a reference search finds either). */
  spam?: boolean;
  /** Only contacts with this topic code (contact_topics), only urgent ones. */
  topic?: string;
  urgent?: boolean;
  /** An FTS5 MATCH expression (already made safe), or an exact hash / reference. */
  match?: string;
  /** With match: compare its words by their Dutch or English stems (word forms); finds nothing on SQLite. */
  wordForms?: boolean;
  phoneHash?: string;
  emailHash?: string;
  nameHash?: string;
  reference?: string;
  /**
   * 'urgency' (the inbox): priority urgent > high > normal > low, then due time (overdue first, none last),
   * then newest. 'newest' (searches and announcements): by id, newest first.
   */
  order?: 'urgency' | 'newest';
  /** Keyset cursor: the sort key of the last row of the page before (see InboxCursor). */
  before?: InboxCursor;
  /** Only contacts logged after this id (the "N new" announcement). */
  afterId?: number;
  limit: number;
}

/** Where a page ends: for the urgency order its rank, due key and id; for the newest order the id alone. */
export type InboxCursor = { rank: number; due: string; id: number } | { id: number };

/** Priority as a rank (0 most urgent); the same expression as the index contacts_inbox_order (0005). */
const PRIORITY_RANK = { urgent: 0, high: 1, normal: 2, low: 3 } as const;
const rankExpr = sql<number>`(CASE contacts.priority WHEN 'urgent' THEN 0 WHEN 'high' THEN 1 WHEN 'normal' THEN 2 ELSE 3 END)`;
/** A contact without a due time sorts after every due time ('~' sorts after digits). */
const dueExpr = sql<string>`(COALESCE(contacts.due_at, '~'))`;
const NO_DUE = '~';

const INBOX_COLUMNS = [
  'contacts.id',
  'contacts.reference',
  'contacts.channel',
  'contacts.direction',
  'contacts.started_at',
  'contacts.in_office_hours',
  'contacts.party_org',
  'contacts.party_type',
  'contacts.party_phone_mask',
  'contacts.party_email_mask',
  'contacts.subject',
  'contacts.queue',
  'contacts.status',
  'contacts.priority',
  'contacts.assignee_id',
  'contacts.due_at',
  'contacts.topic',
  'contacts.call_outcome',
  'contacts.sender_auth',
  'contacts.simulated_by',
] as const;

/**
 * The inbox, keyset-paged in its order (see InboxFilter.order). A full-text search drives the query from the
 * FTS index in rowid order (newest first) so the first page of a common word is found without scanning every
 * match; the urgency order walks the partial index contacts_inbox_order.
 */
export async function listInbox(db: Executor, f: InboxFilter) {
  const urgency = f.order === 'urgency' && !f.match;
  const base = f.match ? contactsMatching(db, f.match, f.wordForms) : db.selectFrom('contacts');
  const byMatch = f.match ? await matchOrderFor(db, f.match, f.wordForms) : null;
  let query = base
    .leftJoin('users as assignee', 'assignee.id', 'contacts.assignee_id')
    .select([...INBOX_COLUMNS, 'assignee.name as assignee_name'])
    .limit(f.limit);
  query = urgency
    ? query.orderBy(rankExpr).orderBy(dueExpr).orderBy('contacts.id', 'desc')
    : f.match
      ? query.orderBy(byMatch!, 'desc')
      : query.orderBy('contacts.id', 'desc');
  if (f.queue) query = query.where('contacts.queue', '=', f.queue);
  if (f.status) query = query.where('contacts.status', '=', f.status);
  // Said again in the partial indexes' own words, so SQLite can walk them for any open status.
  if (f.status && f.status !== 'resolved') query = query.where('contacts.status', '<>', 'resolved');
  if (f.openOnly) query = query.where('contacts.status', '<>', 'resolved');
  if (f.channel) query = query.where('contacts.channel', '=', f.channel);
  if (f.assigneeId) query = query.where('contacts.assignee_id', '=', f.assigneeId);
  if (f.unassigned) query = query.where('contacts.assignee_id', 'is', null);
  if (f.overdueAt) query = query.where('contacts.due_at', '<', f.overdueAt).where('contacts.status', '<>', 'resolved');
  if (f.afterHours) query = query.where('contacts.in_office_hours', '=', 0);
  if (f.topic) {
    const topic = f.topic;
    query = query.where('contacts.id', 'in', (eb) =>
      eb.selectFrom('contact_topics').select('contact_topics.contact_id').where('contact_topics.topic', '=', topic),
    );
  }
  if (f.urgent) query = query.where('contacts.priority', '=', 'urgent');
  if (f.phoneHash) query = query.where('contacts.party_phone_hash', '=', f.phoneHash);
  if (f.emailHash) query = query.where('contacts.party_email_hash', '=', f.emailHash);
  if (f.nameHash) query = query.where('contacts.party_name_hash', '=', f.nameHash);
  if (f.reference) query = query.where('contacts.reference', '=', f.reference);
  else query = f.spam ? query.where('contacts.spam_at', 'is not', null) : query.where('contacts.spam_at', 'is', null);
  if (!f.reference) query = query.where('contacts.mistaken_at', 'is', null); // created by mistake: kept, not listed
  if (f.afterId) query = query.where('contacts.id', '>', f.afterId);
  const c = f.before;
  if (c && 'rank' in c && urgency)
    query = query.where(
      sql<boolean>`(${rankExpr} > ${c.rank} OR (${rankExpr} = ${c.rank} AND (${dueExpr} > ${c.due} OR (${dueExpr} = ${c.due} AND contacts.id < ${c.id}))))`,
    );
  else if (c) query = query.where('contacts.id', '<', c.id);
  return query.execute();
}
/** The cursor that continues after this row in the given order. */
export function cursorAfter(row: { id: number; priority: string; due_at: string | null }, order: 'urgency' | 'newest') {
  if (order === 'newest') return String(row.id);
  const rank = PRIORITY_RANK[row.priority as keyof typeof PRIORITY_RANK] ?? 3;
  return `u_${rank}_${row.due_at ?? NO_DUE}_${row.id}`;
}

/**
 * Open contacts (not resolved, not spam) per queue, for the inbox's queue tabs. 'resolved' is written as a literal
 * and the queues are named, so SQLite counts within the partial index contacts_open_queue (~20 ms at a million);
 * with a parameter it scanned another index and read every open contact's row (~550 ms, issue 15).
 */
export async function countOpenByQueue(db: Executor) {
  const rows = await db
    .selectFrom('contacts')
    .select(['queue', (eb) => eb.fn.countAll<number>().as('n')])
    .where('status', '<>', sql.lit('resolved'))
    .where('spam_at', 'is', null)
    .where('queue', 'in', [...QUEUES])
    .groupBy('queue')
    .execute();
  return Object.fromEntries(rows.map((r) => [r.queue, Number(r.n)])) as Partial<Record<Queue, number>>;
}

/** The highest contact id, so the inbox knows what counts as new after it was drawn. */
export async function lastContactId(db: Executor) {
  const r = await db
    .selectFrom('contacts')
    .select((eb) => eb.fn.max('id').as('max'))
    .executeTakeFirst();
  return Number(r?.max ?? 0);
}
export type InboxRow = Awaited<ReturnType<typeof listInbox>>[number];

/** One contact with its assignee's name. */
export async function findContact(db: Executor, id: number) {
  return db
    .selectFrom('contacts')
    .leftJoin('users as assignee', 'assignee.id', 'contacts.assignee_id')
    .leftJoin('users as simulator', 'simulator.id', 'contacts.simulated_by')
    .selectAll('contacts')
    .select(['assignee.name as assignee_name', 'simulator.name as simulated_by_name'])
    .where('contacts.id', '=', id)
    .executeTakeFirst();
}
export type ContactRow = NonNullable<Awaited<ReturnType<typeof findContact>>>;

/** A contact's timeline, oldest first, with the actor's name; with `afterVersion`, only what changes after that version wrote. */
export async function listEvents(db: Executor, contactId: number, afterVersion?: number) {
  let q = db
    .selectFrom('contact_events')
    .leftJoin('users', 'users.id', 'contact_events.actor_id')
    .select([
      'contact_events.id',
      'contact_events.at',
      'contact_events.kind',
      'contact_events.data',
      'contact_events.actor_id',
      'contact_events.version',
      'users.name as actor_name',
    ])
    .where('contact_id', '=', contactId);
  if (afterVersion !== undefined) q = q.where('contact_events.version', '>', afterVersion);
  return q.orderBy('contact_events.id', 'asc').execute();
}

/** Appends one event to a contact's timeline (through addEventIn, which keeps the first agent action). */
export async function insertEvent(
  db: Executor,
  e: {
    contactId: number;
    at: string;
    actorId: number | null;
    kind: string;
    data?: Record<string, unknown>;
    version?: number | null;
  },
) {
  await insertEventRow.run(db, {
    contact_id: e.contactId,
    at: e.at,
    actor_id: e.actorId,
    kind: e.kind,
    data: JSON.stringify(e.data ?? {}),
    version: e.version ?? null,
  });
}

// The inserts every new contact runs, built and compiled once (src/db/compiled.ts).
const insertEventRow = compiled<{
  contact_id: number;
  at: string;
  actor_id: number | null;
  kind: string;
  data: string;
  version: number | null;
}>()((db, v) =>
  db.insertInto('contact_events').values({
    contact_id: v('contact_id'),
    at: v('at'),
    actor_id: v('actor_id'),
    kind: v('kind'),
    data: v('data'),
    version: v('version'),
  }),
);
type NewContactRow = Omit<Insertable<ContactTable>, 'id' | 'reference'>;
/** One compiled insert per set of columns (a new contact names the same columns every time). */
const insertContactRow = compiledByKey((columns) =>
  compiled<NewContactRow>()((db, v) =>
    db
      .insertInto('contacts')
      .values(
        Object.fromEntries(columns.split(',').map((c) => [c, v(c as keyof NewContactRow & string)])) as NewContactRow,
      )
      .returning('id'),
  ),
);
const setReferenceRow = compiled<{ id: number; reference: string }>()((db, v) =>
  db
    .updateTable('contacts')
    .set({ reference: v('reference') })
    .where('id', '=', v('id')),
);

/** When an agent first acted on a contact (null: not yet); undefined when there is no such contact. */
export async function firstActionOf(db: Executor, contactId: number): Promise<string | null | undefined> {
  const r = await db.selectFrom('contacts').select('first_action_at').where('id', '=', contactId).executeTakeFirst();
  return r ? r.first_action_at : undefined;
}

/** Sets when an agent first acted on a contact (its creation aside). */
export async function setFirstAction(db: Executor, contactId: number, at: string | null) {
  await db.updateTable('contacts').set({ first_action_at: at }).where('id', '=', contactId).execute();
}

/** Active users, for assignee pickers and filters. */
export async function listAssignableUsers(db: Executor) {
  return db.selectFrom('users').select(['id', 'name']).where('active', '=', 1).orderBy('name').execute();
}

/** Inserts a new contact and answers the id the database gave it (its own sequence, read back with RETURNING). */
export async function insertContact(db: Executor, row: Omit<Insertable<ContactTable>, 'id' | 'reference'>) {
  // Columns left undefined are left out, as Kysely's own insert leaves them out.
  const columns = Object.keys(row).filter((k) => (row as Record<string, unknown>)[k] !== undefined);
  const r = (await insertContactRow(columns.join(',')).run(db, row)).rows[0];
  if (!r) throw new Error('insert into contacts returned no row');
  return Number(r.id);
}

/** Sets a new contact's reference (made of its id), in the transaction that inserted it. */
export async function setContactReference(db: Executor, id: number, reference: string) {
  await setReferenceRow.run(db, { id, reference });
}

/** Every column of one contact, for a change to it (inside the change's transaction). */
export async function findContactForChange(db: Executor, id: number) {
  return db.selectFrom('contacts').selectAll().where('id', '=', id).executeTakeFirst();
}
export type ContactRecord = NonNullable<Awaited<ReturnType<typeof findContactForChange>>>;

/**
 * Writes a contact's changed columns; with `expectedVersion` only while the row still has that version
 * (a second guard beside the check in the service). Returns whether the row was written.
 */
export async function updateContactRow(
  db: Executor,
  id: number,
  set: Record<string, unknown>,
  expectedVersion?: number,
): Promise<boolean> {
  let q = db.updateTable('contacts').set(set).where('id', '=', id);
  if (expectedVersion !== undefined) q = q.where('version', '=', expectedVersion);
  const r = await q.executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

/** A contact's topic codes, in the order they were given. */
export async function listTopics(db: Executor, contactId: number): Promise<string[]> {
  const rows = await db
    .selectFrom('contact_topics')
    .select('topic')
    .where('contact_id', '=', contactId)
    .orderBy(insertionOrder())
    .execute();
  return rows.map((r) => r.topic);
}

/** Replaces a contact's topics. */
export async function replaceTopics(db: Executor, contactId: number, topics: readonly string[]) {
  await db.deleteFrom('contact_topics').where('contact_id', '=', contactId).execute();
  if (topics.length)
    await db
      .insertInto('contact_topics')
      .values(topics.map((topic) => ({ contact_id: contactId, topic })))
      .execute();
}

/** The timeline events a change after `version` produced (what another agent changed), oldest first. */
export const listEventsSince = (db: Executor, contactId: number, version: number) => listEvents(db, contactId, version);

/** An active user's name, or undefined: who a contact can be assigned to. */
export async function findActiveUserName(db: Executor, id: number) {
  const u = await db.selectFrom('users').select('name').where('id', '=', id).where('active', '=', 1).executeTakeFirst();
  return u?.name;
}

/** The newest note on a contact by one actor (to recognise a double submit of the same note). */
export async function lastNoteBy(db: Executor, contactId: number, actorId: number | null) {
  return db
    .selectFrom('contact_events')
    .select(['at', 'data'])
    .where('contact_id', '=', contactId)
    .where('kind', '=', 'note')
    .where('actor_id', actorId === null ? 'is' : '=', actorId)
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
}

/** Contacts with a party name but no name hash yet (logged before 0005), in id order after `afterId`. */
export async function listUnhashedNames(db: Executor, afterId: number, limit: number) {
  return db
    .selectFrom('contacts')
    .select(['id', 'party_name_enc'])
    .where('id', '>', afterId)
    .where('party_name_enc', 'is not', null)
    .where('party_name_hash', 'is', null)
    .orderBy('id')
    .limit(limit)
    .execute();
}

/** Sets the keyed hash of a contact's party name. */
export async function setNameHash(db: Executor, id: number, hash: string | null) {
  await db.updateTable('contacts').set({ party_name_hash: hash }).where('id', '=', id).execute();
}

/** The contact a merged contact now lives in (follows the pointers); the id itself when not merged. */
export async function currentContactId(db: Executor, contactId: number): Promise<number> {
  let id = contactId;
  for (let hops = 0; hops < 20; hops++) {
    const m = await db.selectFrom('contact_merges').select('target_id').where('source_id', '=', id).executeTakeFirst();
    if (!m) return id;
    id = m.target_id;
  }
  return id;
}

/** A contact's id, status and spam mark, by id or by reference. */
export async function contactBrief(db: Executor, by: { id: number } | { reference: string }) {
  let q = db
    .selectFrom('contacts')
    .select([
      'id',
      'reference',
      'status',
      'spam_at',
      'channel',
      'subject',
      'party_email_enc',
      'party_email_hash',
      'may_email',
      'started_at',
      'sender_auth',
    ]);
  q = 'id' in by ? q.where('id', '=', by.id) : q.where('reference', '=', by.reference);
  return q.executeTakeFirst();
}
export type ContactBrief = NonNullable<Awaited<ReturnType<typeof contactBrief>>>;

/** Moves a contact's timeline to the contact it is merged into. */
export async function moveEvents(db: Executor, sourceId: number, targetId: number): Promise<void> {
  await db.updateTable('contact_events').set({ contact_id: targetId }).where('contact_id', '=', sourceId).execute();
}

/** The first agent action on a contact (its creation aside) as its timeline gives it; null when none. */
export async function firstActionInTimeline(db: Executor, contactId: number): Promise<string | null> {
  const first = await db
    .selectFrom('contact_events')
    .select((eb) => eb.fn.min<string | null>('at').as('at'))
    .where('contact_id', '=', contactId)
    .where('actor_id', 'is not', null)
    .where('kind', '<>', 'created')
    .executeTakeFirst();
  return first?.at ?? null;
}

/** Records that a contact was merged into another (mail naming the source threads into the target). */
export async function insertMerge(
  db: Executor,
  m: { sourceId: number; targetId: number; by: number | null; at: string },
): Promise<void> {
  await db
    .insertInto('contact_merges')
    .values({ source_id: m.sourceId, target_id: m.targetId, merged_by: m.by, merged_at: m.at })
    .execute();
}

/** True when a contact with this id exists. */
export async function contactExists(db: Executor, id: number): Promise<boolean> {
  return !!(await db.selectFrom('contacts').select('id').where('id', '=', id).executeTakeFirst());
}

/** True when there is any contact at all. */
export async function anyContact(db: Executor): Promise<boolean> {
  return !!(await db.selectFrom('contacts').select('id').limit(1).executeTakeFirst());
}

/** Takes one field out of the data of every timeline event of a kind (e.g. the text of old transcription events). */
export async function removeEventDataField(db: Executor, kind: string, field: string) {
  await db
    .updateTable('contact_events')
    .set({ data: jsonWithout(db, 'data', field) })
    .where('kind', '=', kind)
    .where(jsonHas(db, 'data', field))
    .execute();
}
