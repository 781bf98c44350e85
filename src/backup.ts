// npm run backup: a consistent copy of the live SQLite database through SQLite's online backup API,
// safe while Baken is running. Writes <DATA_DIR>/backups/baken-<timestamp>.sqlite.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import { ConfigError, loadConfig, loadDotEnv } from './config.js';

async function main() {
  loadDotEnv();
  const config = loadConfig();
  const dir = join(config.dataDir, 'backups');
  mkdirSync(dir, { recursive: true });
  const target = join(dir, `baken-${new Date().toISOString().replace(/[:.]/g, '-')}.sqlite`);
  const db = new SQLite(config.databasePath, { fileMustExist: true });
  await db.backup(target);
  db.close();
  process.stdout.write(`backup written: ${target}\n`);
}

main().catch((e) => {
  if (e instanceof ConfigError) for (const p of e.problems) process.stderr.write(`config error: ${p}\n`);
  else process.stderr.write(`backup failed: ${(e as Error).message}\n`);
  process.exit(1);
});
