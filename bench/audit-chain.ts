// tsx bench/audit-chain.ts: what the audit chain costs (issue 21). Measures, on a fresh test database (SQLite, or
// PostgreSQL with TEST_DATABASE_URL=postgres://…):
//  - one audit entry in its own transaction, sealed onto the chain (writeAudit: chain lock, one read of the last row
//    by primary key, HMAC-SHA256, insert), beside the same transaction with the unsealed insert the app did before;
//  - verifying the whole log (npm run audit:verify's walk) at BENCH_AUDIT_ROWS rows (default 100,000).
// Prints a small table; not part of `npm run bench`.
import { performance } from 'node:perf_hooks';
import { createTestApp } from '../test/support/test-app.js';
import { writeAudit } from '../src/audit/audit.queries.js';
import { verifyAuditChain } from '../src/audit/audit-chain.service.js';

const N = Number(process.env.BENCH_AUDIT_WRITES ?? 2000);
const ROWS = Number(process.env.BENCH_AUDIT_ROWS ?? 100_000);

const t = await createTestApp();
const db = t.deps.db;
const entry = (i: number) => ({
  at: new Date().toISOString(),
  actorId: null,
  action: 'contact.view',
  subjectType: 'contact',
  subjectId: i,
  ip: '192.0.2.1',
  details: { n: i },
});

async function time(label: string, n: number, fn: (i: number) => Promise<unknown>) {
  for (let i = 0; i < 50; i++) await fn(i); // warm-up
  const t0 = performance.now();
  for (let i = 0; i < n; i++) await fn(i);
  const ms = performance.now() - t0;
  console.log(`| ${label} | ${n} | ${((ms / n) * 1000).toFixed(0)} µs |`);
}

console.log(`database: ${t.deps.config.databaseUrl ? 'PostgreSQL' : 'SQLite'}`);
console.log('| what | n | per entry |\n| --- | --- | --- |');
let nextId = 10_000_000;
await time('unsealed insert in a transaction (before)', N, (i) =>
  db.transaction().execute((trx) =>
    trx
      .insertInto('audit_log')
      .values({
        id: nextId++,
        at: new Date().toISOString(),
        actor_id: null,
        action: 'bench.unsealed',
        subject_type: 'contact',
        subject_id: String(i),
        ip: '192.0.2.1',
        details: JSON.stringify({ n: i }),
        prev_hash: null,
        hash: null,
      })
      .execute(),
  ),
);
// The unsealed rows stand after the chain's head: take them out of the way before measuring the chain.
await t.close();
const u = await createTestApp();
await time('sealed writeAudit in a transaction (now)', N, (i) =>
  u.deps.db.transaction().execute((trx) => writeAudit(trx, entry(i))),
);

const have = N + 50;
const t0 = performance.now();
for (let i = have; i < ROWS; i += 500)
  await u.deps.db.transaction().execute(async (trx) => {
    for (let j = i; j < Math.min(i + 500, ROWS); j++) await writeAudit(trx, entry(j));
  });
const fill = performance.now() - t0;
const t1 = performance.now();
const report = await verifyAuditChain(u.deps.db);
const verify = performance.now() - t1;
console.log(
  `\nfilled to ${ROWS} rows in ${(fill / 1000).toFixed(1)} s; verified ${report.rows} rows (intact: ${report.intact}) in ${verify.toFixed(0)} ms (${((verify / report.rows) * 1000).toFixed(1)} µs a row)`,
);
await u.close();
