import SQLite from 'better-sqlite3';

/** Writes a consistent copy of the database file to `target` (SQLite's online backup), safe while Baken runs. */
export async function backupDatabase(databasePath: string, target: string): Promise<void> {
  const db = new SQLite(databasePath, { fileMustExist: true });
  try {
    await db.backup(target);
  } finally {
    db.close();
  }
}
