import { createRequire } from 'node:module';
import SQLite from 'better-sqlite3';

/**
 * better-sqlite3 12 (the version that runs on Node 20 as well as 24; 13 needs Node 22) compiles Node's
 * node::ObjectWrap into each of its objects: a database, a statement, a backup. From Node 24 on, ObjectWrap's
 * destructor removes an environment cleanup hook and asserts that a JavaScript context is entered — and V8 may free
 * such an object in a garbage collection it runs from a task of its own, with no context entered. That assertion
 * aborted the process (`RemoveEnvironmentCleanupHook … Assertion failed: (env) != nullptr` under
 * `Statement::~Statement`): on Node 24 the suite crashed in every run, and so would a desk, sooner or later.
 *
 * The cure at that cause: on such a Node none of those objects is ever garbage: every database Baken opens and every
 * statement and backup made on it stays reachable until the process ends, when Node frees them itself in its
 * cleanup (with a context). That costs little: a closed database has finalised its statements, leaving small
 * wrappers, and Baken opens one database for its lifetime and reuses a statement per SQL text (database.ts's
 * statement cache) — what it keeps grows with the number of distinct SQL texts, not with the queries run.
 * On Node 20 (no cleanup hook in ObjectWrap) nothing is kept.
 */
const FREEING_MAY_ABORT = Number(process.versions.node.split('.')[0]) >= 24;

/** The native half of a better-sqlite3 Database, where statements and backups are made. */
const { cppdb } = createRequire(import.meta.url)('better-sqlite3/lib/util.js') as { cppdb: symbol };

const kept: object[] = [];

function keepForever(db: SQLite.Database): void {
  const native = (db as unknown as Record<symbol, Record<string, (...a: unknown[]) => object>>)[cppdb];
  if (!native) throw new Error('better-sqlite3 changed: its database has no native half to watch');
  kept.push(db, native);
  for (const method of ['prepare', 'backup'] as const) {
    const make = native[method]!;
    native[method] = function (this: unknown, ...args: unknown[]) {
      const made = make.apply(this, args);
      kept.push(made);
      return made;
    };
  }
}

/** Opens a better-sqlite3 database: the one way Baken (and its tests) do, so that on Node 24 nothing of it is freed. */
export function openSqliteHandle(path: string, options?: SQLite.Options): SQLite.Database {
  const db = new SQLite(path, options);
  if (FREEING_MAY_ABORT) keepForever(db);
  return db;
}
