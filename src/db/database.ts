import { existsSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type SQLite from 'better-sqlite3';
import pg from 'pg';
import { Kysely, PostgresAdapter, PostgresDialect, type Transaction, type TransactionBuilder } from 'kysely';
import type { DB } from './schema.js';
import { BakenSqliteDialect } from './sqlite-driver.js';
import { openSqliteHandle } from './sqlite-handle.js';

export type Db = Kysely<DB>;
export type Trx = Transaction<DB>;
/** A query function takes either the database or an open transaction first. */
export type Executor = Db | Trx;

/** An open database: only its Kysely handle (the SQLite handle or PostgreSQL pool stays inside src/db/). */
export interface OpenDatabase {
  db: Db;
}

/** Which database a `DATABASE_URL` names: a postgres:// URL, or else the embedded SQLite file. */
export const isPostgresUrl = (target: string) => /^postgres(ql)?:\/\//i.test(target);

/**
 * The better-sqlite3 handle behind each open SQLite database, for the few src/db/ modules that need SQLite itself
 * (the migrator). Nothing outside src/db/ sees it: features and Deps hold only the Kysely `Db`.
 */
const handles = new WeakMap<Db, SQLite.Database>();
/** The pg pool behind each open PostgreSQL database (src/db/ modules only). */
const pools = new WeakMap<Db, pg.Pool>();

/** The SQLite handle of a database opened by openDatabase (src/db/ modules only). */
export function sqliteHandleOf(db: Db): SQLite.Database {
  const handle = handles.get(db);
  if (!handle) throw new Error('database not opened by openDatabase on SQLite');
  return handle;
}

/** The pg pool of a PostgreSQL database opened by openDatabase (src/db/ modules only). */
export function poolOf(db: Db): pg.Pool {
  const pool = pools.get(db);
  if (!pool) throw new Error('database not opened by openDatabase on PostgreSQL');
  return pool;
}

/** Whether `db` (the database or a transaction of it) runs on PostgreSQL. */
export function isPostgres(db: Executor): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter;
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

/**
 * Opens the database `target` names: a `postgres://` URL opens a PostgreSQL pool, anything else the SQLite file
 * (created when missing). Nothing connects yet on PostgreSQL: the first query (the migrator's) does.
 */
export function openDatabase(target: string, opts: { poolSize?: number } = {}): OpenDatabase {
  return isPostgresUrl(target) ? openPostgres(target, opts.poolSize ?? 10) : openSqlite(target);
}

/**
 * Opens (and creates) the SQLite file with the PRAGMAs Baken relies on: WAL, every commit synced to disk, foreign
 * keys, a busy timeout, and secure delete (deleted content is overwritten with zeros, so a purged word leaves no
 * copy in free space: src/db/secure-erase.ts).
 *
 * synchronous = FULL: a COMMIT returns only after the WAL is fsynced, so a webhook answered 200 or a mail answered
 * 250 survives a power loss, not only a crash of the process (NORMAL syncs at checkpoints only: a power loss can
 * take the last commits back). The group commit (sqlite-driver.ts) shares one fsync between the transactions that
 * arrive together, which keeps its cost small under load; bench/durability.ts measures both settings
 * (bench/RESULTS.md). BENCH_SQLITE_SYNCHRONOUS=NORMAL is that benchmark's switch, for nothing else.
 */
function openSqlite(path: string): OpenDatabase {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const sqlite = openSqliteHandle(path);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('secure_delete = ON');
  sqlite.pragma(`synchronous = ${process.env.BENCH_SQLITE_SYNCHRONOUS === 'NORMAL' ? 'NORMAL' : 'FULL'}`);
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  const db = new Kysely<DB>({ dialect: new BakenSqliteDialect({ database: withStatementCache(sqlite) }) });
  handles.set(db, sqlite);
  return { db };
}

/**
 * Values come back as they do from SQLite, so every query reads the same on both: counts and sums (int8, numeric)
 * as JS numbers, booleans (a comparison in a select list) as 0 or 1. The schema keeps timestamps as ISO text and
 * flags as integers, like SQLite's.
 */
const TYPES: pg.CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') => {
    if (oid === 20 || oid === 1700) return (v: string) => Number(v); // int8, numeric
    if (oid === 16) return (v: string) => (v === 't' ? 1 : 0); // bool
    return pg.types.getTypeParser(oid, format as 'text');
  }) as pg.CustomTypesConfig['getTypeParser'],
};

function openPostgres(url: string, max: number): OpenDatabase {
  const pool = new pg.Pool({
    connectionString: url,
    max,
    types: TYPES,
    connectionTimeoutMillis: 10_000,
    // TCP keep-alive finds a connection whose server went away without a word (a failover that moved the address).
    keepAlive: true,
    application_name: 'baken',
    // Baken's queries are small and many: starting parallel workers costs more than they save (a rare word's
    // search took 10-60 ms with them, 2-3 ms without, at 300,000 contacts). `?options=…` in the URL overrides it.
    options: '-c max_parallel_workers_per_gather=0',
  });
  // A connection the server closes (a restart, a failover, an administrator ending sessions) must never stop the
  // process. An idle one reports on the pool, which drops it; one that is checked out (inside a transaction, or
  // between two queries of a request) reports on the client itself, where pg throws an 'error' nobody listens
  // for. Each new client gets a listener for it: the query running on it fails (the request answers its clean
  // error: TwiML, 451, an error page), the client is dropped when it is released (pg-pool drops a client that is
  // no longer queryable), and the next query opens a new connection once the server is back.
  pool.on('error', () => {});
  pool.on('connect', (client) => {
    client.on('error', () => {});
  });
  const db: Db = new RetryingKysely({ dialect: new PostgresDialect({ pool }) });
  pools.set(db, pool);
  return { db };
}

/** PostgreSQL's SQLSTATEs for a transaction it rolled back to let another go on: deadlock, serialization failure. */
const RETRYABLE = new Set(['40P01', '40001']);
const TRANSACTION_ATTEMPTS = 3;

/**
 * On SQLite one transaction writes at a time; on PostgreSQL transactions run side by side and two of them can lock
 * rows in opposite orders, and then the server rolls one back (a deadlock). Such a transaction is run again from
 * the start, up to three times, after a short random pause, so the caller sees what SQLite would have done.
 * (A transaction's body does its outside work, such as files and live events, before or after it, never inside.)
 */
class RetryingKysely extends Kysely<DB> {
  override transaction(): TransactionBuilder<DB> {
    return retrying(super.transaction());
  }
}

function retrying(builder: TransactionBuilder<DB>): TransactionBuilder<DB> {
  const execute = builder.execute.bind(builder);
  const setIsolationLevel = builder.setIsolationLevel.bind(builder);
  const setAccessMode = builder.setAccessMode.bind(builder);
  return Object.assign(builder, {
    setIsolationLevel: (...a: Parameters<typeof setIsolationLevel>) => retrying(setIsolationLevel(...a)),
    setAccessMode: (...a: Parameters<typeof setAccessMode>) => retrying(setAccessMode(...a)),
    execute: async <T>(callback: (trx: Trx) => Promise<T>): Promise<T> => {
      for (let attempt = 1; ; attempt++) {
        try {
          return await execute(callback);
        } catch (e) {
          const code = (e as { code?: unknown } | null)?.code;
          if (attempt >= TRANSACTION_ATTEMPTS || typeof code !== 'string' || !RETRYABLE.has(code)) throw e;
          await new Promise((r) => setTimeout(r, 5 + Math.random() * 20 * attempt));
        }
      }
    },
  });
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
