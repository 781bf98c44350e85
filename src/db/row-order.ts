import { sql } from 'kysely';

/** The order rows were inserted in (SQLite's rowid), for tables that keep a list's order no other way. */
export const insertionOrder = () => sql`rowid`;
