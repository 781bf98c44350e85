import { sql } from 'kysely';
import type { Executor } from './database.js';

// A contact's searchable text (subject, notes, message bodies, transcriptions) in SQLite's FTS5 table
// `contact_text`, one row per contact whose rowid is the contact's id. Every use of FTS5 (MATCH, rowid) is here,
// so another database changes this module and nothing else.

/** The contacts whose text matches `match` (an FTS5 expression made safe by contacts/inbox-search.ts). */
export function contactsMatching(db: Executor, match: string) {
  return db
    .selectFrom('contact_text')
    .innerJoin('contacts', 'contacts.id', 'contact_text.rowid')
    .where(sql<boolean>`contact_text MATCH ${match}`);
}

/**
 * The index's own order of a match (by contact id): sorting by it newest first finds the first page of a common
 * word without sorting every match.
 */
export const matchOrder = () => sql`contact_text.rowid`;

/** Writes the searchable text of a contact that has none yet (a new contact). */
export async function insertSearchText(db: Executor, contactId: number, subject: string, body: string) {
  await sql`INSERT INTO contact_text (rowid, subject, body) VALUES (${contactId}, ${subject}, ${body})`.execute(db);
}

/** A contact's searchable text, or undefined when it has none. */
export async function searchTextOf(db: Executor, contactId: number) {
  return db
    .selectFrom('contact_text')
    .select(['subject', 'body'])
    .where(sql<boolean>`rowid = ${contactId}`)
    .executeTakeFirst();
}

/** Adds text (a note, a message body, a transcription) to a contact's searchable text. */
export async function appendSearchText(db: Executor, contactId: number, text: string, subject?: string) {
  const row = await searchTextOf(db, contactId);
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

/** Sets the subject in a contact's searchable text. */
export async function setSearchSubject(db: Executor, contactId: number, subject: string) {
  const res = await sql`UPDATE contact_text SET subject = ${subject} WHERE rowid = ${contactId}`.execute(db);
  if (!Number(res.numAffectedRows ?? 0))
    await sql`INSERT INTO contact_text (rowid, subject, body) VALUES (${contactId}, ${subject}, '')`.execute(db);
}

/** Takes purged texts (a mail body, a transcription) out of a contact's searchable text (retention). */
export async function removeSearchText(db: Executor, contactId: number, texts: string[]) {
  const row = await searchTextOf(db, contactId);
  if (!row) return;
  let body = row.body;
  for (const t of texts) if (t) body = body.split(t).join('');
  if (body !== row.body)
    await sql`UPDATE contact_text SET body = ${body.replace(/\n{2,}/g, '\n').trim()} WHERE rowid = ${contactId}`.execute(
      db,
    );
}
