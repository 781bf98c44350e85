import { chmodSync, existsSync, lstatSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Makes the process create files owner-only (umask 077): the database, its WAL and SHM, backups, keys and
 * attachments written afterwards are 0600 / 0700. Call first thing in a process entry (not in worker threads,
 * where Node does not allow it).
 */
export function ownerOnlyUmask(): void {
  try {
    process.umask(0o077);
  } catch {
    // worker threads cannot change the umask; the chmod below still applies
  }
}

/** Sets one file or folder (and, for folders, everything in them) to owner-only; missing paths are skipped. */
function restrict(path: string): void {
  if (!existsSync(path)) return;
  const st = lstatSync(path);
  if (st.isSymbolicLink()) return;
  if (st.isDirectory()) {
    if ((st.mode & 0o777) !== 0o700) chmodSync(path, 0o700);
    for (const name of readdirSync(path)) restrict(join(path, name));
  } else if ((st.mode & 0o777) !== 0o600) chmodSync(path, 0o600);
}

/**
 * Restricts the data files that already exist to their owner: the SQLite file with its -wal and -shm, the data
 * folder's generated keys, the attachments and backups folders. Files of an older install may be world-readable.
 */
export function protectDataFiles(paths: { databasePath: string; dataDir: string }): void {
  if (paths.databasePath && paths.databasePath !== ':memory:')
    for (const suffix of ['', '-wal', '-shm', '-journal']) restrict(`${paths.databasePath}${suffix}`);
  if (!existsSync(paths.dataDir)) return;
  chmodSync(paths.dataDir, 0o700);
  for (const name of ['data.key', 'audit.key', 'twilio-dev.token', 'attachments', 'backups'])
    restrict(join(paths.dataDir, name));
}
