import { readdirSync, readFileSync } from 'node:fs';
import type pg from 'pg';
import { join } from 'node:path';
import { type Db, isPostgres, MIGRATIONS_DIR, poolOf, sqliteHandleOf } from './database.js';

/** A database Baken cannot start on, said in one line (no stack trace, no password). */
export class DatabaseStartError extends Error {}

/** The migration files in a folder, in name order. */
export const migrationFiles = (dir: string) =>
  readdirSync(dir)
    .filter((f) => /^\d{4}_[\w-]+\.sql$/.test(f))
    .sort();

/** Refuses a database that has migrations this code does not know: it was migrated by a newer Baken. */
function refuseNewer(applied: Iterable<string>, files: string[]) {
  const known = new Set(files);
  const unknown = [...applied].filter((n) => !known.has(n)).sort();
  if (unknown.length)
    throw new DatabaseStartError(
      `the database is at migration ${unknown.at(-1)}, newer than this version of Baken knows (${files.at(-1)}): run the newer version, or restore a backup made for this one`,
    );
}

/**
 * Applies every NNNN_*.sql of the dialect's folder not yet applied, each file in its own transaction, in name
 * order. Files are forward-only and frozen once landed; the applied names are kept in schema_migrations. On
 * PostgreSQL the whole run holds an advisory lock, so instances starting together migrate once: the others wait,
 * then find nothing to do.
 */
export async function migrate(db: Db, dir = MIGRATIONS_DIR): Promise<string[]> {
  return isPostgres(db) ? migratePostgres(db, join(dir, 'postgres')) : migrateSqlite(db, dir);
}

function migrateSqlite(db: Db, dir: string): string[] {
  const sqlite = sqliteHandleOf(db);
  sqlite.exec('CREATE TABLE IF NOT EXISTS schema_migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)');
  const applied = new Set(sqlite.prepare('SELECT name FROM schema_migrations').pluck().all() as string[]);
  const files = migrationFiles(dir);
  refuseNewer(applied, files);
  const done: string[] = [];
  for (const file of files) {
    if (applied.has(file)) continue;
    const text = readFileSync(join(dir, file), 'utf8');
    // IMMEDIATE: the file runs under SQLite's write lock, and is skipped when another process applied it meanwhile.
    const apply = sqlite.transaction(() => {
      if (sqlite.prepare('SELECT 1 FROM schema_migrations WHERE name = ?').get(file)) return false;
      sqlite.exec(text);
      sqlite
        .prepare('INSERT INTO schema_migrations (name, applied_at) VALUES (?, ?)')
        .run(file, new Date().toISOString());
      return true;
    });
    let ran: boolean;
    try {
      ran = apply.immediate();
    } catch (e) {
      throw new DatabaseStartError(`migration ${file} failed, nothing of it was applied: ${reason(e)}`);
    }
    if (ran) done.push(file);
  }
  return done;
}

/** The advisory lock key of Baken's migrations (any constant; two instances must use the same). */
const MIGRATION_LOCK = 7_311_514_001;

/**
 * A database's own collation may be anything (en_US.UTF-8, the managed services' default, C.UTF-8, ICU): Baken's
 * text columns ask for byte order themselves (COLLATE "C", migration 0034). What cannot work is text that is not
 * UTF-8, or an LC_CTYPE that knows only ASCII letters: the search's word vectors would lose every accented word.
 */
const UTF8_CTYPE = /utf-?8/i;

async function migratePostgres(db: Db, dir: string): Promise<string[]> {
  const pool = poolOf(db);
  let client: pg.PoolClient;
  try {
    client = await pool.connect();
  } catch (e) {
    throw new DatabaseStartError(`cannot connect to PostgreSQL (${where(pool)}): ${reason(e)}`);
  }
  try {
    const info = await client.query<{ e: string; t: string }>(
      `SELECT pg_encoding_to_char(encoding) AS e, datctype AS t FROM pg_database WHERE datname = current_database()`,
    );
    const encoding = info.rows[0]?.e ?? '';
    const ctype = info.rows[0]?.t ?? '';
    if (encoding !== 'UTF8' || !UTF8_CTYPE.test(ctype))
      throw new DatabaseStartError(
        `the PostgreSQL database has encoding ${encoding} and LC_CTYPE "${ctype}"; Baken needs UTF-8 (create it with: CREATE DATABASE … TEMPLATE template0 ENCODING 'UTF8' LOCALE 'en_US.UTF-8', or 'C.UTF-8')`,
      );
    await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    try {
      await client.query(
        'CREATE TABLE IF NOT EXISTS schema_migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)',
      );
      const applied = new Set(
        (await client.query<{ name: string }>('SELECT name FROM schema_migrations')).rows.map((r) => r.name),
      );
      const files = migrationFiles(dir);
      refuseNewer(applied, files);
      const done: string[] = [];
      for (const file of files) {
        if (applied.has(file)) continue;
        const text = readFileSync(join(dir, file), 'utf8');
        await client.query('BEGIN');
        try {
          await client.query(text);
          await client.query('INSERT INTO schema_migrations (name, applied_at) VALUES ($1, $2)', [
            file,
            new Date().toISOString(),
          ]);
          await client.query('COMMIT');
        } catch (e) {
          await client.query('ROLLBACK').catch(() => {});
          throw new DatabaseStartError(`migration ${file} failed, nothing of it was applied: ${reason(e)}`);
        }
        done.push(file);
      }
      return done;
    } finally {
      await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => {});
    }
  } catch (e) {
    if (e instanceof DatabaseStartError) throw e;
    throw new DatabaseStartError(`PostgreSQL (${where(pool)}): ${reason(e)}`);
  } finally {
    client.release();
  }
}

/** host:port/database as user — the URL without its password. */
function where(pool: ReturnType<typeof poolOf>): string {
  const o = pool.options as { connectionString?: string };
  try {
    const u = new URL(o.connectionString ?? '');
    return `${u.hostname}:${u.port || 5432}${u.pathname} as ${decodeURIComponent(u.username) || 'the default user'}`;
  } catch {
    return 'the DATABASE_URL';
  }
}

/** The error's own sentence, on one line, without anything that could be a password. */
function reason(e: unknown): string {
  const m = e instanceof Error ? e.message || (e as { code?: string }).code || e.name : String(e);
  return m.replace(/\s+/g, ' ').replace(/postgres(ql)?:\/\/\S*/gi, 'the DATABASE_URL');
}
