import { sql } from 'kysely';
import { type Executor, isPostgres } from './database.js';

/**
 * Makes transactions that read and then write under the same key take turns until they end, so a count checked
 * in one (the sign-in throttle) cannot be passed by another instance at the same moment. On PostgreSQL a
 * transaction-scoped advisory lock; on SQLite nothing is needed: one writer at a time, in one process.
 */
export async function lockKey(trx: Executor, key: string): Promise<void> {
  if (isPostgres(trx)) await sql`SELECT pg_advisory_xact_lock(hashtextextended(${key}, 0))`.execute(trx);
}
