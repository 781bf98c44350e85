import { openSqliteHandle } from './sqlite-handle.js';

/** Writes a consistent copy of the database file to `target` (SQLite's online backup), safe while Baken runs. */
export async function backupDatabase(databasePath: string, target: string): Promise<void> {
  const db = openSqliteHandle(databasePath, { fileMustExist: true });
  try {
    await db.backup(target);
  } finally {
    db.close();
  }
}

/** What `npm run backup` says on PostgreSQL: the server's own tool makes the consistent copy. */
export const POSTGRES_BACKUP =
  'backup: the database is PostgreSQL; back it up with pg_dump (pg_dump -Fc -f baken.dump "$DATABASE_URL"), see README "Backups"';
