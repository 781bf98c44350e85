import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import SQLite from 'better-sqlite3';
import { Kysely, SqliteDialect, type Transaction } from 'kysely';
import type { DB } from './schema.js';

export type Db = Kysely<DB>;
export type Trx = Transaction<DB>;
/** A query function takes either the database or an open transaction first. */
export type Executor = Db | Trx;

export interface OpenDatabase {
  db: Db;
  sqlite: SQLite.Database;
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
  const db = new Kysely<DB>({ dialect: new SqliteDialect({ database: withStatementCache(sqlite) }) });
  return { db, sqlite };
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

/**
 * Applies every migrations/NNNN_*.sql not yet applied, each file in its own transaction, in name order.
 * Files are forward-only and frozen once landed; the applied names are kept in schema_migrations.
 */
export function migrate(sqlite: SQLite.Database, dir = MIGRATIONS_DIR): string[] {
  sqlite.exec('CREATE TABLE IF NOT EXISTS schema_migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)');
  const applied = new Set(sqlite.prepare('SELECT name FROM schema_migrations').pluck().all() as string[]);
  const files = readdirSync(dir)
    .filter((f) => /^\d{4}_[\w-]+\.sql$/.test(f))
    .sort();
  const done: string[] = [];
  for (const file of files) {
    if (applied.has(file)) continue;
    const text = readFileSync(join(dir, file), 'utf8');
    sqlite.transaction(() => {
      sqlite.exec(text);
      sqlite
        .prepare('INSERT INTO schema_migrations (name, applied_at) VALUES (?, ?)')
        .run(file, new Date().toISOString());
    })();
    done.push(file);
  }
  return done;
}
