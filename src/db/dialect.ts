import { type RawBuilder, sql } from 'kysely';
import { type Executor, isPostgres } from './database.js';
// The few SQL functions that differ between SQLite and PostgreSQL, each written for both. Queries elsewhere stay
// portable and call these for the one expression that is not.

/** Hours from one ISO-8601 text timestamp to another (may be fractional or negative). */
export function hoursBetween(db: Executor, from: RawBuilder<unknown>, to: RawBuilder<unknown>): RawBuilder<number> {
  return isPostgres(db)
    ? sql<number>`(extract(epoch from (cast(${to} as timestamptz) - cast(${from} as timestamptz))) / 3600.0)`
    : sql<number>`((julianday(${to}) - julianday(${from})) * 24)`;
}

/** A JSON text column without one top-level key (a JSON text again). */
export function jsonWithout(db: Executor, column: string, key: string): RawBuilder<string> {
  return isPostgres(db)
    ? sql<string>`cast(cast(${sql.ref(column)} as jsonb) - cast(${key} as text) as text)`
    : sql<string>`json_remove(${sql.ref(column)}, ${`$.${key}`})`;
}

/** Whether a JSON text column has a non-null value at a top-level key. */
export function jsonHas(db: Executor, column: string, key: string): RawBuilder<boolean> {
  return isPostgres(db)
    ? sql<boolean>`(cast(${sql.ref(column)} as jsonb) ->> cast(${key} as text)) IS NOT NULL`
    : sql<boolean>`json_extract(${sql.ref(column)}, ${`$.${key}`}) IS NOT NULL`;
}
