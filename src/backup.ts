// npm run backup: a consistent copy of the live SQLite database through SQLite's online backup API,
// safe while Baken is running. Writes <DATA_DIR>/backups/baken-<timestamp>.sqlite and keeps the newest
// BACKUP_KEEP of them (older ones are deleted). Restore one with npm run restore -- <file>.
import { chmodSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError, loadConfig, loadDotEnv } from './config.js';
import { ownerOnlyUmask } from './db/data-files.js';
import { backupDatabase, backupFileName, POSTGRES_BACKUP, rotateBackups } from './db/backup.js';

async function main() {
  ownerOnlyUmask(); // a backup holds everything the database does: owner-only, like the database itself
  loadDotEnv();
  const config = loadConfig();
  if (config.databaseUrl) {
    process.stderr.write(`${POSTGRES_BACKUP}\n`);
    process.exit(1);
  }
  const dir = join(config.dataDir, 'backups');
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  chmodSync(dir, 0o700);
  const target = join(dir, backupFileName(new Date()));
  await backupDatabase(config.databasePath, target);
  chmodSync(target, 0o600);
  process.stdout.write(`backup written: ${target}\n`);
  const removed = rotateBackups(dir, config.backupKeep);
  if (removed.length)
    process.stdout.write(`older backups deleted (BACKUP_KEEP=${config.backupKeep}): ${removed.join(', ')}\n`);
}

main().catch((e) => {
  if (e instanceof ConfigError) for (const p of e.problems) process.stderr.write(`config error: ${p}\n`);
  else process.stderr.write(`backup failed: ${(e as Error).message}\n`);
  process.exit(1);
});
