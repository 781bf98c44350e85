import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Db, MIGRATIONS_DIR, sqliteHandleOf } from './database.js';

/**
 * Applies every migrations/NNNN_*.sql not yet applied, each file in its own transaction, in name order.
 * Files are forward-only and frozen once landed; the applied names are kept in schema_migrations.
 */
export function migrate(db: Db, dir = MIGRATIONS_DIR): string[] {
  const sqlite = sqliteHandleOf(db);
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
