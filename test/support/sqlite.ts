import SQLite from 'better-sqlite3';
import type { Deps } from '../../src/deps.js';

/**
 * Runs `fn` on a connection of its own to a test app's SQLite file, for what a test does to the database behind
 * the app's back (drop a table, add a failing trigger, try to change the audit log); closed afterwards.
 */
export function withSqlite<T>(deps: Pick<Deps, 'config'>, fn: (db: SQLite.Database) => T): T {
  const db = new SQLite(deps.config.databasePath, { fileMustExist: true });
  try {
    db.pragma('busy_timeout = 5000');
    return fn(db);
  } finally {
    db.close();
  }
}

/** Runs SQL (one or more statements) on the test app's database file. */
export const execSql = (deps: Pick<Deps, 'config'>, text: string) => withSqlite(deps, (db) => db.exec(text));
