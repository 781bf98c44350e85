import { sql } from 'kysely';

/**
 * The order rows were inserted in, for tables that keep a list's order no other way: SQLite's rowid, and on
 * PostgreSQL a column of that name the table has for it (an identity, migrations/postgres/0004_contact_log.sql).
 */
export const insertionOrder = () => sql`rowid`;
