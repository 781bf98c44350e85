// npm run audit:verify: walks the audit chain of the database the app's configuration names (DATABASE_URL, and
// AUDIT_KEY or DATA_DIR/audit.key) and says in one line whether every row is intact and in order. Exit 0: intact;
// 1: broken, naming the first row (by its id) that was changed, deleted or inserted out of order; 2: it could not
// verify (configuration, key, database). Reads only: it neither migrates nor writes.
import { existsSync } from 'node:fs';
import { ConfigError, loadConfig, loadDotEnv } from './config.js';
import { openDatabase } from './db/database.js';
import { resolveAuditKey } from './crypto/audit-key.js';
import { useAuditKey } from './audit/chain-key.js';
import { reportLine, verifyAuditChain } from './audit/audit-chain.service.js';

async function main(): Promise<number> {
  loadDotEnv();
  const config = loadConfig();
  const key = resolveAuditKey(config.auditKey, config.dataDir, () => {}, {
    development: config.nodeEnv !== 'production',
    allowInDataDir: config.auditKeyInDataDir,
    create: false,
  });
  if (!config.databaseUrl && !existsSync(config.databasePath))
    throw new Error(`there is no database at ${config.databasePath}`);
  const { db } = openDatabase(config.databaseUrl ?? config.databasePath, { poolSize: 1 });
  try {
    useAuditKey(db, key);
    const report = await verifyAuditChain(db);
    process.stdout.write(`${reportLine(report)}\n`);
    return report.intact ? 0 : 1;
  } finally {
    await db.destroy();
  }
}

main().then(
  (code) => process.exit(code),
  (e) => {
    if (e instanceof ConfigError) for (const p of e.problems) process.stderr.write(`config error: ${p}\n`);
    else process.stderr.write(`audit:verify could not verify: ${(e as Error).message}\n`);
    process.exit(2);
  },
);
