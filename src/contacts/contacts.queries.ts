import { sql } from 'kysely';
import type { Executor } from '../db/database.js';
import type { Channel, Queue, Status } from './contacts.table.js';

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
  /** An FTS5 MATCH expression (already made safe), or an exact hash / reference. */
  match?: string;
  phoneHash?: string;
  emailHash?: string;
  reference?: string;
  before?: number;
  limit: number;
}

export const INBOX_COLUMNS = [
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
] as const;

/**
 * The inbox: newest first, keyset-paged by id. A full-text search drives the query from the FTS index in
 * rowid order so the first page of a common word is found without scanning every match.
 */
export async function listInbox(db: Executor, f: InboxFilter) {
  const q = f.match
    ? db
        .selectFrom('contact_text')
        .innerJoin('contacts', 'contacts.id', 'contact_text.rowid')
        .where(sql<boolean>`contact_text MATCH ${f.match}`)
        .orderBy(sql`contact_text.rowid`, 'desc')
    : db.selectFrom('contacts').orderBy('contacts.id', 'desc');
  let query = q
    .leftJoin('users as assignee', 'assignee.id', 'contacts.assignee_id')
    .select([...INBOX_COLUMNS, 'assignee.name as assignee_name'])
    .limit(f.limit);
  if (f.queue) query = query.where('contacts.queue', '=', f.queue);
  if (f.status) query = query.where('contacts.status', '=', f.status);
  if (f.openOnly) query = query.where('contacts.status', '<>', 'resolved');
  if (f.channel) query = query.where('contacts.channel', '=', f.channel);
  if (f.assigneeId) query = query.where('contacts.assignee_id', '=', f.assigneeId);
  if (f.unassigned) query = query.where('contacts.assignee_id', 'is', null);
  if (f.overdueAt) query = query.where('contacts.due_at', '<', f.overdueAt).where('contacts.status', '<>', 'resolved');
  if (f.afterHours) query = query.where('contacts.in_office_hours', '=', 0);
  if (f.phoneHash) query = query.where('contacts.party_phone_hash', '=', f.phoneHash);
  if (f.emailHash) query = query.where('contacts.party_email_hash', '=', f.emailHash);
  if (f.reference) query = query.where('contacts.reference', '=', f.reference);
  else query = f.spam ? query.where('contacts.spam_at', 'is not', null) : query.where('contacts.spam_at', 'is', null);
  if (!f.reference) query = query.where('contacts.mistaken_at', 'is', null); // created by mistake: kept, not listed
  if (f.before) query = query.where('contacts.id', '<', f.before);
  return query.execute();
}
export type InboxRow = Awaited<ReturnType<typeof listInbox>>[number];

/** One contact with its assignee's name. */
export async function findContact(db: Executor, id: number) {
  return db
    .selectFrom('contacts')
    .leftJoin('users as assignee', 'assignee.id', 'contacts.assignee_id')
    .selectAll('contacts')
    .select('assignee.name as assignee_name')
    .where('contacts.id', '=', id)
    .executeTakeFirst();
}
export type ContactRow = NonNullable<Awaited<ReturnType<typeof findContact>>>;

/** A contact's timeline, oldest first, with the actor's name. */
export async function listEvents(db: Executor, contactId: number) {
  return db
    .selectFrom('contact_events')
    .leftJoin('users', 'users.id', 'contact_events.actor_id')
    .select([
      'contact_events.id',
      'contact_events.at',
      'contact_events.kind',
      'contact_events.data',
      'contact_events.actor_id',
      'users.name as actor_name',
    ])
    .where('contact_id', '=', contactId)
    .orderBy('contact_events.id', 'asc')
    .execute();
}
export type EventRow = Awaited<ReturnType<typeof listEvents>>[number];

/** Appends one event to a contact's timeline. */
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
  await db
    .insertInto('contact_events')
    .values({
      contact_id: e.contactId,
      at: e.at,
      actor_id: e.actorId,
      kind: e.kind,
      data: JSON.stringify(e.data ?? {}),
      version: e.version ?? null,
    })
    .execute();
}

/** Writes the searchable text of a contact that has none yet (a new contact). */
export async function insertSearchText(db: Executor, contactId: number, subject: string, body: string) {
  await sql`INSERT INTO contact_text (rowid, subject, body) VALUES (${contactId}, ${subject}, ${body})`.execute(db);
}

/** Adds text (a note, a message body, a transcription) to a contact's searchable text. */
export async function appendSearchText(db: Executor, contactId: number, text: string, subject?: string) {
  const row = await db
    .selectFrom('contact_text')
    .select(['subject', 'body'])
    .where(sql<boolean>`rowid = ${contactId}`)
    .executeTakeFirst();
  if (!row) {
    await sql`INSERT INTO contact_text (rowid, subject, body) VALUES (${contactId}, ${subject ?? ''}, ${text})`.execute(
      db,
    );
    return;
  }
  await sql`UPDATE contact_text SET subject = ${subject ?? row.subject}, body = ${row.body ? `${row.body}\n${text}` : text} WHERE rowid = ${contactId}`.execute(
    db,
  );
}

/** Active users, for assignee pickers and filters. */
export async function listAssignableUsers(db: Executor) {
  return db.selectFrom('users').select(['id', 'name']).where('active', '=', 1).orderBy('name').execute();
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
    .orderBy(sql`rowid`)
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

/** Sets the subject in a contact's searchable text. */
export async function setSearchSubject(db: Executor, contactId: number, subject: string) {
  const res = await sql`UPDATE contact_text SET subject = ${subject} WHERE rowid = ${contactId}`.execute(db);
  if (!Number(res.numAffectedRows ?? 0))
    await sql`INSERT INTO contact_text (rowid, subject, body) VALUES (${contactId}, ${subject}, '')`.execute(db);
}

/** The timeline events a change after `version` produced (what another agent changed), oldest first. */
export async function listEventsSince(db: Executor, contactId: number, version: number) {
  return db
    .selectFrom('contact_events')
    .leftJoin('users', 'users.id', 'contact_events.actor_id')
    .select([
      'contact_events.id',
      'contact_events.at',
      'contact_events.kind',
      'contact_events.data',
      'contact_events.actor_id',
      'users.name as actor_name',
    ])
    .where('contact_id', '=', contactId)
    .where('contact_events.version', '>', version)
    .orderBy('contact_events.id', 'asc')
    .execute();
}

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
