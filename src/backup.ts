// npm run backup: a consistent copy of the live SQLite database through SQLite's online backup API,
// safe while Baken is running. Writes <DATA_DIR>/backups/baken-<timestamp>.sqlite.
import { chmodSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError, loadConfig, loadDotEnv } from './config.js';
import { ownerOnlyUmask } from './db/data-files.js';
import { backupDatabase, POSTGRES_BACKUP } from './db/backup.js';

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
  const target = join(dir, `baken-${new Date().toISOString().replace(/[:.]/g, '-')}.sqlite`);
  await backupDatabase(config.databasePath, target);
  chmodSync(target, 0o600);
  process.stdout.write(`backup written: ${target}\n`);
}

main().catch((e) => {
  if (e instanceof ConfigError) for (const p of e.problems) process.stderr.write(`config error: ${p}\n`);
  else process.stderr.write(`backup failed: ${(e as Error).message}\n`);
  process.exit(1);
});
