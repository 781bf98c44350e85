import {
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  readdirSync,
  readSync,
  renameSync,
  rmSync,
  statSync,
} from 'node:fs';
import { basename, dirname, join } from 'node:path';
import SQLite from 'better-sqlite3';
import { MIGRATIONS_DIR } from './database.js';
import { migrationFiles } from './migrator.js';
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

/** What `npm run restore` says on PostgreSQL. */
export const POSTGRES_RESTORE =
  'restore: the database is PostgreSQL; restore a pg_dump with pg_restore (pg_restore --clean --if-exists -d "$DATABASE_URL" baken.dump), see README "Backups"';

/** The name `npm run backup` gives a backup taken at `now`; names sort by time. */
export const backupFileName = (now: Date) => `baken-${now.toISOString().replace(/[:.]/g, '-')}.sqlite`;

const BACKUP_NAME = /^baken-\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2}-\d{3}Z\.sqlite$/;

/**
 * Rotation: keeps the newest `keep` backups that `npm run backup` wrote in `dir` and deletes the older ones. Only
 * files named as backupFileName names them are touched (a copy the operator put there by another name stays).
 * Returns the deleted file names.
 */
export function rotateBackups(dir: string, keep: number): string[] {
  if (!Number.isInteger(keep) || keep < 1) throw new Error('rotation keeps at least one backup');
  const ours = readdirSync(dir)
    .filter((f) => BACKUP_NAME.test(f))
    .sort()
    .reverse();
  const old = ours.slice(keep);
  for (const f of old) rmSync(join(dir, f), { force: true });
  return old;
}

/** A restore that cannot go ahead, said in one line. */
export class RestoreError extends Error {}

export interface RestoreResult {
  /** The database file written. */
  target: string;
  /** Where the database that was there went (only with `force`), else null. */
  setAside: string | null;
  /** The backup's last migration; a start of this version applies any newer ones. */
  migration: string | null;
  /** Rows restored (counts only: no personal data). */
  counts: { contacts: number; registrations: number; auditRows: number };
}

const SQLITE_HEADER = Buffer.from('SQLite format 3\0', 'latin1');
const SIDE_FILES = ['', '-wal', '-shm', '-journal'];

/**
 * Restores an SQLite backup (`npm run backup`'s file, or any copy of a Baken database) into `databasePath`.
 * The backup is checked first — an SQLite file, intact, a Baken database, not migrated by a newer Baken — and
 * copied through SQLite's backup API into a temporary file beside the target, checked again and only then renamed
 * into place, so a failed restore leaves no half-written database. A data folder that already holds a database is
 * refused; with `force` that database (with its -wal and -shm) is moved aside into `replaced-<time>/`, never
 * deleted. Baken must not be running on the target.
 */
export async function restoreDatabase(
  backupFile: string,
  databasePath: string,
  opts: { force?: boolean; now?: Date } = {},
): Promise<RestoreResult> {
  checkBackupFile(backupFile);
  const present = SIDE_FILES.map((s) => databasePath + s).filter((f) => existsSync(f));
  const holdsData = present.some((f) => !f.endsWith('-shm') || statSync(f).size > 0);
  if (holdsData && !opts.force)
    throw new RestoreError(
      `the data folder already holds a database (${databasePath}): restore into an empty data folder, or stop every Baken process and add --force to move the current database aside`,
    );
  const dir = dirname(databasePath);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const partial = `${databasePath}.restoring`;
  rmSync(partial, { force: true });
  const source = new SQLite(backupFile, { readonly: true, fileMustExist: true });
  try {
    await source.backup(partial);
  } catch (e) {
    rmSync(partial, { force: true });
    throw new RestoreError(`the backup could not be copied: ${(e as Error).message}`);
  } finally {
    source.close();
  }
  let result: Omit<RestoreResult, 'target' | 'setAside'>;
  try {
    result = inspect(partial);
  } catch (e) {
    rmSync(partial, { force: true });
    throw e;
  }
  let setAside: string | null = null;
  if (present.length) {
    setAside = join(dir, `replaced-${(opts.now ?? new Date()).toISOString().replace(/[:.]/g, '-')}`);
    mkdirSync(setAside, { mode: 0o700 });
    for (const f of present) renameSync(f, join(setAside, basename(f)));
  }
  renameSync(partial, databasePath);
  return { target: databasePath, setAside, ...result };
}

/** Refuses a file that is not an intact Baken database this version can run, in one line. */
function checkBackupFile(file: string) {
  if (!existsSync(file) || !statSync(file).isFile()) throw new RestoreError(`there is no backup file at ${file}`);
  const head = Buffer.alloc(SQLITE_HEADER.length);
  const fd = openSync(file, 'r');
  try {
    readSync(fd, head, 0, head.length, 0);
  } finally {
    closeSync(fd);
  }
  if (!head.equals(SQLITE_HEADER))
    throw new RestoreError(`${file} is not an SQLite database (npm run backup writes baken-<time>.sqlite files)`);
}

/** Checks a copied database and counts what it holds (it must be intact, Baken's, and not newer than this code). */
function inspect(file: string): Omit<RestoreResult, 'target' | 'setAside'> {
  let db: SQLite.Database;
  try {
    db = new SQLite(file, { fileMustExist: true });
  } catch (e) {
    throw new RestoreError(`the backup cannot be opened: ${(e as Error).message}`);
  }
  try {
    let problems: string[];
    try {
      problems = (db.pragma('integrity_check') as { integrity_check: string }[]).map((r) => r.integrity_check);
    } catch (e) {
      throw new RestoreError(`the backup is damaged: ${(e as Error).message}`);
    }
    if (problems.length !== 1 || problems[0] !== 'ok')
      throw new RestoreError(`the backup is damaged (integrity check: ${problems.slice(0, 3).join('; ')})`);
    const hasTable = (name: string) =>
      db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(name) !== undefined;
    if (!hasTable('schema_migrations') || !hasTable('contacts') || !hasTable('audit_log'))
      throw new RestoreError('the backup is not a Baken database (it has no schema_migrations, contacts or audit_log)');
    const applied = db.prepare('SELECT name FROM schema_migrations ORDER BY name').pluck().all() as string[];
    const known = migrationFiles(MIGRATIONS_DIR);
    const unknown = applied.filter((n) => !known.includes(n));
    if (unknown.length)
      throw new RestoreError(
        `the backup is at migration ${unknown.at(-1)}, newer than this version of Baken knows (${known.at(-1)}): restore it with the version that wrote it`,
      );
    const count = (table: string) =>
      hasTable(table) ? Number(db.prepare(`SELECT count(*) FROM ${table}`).pluck().get()) : 0;
    return {
      migration: applied.at(-1) ?? null,
      counts: { contacts: count('contacts'), registrations: count('registrations'), auditRows: count('audit_log') },
    };
  } finally {
    db.close();
  }
}
