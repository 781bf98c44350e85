import { existsSync, readFileSync } from 'node:fs';
import type SQLite from 'better-sqlite3';
import { openSqliteHandle } from '../../src/db/sqlite-handle.js';
import pg from 'pg';
import type { Deps } from '../../src/deps.js';
import { markSchemaChanged } from './database.js';

/** SQL for what the two databases write differently: the SQLite text and the PostgreSQL text. */
export type DialectSql = string | { sqlite: string; postgres: string };

/**
 * Runs `fn` on a connection of its own to a test app's SQLite file, for what a test does to the database behind
 * the app's back; closed afterwards. SQLite only: a test meant for both databases uses execSql.
 */
export function withSqlite<T>(deps: Pick<Deps, 'config'>, fn: (db: SQLite.Database) => T): T {
  if (deps.config.databaseUrl) throw new Error('withSqlite: this test app runs on PostgreSQL');
  const db = openSqliteHandle(deps.config.databasePath, { fileMustExist: true });
  try {
    db.pragma('busy_timeout = 5000');
    return fn(db);
  } finally {
    db.close();
  }
}

/** Runs `fn` on a connection of its own to a test app's PostgreSQL database; closed afterwards. */
export async function withPostgres<T>(deps: Pick<Deps, 'config'>, fn: (db: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: deps.config.databaseUrl! });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/**
 * Runs SQL (one or more statements) on the test app's database behind the app's back (drop a table, add a failing
 * trigger, try to change the audit log), on either database: a string when both read it alike, else per dialect.
 */
export async function execSql(deps: Pick<Deps, 'config'>, text: DialectSql): Promise<void> {
  if (deps.config.databaseUrl) {
    const q = typeof text === 'string' ? text : text.postgres;
    // Whatever it changed, this database is not used again for another test.
    markSchemaChanged(deps.config.databaseUrl);
    await withPostgres(deps, (c) => c.query(q));
  } else withSqlite(deps, (db) => db.exec(typeof text === 'string' ? text : text.sqlite));
}

/** A trigger that makes every insert into `table` fail with `message` (as a full disk would). */
export const failingInserts = (table: string, message: string): DialectSql => ({
  sqlite: `CREATE TRIGGER fail_insert BEFORE INSERT ON ${table} BEGIN SELECT RAISE(ABORT, '${message}'); END;`,
  postgres: `CREATE FUNCTION fail_insert() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION '${message}'; END $$;
    CREATE TRIGGER fail_insert BEFORE INSERT ON ${table} FOR EACH ROW EXECUTE FUNCTION fail_insert();`,
});
/** Removes the trigger of failingInserts. */
export const noFailingInserts = (table: string): DialectSql => ({
  sqlite: 'DROP TRIGGER fail_insert',
  postgres: `DROP TRIGGER fail_insert ON ${table}; DROP FUNCTION fail_insert();`,
});

/**
 * Everything the database holds as bytes, to look for a value in clear: on SQLite the file and its WAL after a
 * checkpoint; on PostgreSQL every row of every table as text (what a dump would hold).
 */
export async function storedBytes(deps: Pick<Deps, 'config'>): Promise<Buffer> {
  if (deps.config.databaseUrl)
    return withPostgres(deps, async (c) => {
      const tables = await c.query<{ t: string }>(
        "SELECT table_name AS t FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'",
      );
      const parts: string[] = [];
      for (const { t } of tables.rows) {
        const rows = await c.query<{ r: string }>(`SELECT CAST(x AS text) AS r FROM "${t}" x`);
        for (const { r } of rows.rows) parts.push(r);
      }
      return Buffer.from(parts.join('\n'), 'utf8');
    });
  withSqlite(deps, (db) => db.pragma('wal_checkpoint(TRUNCATE)'));
  const path = deps.config.databasePath;
  return Buffer.concat([path, `${path}-wal`].filter((p) => existsSync(p)).map((p) => readFileSync(p)));
}
