import { sql } from 'kysely';
import type { Executor } from './database.js';

/** A bound number PostgreSQL reads as a double (SQLite too: the type name gives REAL affinity). */
const num = (n: number) => sql<number>`CAST(${n} AS DOUBLE PRECISION)`;

/**
 * Takes one token from the shared bucket `key` (created full), refilled at `perSecond` up to `burst` since it was
 * last touched. One conditional UPDATE does the arithmetic, so instances taking from the same bucket at once are
 * serialised by the database and the limit holds across all of them. False when the bucket is empty.
 */
export async function takeFloodToken(
  db: Executor,
  key: string,
  b: { burst: number; perSecond: number; nowMs: number },
): Promise<boolean> {
  await db
    .insertInto('flood_buckets')
    .values({ key, tokens: b.burst, at_ms: b.nowMs, full_at_ms: b.nowMs })
    .onConflict((oc) => oc.column('key').doNothing())
    .execute();
  const now = num(b.nowMs);
  const rate = num(Math.max(b.perSecond, 1e-9) / 1000);
  const burst = num(b.burst);
  // Tokens now: what was left plus the refill since at_ms (never negative when clocks of instances differ), capped.
  const elapsed = sql<number>`(CASE WHEN ${now} > at_ms THEN ${now} - at_ms ELSE 0 END)`;
  const refilled = sql<number>`(CASE WHEN tokens + ${elapsed} * ${rate} > ${burst} THEN ${burst} ELSE tokens + ${elapsed} * ${rate} END)`;
  const r = await db
    .updateTable('flood_buckets')
    .set({
      tokens: sql<number>`${refilled} - 1`,
      at_ms: sql<number>`(CASE WHEN ${now} > at_ms THEN ${now} ELSE at_ms END)`,
      full_at_ms: sql<number>`${now} + (${burst} - ${refilled} + 1) / ${rate}`,
    })
    .where('key', '=', key)
    .where(sql<boolean>`${refilled} >= 1`)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** Forgets buckets that are full again: they behave exactly as a missing one. */
export async function pruneFloodBuckets(db: Executor, nowMs: number): Promise<void> {
  await db.deleteFrom('flood_buckets').where('full_at_ms', '<', nowMs).execute();
}
