import { existsSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import SQLite from 'better-sqlite3';
import { Kysely, sql, type Transaction } from 'kysely';
import type { DB } from './schema.js';
import { BakenSqliteDialect } from './sqlite-driver.js';

export type Db = Kysely<DB>;
export type Trx = Transaction<DB>;
/** A query function takes either the database or an open transaction first. */
export type Executor = Db | Trx;

/** An open database: only its Kysely handle (the SQLite handle stays inside src/db/). */
export interface OpenDatabase {
  db: Db;
}

/**
 * The better-sqlite3 handle behind each open database, for the few src/db/ modules that need SQLite itself (the
 * migrator). Nothing outside src/db/ sees it: features and Deps hold only the Kysely `Db`.
 */
const handles = new WeakMap<Db, SQLite.Database>();

/** The SQLite handle of a database opened by openDatabase (src/db/ modules only). */
export function sqliteHandleOf(db: Db): SQLite.Database {
  const handle = handles.get(db);
  if (!handle) throw new Error('database not opened by openDatabase');
  return handle;
}

/** The project's migrations/ folder, found upwards from this module (src/db/ when run from source, dist/ when built). */
export const MIGRATIONS_DIR = (() => {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 5; i++) {
    if (existsSync(join(dir, 'migrations', '0001_foundation.sql'))) return join(dir, 'migrations');
    dir = dirname(dir);
  }
  throw new Error('migrations folder not found');
})();

/** Opens (and creates) the SQLite file with the PRAGMAs Baken relies on: WAL, foreign keys, a busy timeout. */
export function openDatabase(path: string): OpenDatabase {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const sqlite = new SQLite(path);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  const db = new Kysely<DB>({ dialect: new BakenSqliteDialect({ database: withStatementCache(sqlite) }) });
  handles.set(db, sqlite);
  return { db };
}

/** Whether the database answers a query (for /healthz). */
export async function databaseAnswers(db: Db): Promise<boolean> {
  try {
    await sql`SELECT 1`.execute(db);
    return true;
  } catch {
    return false;
  }
}

/**
 * Kysely prepares every query anew; better-sqlite3 statements can be reused, so this keeps the most recent
 * ones by SQL text (a query compiles to the same text whatever its parameters).
 */
function withStatementCache(sqlite: SQLite.Database, max = 500): SQLite.Database {
  const cache = new Map<string, SQLite.Statement>();
  return new Proxy(sqlite, {
    get(target, prop, receiver) {
      if (prop !== 'prepare') {
        const v = Reflect.get(target, prop, receiver);
        return typeof v === 'function' ? v.bind(target) : v;
      }
      return (text: string) => {
        let stmt = cache.get(text);
        if (stmt && !stmt.busy) return stmt;
        stmt = target.prepare(text);
        if (cache.size >= max) cache.delete(cache.keys().next().value!);
        cache.set(text, stmt);
        return stmt;
      };
    },
  });
}
