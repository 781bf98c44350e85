import { sql } from 'kysely';
import { type Db, isPostgres } from './database.js';

// What a purge leaves in the database's storage, and how it is wiped (README "Retention": what goes where).
//
// SQLite: `PRAGMA secure_delete = ON` (set on every connection, database.ts) overwrites deleted and freed content
// with zeros, so a blanked column or a rewritten row leaves no copy in a page's free space or on a free page. The
// full-text index (FTS5) keeps a word of an earlier version of a contact's text in an older segment until its
// segments are merged: after a purge every segment is merged into one, in small steps (`merge` with a negative
// page count) so that calls and mail keep taking turns on the connection, and then the WAL is checkpointed and
// truncated, so neither the database file nor its WAL holds a purged word. FTS5's own `secure-delete` option is
// not used: it made every later update of a contact's text about twenty times slower.
//
// PostgreSQL: the touched tables are vacuumed, which removes the dead row versions and index entries the purge
// left (their bytes stay in the table's free space until overwritten); the server's WAL and any WAL archive keep
// the old pages until they are recycled. VACUUM FULL would rewrite the files but lock the tables for its whole run.

/** Pages an FTS5 merge step writes at most: one step takes tens of milliseconds at 200,000 contacts. */
const MERGE_PAGES = 200;
/** A bound on the steps, so that a merge never runs forever (the index merges long before). */
const MAX_STEPS = 1_000_000;

/** The tables a purge changes, vacuumed afterwards on PostgreSQL. */
const PURGED_TABLES = [
  'contacts',
  'contact_text',
  'contact_events',
  'mail_messages',
  'mail_attachments',
  'mail_participants',
  'mail_outbox',
  'calls',
  'recordings',
  'registrations',
  'drafts',
  'audit_log',
];

/**
 * Wipes what a purge left behind in the database's tables and indexes (see above); runs outside any transaction.
 * On SQLite, truncateLog then empties the WAL.
 */
export async function eraseFreedSpace(db: Db): Promise<void> {
  if (isPostgres(db)) {
    await sql.raw(`VACUUM (ANALYZE) ${PURGED_TABLES.join(', ')}`).execute(db);
    return;
  }
  for (let step = 0; step < MAX_STEPS; step++) {
    // One step in one turn on the connection: the count of changed rows is this merge's alone.
    const worked = await db.connection().execute(async (conn) => {
      const before = await sql<{ n: number }>`SELECT total_changes() AS n`.execute(conn);
      await sql`INSERT INTO contact_text (contact_text, rank) VALUES ('merge', ${-MERGE_PAGES})`.execute(conn);
      const after = await sql<{ n: number }>`SELECT total_changes() AS n`.execute(conn);
      return Number(after.rows[0]!.n) - Number(before.rows[0]!.n) >= 2;
    });
    if (!worked) break;
  }
}

/**
 * SQLite: copies the WAL into the database file and truncates it to nothing, so the WAL keeps no page a purge
 * changed (run last, after the purge's own bookkeeping). PostgreSQL: nothing the application may do (its WAL is
 * the server's: recycled after checkpoints, kept by archiving).
 */
export async function truncateLog(db: Db): Promise<void> {
  if (isPostgres(db)) return;
  const res = await sql<{ busy: number }>`PRAGMA wal_checkpoint(TRUNCATE)`.execute(db);
  if (Number(res.rows[0]?.busy ?? 0) !== 0) throw new Error('the WAL could not be checkpointed (a reader held it)');
}
