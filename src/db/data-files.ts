import {
  accessSync,
  chmodSync,
  constants,
  existsSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { randomUUID } from 'node:crypto';
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

/**
 * Makes sure a folder Baken writes to (the data folder, the SQLite file's folder) exists and is readable and
 * writable by this process; otherwise throws one line naming the folder and the reason (no stack trace at start).
 */
export function checkWritableFolder(dir: string, what: string): void {
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    if (!statSync(dir).isDirectory()) throw Object.assign(new Error('not a folder'), { code: 'ENOTDIR' });
    accessSync(dir, constants.R_OK | constants.W_OK | constants.X_OK);
    // root passes every access check: a real write says whether the folder takes files (read-only mounts too).
    const probe = join(dir, `.baken-write-check-${randomUUID()}`);
    writeFileSync(probe, '');
    rmSync(probe, { force: true });
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code ?? 'error';
    const why: Record<string, string> = {
      EACCES: 'permission denied',
      EPERM: 'permission denied',
      EROFS: 'the file system is read-only',
      ENOTDIR: 'it is not a folder',
      EEXIST: 'it is not a folder',
      ENOSPC: 'the disk is full',
    };
    throw new Error(
      `the ${what} ${dir} cannot be used: ${why[code] ?? (e as Error).message} (${code}); it must be a folder this user (uid ${process.getuid?.() ?? '?'}) can read and write`,
    );
  }
}
