// npm run restore -- <backup file> [--force]: restores an SQLite backup (npm run backup's file) as the database
// the configuration names (DATABASE_URL, default data/baken.sqlite), in an empty data folder. A folder that already
// holds a database is refused unless --force, which moves that database aside (never deletes it). Stop Baken first.
// Afterwards the audit chain is verified with AUDIT_KEY (or DATA_DIR/audit.key), which no backup holds.
// Exit 0: restored and the chain verifies; 1: restored, but the chain is broken or could not be verified;
// 2: nothing restored.
import { ConfigError, loadConfig, loadDotEnv } from './config.js';
import { ownerOnlyUmask } from './db/data-files.js';
import { openDatabase } from './db/database.js';
import { POSTGRES_RESTORE, RestoreError, restoreDatabase } from './db/backup.js';
import { resolveAuditKey } from './crypto/audit-key.js';
import { useAuditKey } from './audit/chain-key.js';
import { reportLine, verifyAuditChain } from './audit/audit-chain.service.js';

const USAGE = 'usage: npm run restore -- <backup file> [--force]';

async function main(): Promise<number> {
  ownerOnlyUmask(); // the restored database is owner-only, like the one Baken creates
  const args = process.argv.slice(2);
  const force = args.includes('--force');
  const files = args.filter((a) => a !== '--force');
  if (files.length !== 1 || files[0].startsWith('-')) throw new RestoreError(USAGE);
  loadDotEnv();
  const config = loadConfig();
  if (config.databaseUrl) {
    process.stderr.write(`${POSTGRES_RESTORE}\n`);
    return 2;
  }
  const r = await restoreDatabase(files[0], config.databasePath, { force });
  if (r.setAside) process.stdout.write(`the database that was there was moved to ${r.setAside}\n`);
  process.stdout.write(
    `restored ${files[0]} into ${r.target}: ${r.counts.contacts} contacts, ${r.counts.registrations} registrations, ${r.counts.auditRows} audit rows (at migration ${r.migration ?? 'none'})\n`,
  );
  let key: Buffer;
  try {
    key = resolveAuditKey(config.auditKey, config.dataDir, () => {}, {
      development: config.nodeEnv !== 'production',
      allowInDataDir: config.auditKeyInDataDir,
      create: false,
    });
  } catch (e) {
    process.stdout.write(
      `audit chain not verified: ${(e as Error).message}. No backup holds the audit key: set the AUDIT_KEY the desk ran with (or put its audit.key into DATA_DIR), then run npm run audit:verify\n`,
    );
    return 1;
  }
  const { db } = openDatabase(r.target, { poolSize: 1 });
  try {
    useAuditKey(db, key);
    const report = await verifyAuditChain(db);
    process.stdout.write(`${reportLine(report)}\n`);
    return report.intact ? 0 : 1;
  } catch (e) {
    process.stdout.write(
      `audit chain not verified: ${(e as Error).message} (a backup from before the chain: start Baken once, then run npm run audit:verify)\n`,
    );
    return 1;
  } finally {
    await db.destroy();
  }
}

main().then(
  (code) => process.exit(code),
  (e) => {
    if (e instanceof ConfigError) for (const p of e.problems) process.stderr.write(`config error: ${p}\n`);
    else process.stderr.write(`restore failed: ${(e as Error).message}\n`);
    process.exit(2);
  },
);
