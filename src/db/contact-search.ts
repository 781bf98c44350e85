import { sql } from 'kysely';
import { type Executor, isPostgres } from './database.js';

// A contact's searchable text (subject, notes, message bodies, transcriptions) in the table `contact_text`, one
// row per contact whose rowid is the contact's id. On SQLite it is an FTS5 table; on PostgreSQL a plain table
// with a column `rowid` and a generated tsvector column `tsv` under a GIN index (migrations/postgres/0001), built
// with the text search configuration `baken_search`: words split where FTS5's unicode61 splits them (at anything
// not a letter or digit), lower-cased and without diacritics, so both find the same contacts. Every use of FTS5
// or tsvector is here, so another database changes this module and nothing else.
//
// Word forms (migrations/postgres/0019): on PostgreSQL a second generated column `tsv_stem` holds the Dutch and
// English stems of the same words (configurations `baken_dutch` and `baken_english`: unaccent, then the snowball
// stemmers dutch_stem and english_stem with their stop words) under its own GIN index, so `slachtoffers` finds
// `slachtoffer` and `reported` finds `reporting`. The inbox asks for word forms only when whole words and word
// beginnings find nothing. SQLite's FTS5 has no Dutch or English stemmer: there a word-form search finds nothing.

/**
 * The contacts whose text matches `match` (an FTS5 expression made safe by contacts/inbox-search.ts). With
 * `wordForms`, the words of `match` are compared by their Dutch or English stems instead (PostgreSQL only).
 */
export function contactsMatching(db: Executor, match: string, wordForms = false) {
  const q = db.selectFrom('contact_text').innerJoin('contacts', 'contacts.id', 'contact_text.rowid');
  if (wordForms)
    return isPostgres(db)
      ? q.where(sql<boolean>`contact_text.tsv_stem @@ ${formsTsquery(match)}`)
      : q.where(sql<boolean>`0 = 1`); // no stemmer in FTS5: no word forms on SQLite
  return isPostgres(db)
    ? q.where(sql<boolean>`contact_text.tsv @@ to_tsquery('baken_search', ${toTsquery(match)})`)
    : q.where(sql<boolean>`contact_text MATCH ${match}`);
}

/** The words of an FTS5 expression of inbox-search.ts's shape, each only letters and digits (others dropped). */
function matchWords(match: string) {
  return [...match.matchAll(/"([^"]*)"(\*?)/g)].flatMap(([, word, star]) => {
    const w = (word ?? '').replace(/[^\p{L}\p{N}]+/gu, '');
    return w ? [{ word: w, prefix: Boolean(star) }] : [];
  });
}

/**
 * The tsquery text of an FTS5 expression of inbox-search.ts's shape: `"word" AND "word"` (whole words) or
 * `"word"* AND "word"*` (word beginnings). The words hold only letters and digits; anything else is dropped here
 * too, so the tsquery cannot be malformed.
 */
export function toTsquery(match: string): string {
  return (
    matchWords(match)
      .map(({ word, prefix }) => `${word}${prefix ? ':*' : ''}`)
      .join(' & ') || "''"
  );
}

/**
 * The tsquery of a word-form search over `tsv_stem`: every word of `match` required, a word matching when its
 * Dutch or its English stem does. Each word (letters and digits only) goes to plainto_tsquery as a bound value,
 * which reads no operators, so no input can make it malformed. A word that is a stop word in both languages
 * (`the`, `en` …) requires nothing; a search of stop words alone finds nothing.
 */
function formsTsquery(match: string) {
  const words = [...new Set(matchWords(match).map((w) => w.word))];
  if (!words.length) return sql`''::tsquery`;
  return sql`(${sql.join(
    words.map((w) => sql`(plainto_tsquery('baken_dutch', ${w}) || plainto_tsquery('baken_english', ${w}))`),
    sql` && `,
  )})`;
}

/**
 * The index's own order of a match (by contact id): sorting by it newest first finds the first page of a common
 * word without sorting every match.
 */
const matchOrder = () => sql`contact_text.rowid`;

/** How many of the newest texts the PostgreSQL probe reads, and how many matches among them make a word common. */
const PROBE_ROWS = 5000;
const PROBE_COMMON = 50;

/**
 * The order to sort a match by, newest first, chosen for the database. SQLite's FTS5 streams a match in rowid
 * order, so the first page of any word is found without sorting. PostgreSQL's GIN index has no order: a common
 * word is found fastest by walking contact ids newest first and testing each text (stops after a page), a rare
 * word by collecting its few matches from the GIN index and sorting them — and the planner cannot tell the two
 * apart well. So a probe counts the matches among the newest texts (~3 ms): a common word gets the id order, a
 * rare one the same order written so that no index can give it (`rowid + 0`), which leaves the GIN index.
 */
export async function matchOrderFor(db: Executor, match: string, wordForms = false) {
  if (!isPostgres(db)) return matchOrder();
  // The word-form step (wordForms) probes its own column the same way.
  const [column, query] = wordForms
    ? [sql`tsv_stem`, formsTsquery(match)]
    : [sql`tsv`, sql`to_tsquery('baken_search', ${toTsquery(match)})`];
  const probe = await sql<{ n: number }>`SELECT count(*) AS n FROM (
      SELECT ${column} AS v FROM contact_text ORDER BY rowid DESC LIMIT ${PROBE_ROWS}
    ) t WHERE v @@ ${query}`.execute(db);
  return Number(probe.rows[0]?.n ?? 0) >= PROBE_COMMON ? matchOrder() : sql`(contact_text.rowid + 0)`;
}

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

/**
 * Replaces a contact's searchable text as a whole (retention rebuilds it from what remains after a purge; it is
 * never edited by matching the purged text). Empty text removes the contact's row from the index.
 */
export async function replaceSearchText(db: Executor, contactId: number, subject: string, body: string) {
  await sql`DELETE FROM contact_text WHERE rowid = ${contactId}`.execute(db);
  if (subject || body)
    await sql`INSERT INTO contact_text (rowid, subject, body) VALUES (${contactId}, ${subject}, ${body})`.execute(db);
}
