import { sql } from 'kysely';
import { type Executor, isPostgres } from './database.js';

/**
 * Makes transactions that name the same key run one after another, until the calling transaction ends: for a
 * read-then-write that must not interleave (the sign-in throttle counts, then reserves). SQLite already runs one
 * writing transaction at a time, so there it does nothing; on PostgreSQL it takes a transaction-level advisory
 * lock on the key's hash, which also holds across instances on one database.
 */
export async function serializeOn(trx: Executor, key: string): Promise<void> {
  if (isPostgres(trx)) await sql`SELECT pg_advisory_xact_lock(hashtextextended(${key}, 0))`.execute(trx);
}
