import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { createTestApp, signedIn, type TestApp } from '../../support/test-app.js';
import { secondInstance } from '../../support/two-instances.js';
import { execSql, withSqlite } from '../../support/sqlite.js';
import { onPostgres } from '../../support/database.js';
import { writeAudit, writeCheckpoint } from '../../../src/audit/audit.queries.js';
import { deleteAuditBatch } from '../../../src/retention/retention.queries.js';
import { reportLine, verifyAuditChain } from '../../../src/audit/audit-chain.service.js';
import { checkpointValid, GENESIS, sealOf } from '../../../src/audit/audit-chain.js';
import { auditKeyOf } from '../../../src/audit/chain-key.js';
import { runPurge } from '../../../src/retention/retention.service.js';
import { ConfigError, loadConfig } from '../../../src/config.js';
import type { Deps } from '../../../src/deps.js';

// The audit chain (docs/contract.md): every row sealed onto the one before it with AUDIT_KEY. The attacker here is someone
// with the database owner's rights: the append-only triggers are bypassed (PostgreSQL: session_replication_role;
// SQLite: the triggers dropped and put back afterwards), the rows edited, and the verifier must name the row.

const ROOT = join(import.meta.dirname, '..', '..', '..');
const apps: TestApp[] = [];
async function app(env: Record<string, string> = {}, now = '2026-11-23T10:00:00Z') {
  const t = await createTestApp(env, { now });
  apps.push(t);
  return t;
}
afterEach(async () => {
  for (const t of apps.splice(0).reverse()) await t.close();
});

/** Runs SQL behind the app's back past the append-only triggers, as the database's owner could. */
async function tamper(t: TestApp, text: string) {
  if (t.deps.config.databaseUrl)
    return execSql(t.deps, `SET session_replication_role = replica; ${text}; RESET session_replication_role;`);
  withSqlite(t.deps, (db) => {
    const triggers = db
      .prepare(
        "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name IN ('audit_log', 'audit_checkpoints')",
      )
      .all() as { name: string; sql: string }[];
    for (const tr of triggers) db.exec(`DROP TRIGGER ${tr.name}`);
    db.exec(text);
    for (const tr of triggers) db.exec(tr.sql); // and covers the traces
  });
}

/** Writes `n` audit entries as the features do (`at` in the app's clock unless given). */
async function entries(deps: Deps, n: number, at?: string) {
  for (let i = 0; i < n; i++)
    await writeAudit(deps.db, {
      at: at ?? deps.clock().toISOString(),
      actorId: null,
      action: 'contact.view',
      subjectType: 'contact',
      subjectId: 100 + i,
      ip: '192.0.2.1',
      details: { n: i },
    });
}

const rows = (deps: Deps) => deps.db.selectFrom('audit_log').selectAll().orderBy('id').execute();

/** `npm run audit:verify` as built from source, with the app's environment. */
async function auditVerify(t: TestApp, env: Record<string, string> = {}) {
  try {
    const r = await promisify(execFile)(join(ROOT, 'node_modules', '.bin', 'tsx'), ['src/audit-verify.ts'], {
      cwd: ROOT,
      env: {
        PATH: process.env.PATH,
        NODE_ENV: 'test',
        DATABASE_URL: t.deps.config.databaseUrl ?? t.deps.config.databasePath,
        DATA_DIR: t.dir,
        AUDIT_KEY: t.deps.config.auditKey!,
        ...env,
      },
    });
    return { code: 0, out: r.stdout, err: r.stderr };
  } catch (e) {
    const x = e as { code: number; stdout: string; stderr: string };
    return { code: x.code, out: x.stdout, err: x.stderr };
  }
}

describe('the audit chain', () => {
  it('seals every entry onto the one before it, numbered one after another, and verifies intact', async () => {
    const t = await app();
    const { client } = await signedIn(t, ['supervisor']);
    expect((await client.get('/audit')).status).toBe(200);
    await entries(t.deps, 3);
    const log = await rows(t.deps);
    expect(log.length).toBeGreaterThanOrEqual(3);
    const key = auditKeyOf(t.deps.db);
    let prev = GENESIS;
    log.forEach((r, i) => {
      expect(r.id).toBe(i + 1);
      expect(r.prev_hash).toBe(prev);
      expect(r.hash).toBe(sealOf(key, r, prev));
      prev = r.hash!;
    });
    const report = await verifyAuditChain(t.deps.db);
    expect(report).toMatchObject({ intact: true, rows: log.length, from: 0, head: { id: log.length, hash: prev } });
    expect(reportLine(report)).toContain(`${log.length} rows verified`);
  });

  it('keeps the chain whole under concurrent writers, with transactions that roll back in between', async () => {
    const t = await app();
    const writes = Array.from({ length: 40 }, (_, i) =>
      i % 5 === 4
        ? t.deps.db
            .transaction()
            .execute(async (trx) => {
              await writeAudit(trx, { at: t.deps.clock().toISOString(), actorId: null, action: 'rolled.back' });
              throw new Error('rolled back on purpose');
            })
            .catch(() => 'rolled back')
        : writeAudit(t.deps.db, { at: t.deps.clock().toISOString(), actorId: null, action: 'x', details: { i } }),
    );
    await Promise.all(writes);
    const log = await rows(t.deps);
    expect(log.map((r) => r.id)).toEqual(Array.from({ length: 32 }, (_, i) => i + 1));
    expect(log.some((r) => r.action === 'rolled.back')).toBe(false);
    expect(await verifyAuditChain(t.deps.db)).toMatchObject({ intact: true, rows: 32 });
  });

  it('appends audits given together without a transaction in the order given, each committed when its caller goes on', async () => {
    const t = await app();
    const seen: boolean[] = [];
    await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        writeAudit(t.deps.db, { at: t.deps.clock().toISOString(), actorId: null, action: 'read', details: { i } }).then(
          async () => {
            const row = await t.deps.db
              .selectFrom('audit_log')
              .select('id')
              .where('details', '=', JSON.stringify({ i }))
              .executeTakeFirst();
            seen[i] = row !== undefined;
          },
        ),
      ),
    );
    expect(seen).toEqual(Array.from({ length: 12 }, () => true));
    const log = await rows(t.deps);
    expect(log.map((r) => JSON.parse(r.details).i)).toEqual(Array.from({ length: 12 }, (_, i) => i));
    expect(await verifyAuditChain(t.deps.db)).toMatchObject({ intact: true, rows: 12 });
  });

  // Several instances share a PostgreSQL database (docs/product.md §9); an SQLite file belongs to one process.
  it.runIf(onPostgres())('keeps one chain when two instances on one database write at the same time', async () => {
    const a = await app();
    const b = await secondInstance(a);
    apps.push(b);
    await Promise.all([entries(a.deps, 15), entries(b.deps, 15), entries(a.deps, 10), entries(b.deps, 10)]);
    expect(await verifyAuditChain(a.deps.db)).toMatchObject({ intact: true, rows: 50 });
    expect(await verifyAuditChain(b.deps.db)).toMatchObject({ intact: true, rows: 50 });
  });

  it('reports an edited row at that row', async () => {
    const t = await app();
    await entries(t.deps, 6);
    await tamper(t, `UPDATE audit_log SET subject_id = '999' WHERE id = 4`);
    const report = await verifyAuditChain(t.deps.db);
    expect(report).toMatchObject({ intact: false, rows: 3, break: { kind: 'changed', id: 4 } });
    expect(reportLine(report)).toBe('audit log broken at row 4: row 4 was changed (it does not match its seal)');
  });

  it('reports an edited row whose seal was made up again without the key', async () => {
    const t = await app();
    await entries(t.deps, 4);
    await tamper(t, `UPDATE audit_log SET details = '{}', hash = '${'ab'.repeat(32)}' WHERE id = 2`);
    expect((await verifyAuditChain(t.deps.db)).break).toEqual({ kind: 'changed', id: 2 });
  });

  it('reports a deleted row at its id, also the last but one', async () => {
    const t = await app();
    await entries(t.deps, 6);
    await tamper(t, 'DELETE FROM audit_log WHERE id = 3');
    const report = await verifyAuditChain(t.deps.db);
    expect(report.break).toEqual({ kind: 'deleted', id: 3 });
    expect(reportLine(report)).toContain('row 3 was deleted');
    await tamper(t, 'DELETE FROM audit_log WHERE id = 5');
    expect((await verifyAuditChain(t.deps.db)).break).toEqual({ kind: 'deleted', id: 3 });
  });

  it('reports a row inserted in between or at the end, forged or without a seal, at that row', async () => {
    const t = await app();
    await entries(t.deps, 5);
    // In the place of row 3, another entry with a seal made up without the key.
    await tamper(
      t,
      `DELETE FROM audit_log WHERE id = 3;
       INSERT INTO audit_log (id, at, actor_id, action, subject_type, subject_id, ip, details, prev_hash, hash)
       SELECT 3, at, NULL, 'login', NULL, NULL, ip, '{}', prev_hash, '${'cd'.repeat(32)}' FROM audit_log WHERE id = 2`,
    );
    expect((await verifyAuditChain(t.deps.db)).break).toEqual({ kind: 'changed', id: 3 });

    const u = await app();
    await entries(u.deps, 3);
    await tamper(
      u,
      `INSERT INTO audit_log (id, at, actor_id, action, details) VALUES (4, '2026-11-23T10:00:00.000Z', NULL, 'login', '{}')`,
    );
    expect(reportLine(await verifyAuditChain(u.deps.db))).toBe(
      'audit log broken at row 4: row 4 was inserted outside Baken (it has no seal)',
    );
    // The app's next entry links past it; the break stays where it was.
    await entries(u.deps, 1);
    expect((await verifyAuditChain(u.deps.db)).break).toEqual({ kind: 'unsealed', id: 4 });
  });

  it('reports rows put in another order at the first of them', async () => {
    const t = await app();
    await entries(t.deps, 5);
    // Row 2 and row 3 trade places, seals and all.
    await tamper(
      t,
      'UPDATE audit_log SET id = 100 WHERE id = 2; UPDATE audit_log SET id = 2 WHERE id = 3; UPDATE audit_log SET id = 3 WHERE id = 100',
    );
    expect((await verifyAuditChain(t.deps.db)).break).toEqual({ kind: 'changed', id: 2 });
  });

  it('reports a row sealed with the key but linked after another row as inserted out of order', async () => {
    const t = await app();
    await entries(t.deps, 3);
    // What a writer that skipped the chain lock would leave: row 4 sealed onto row 2, not row 3.
    const two = (await rows(t.deps))[1]!;
    const row = {
      id: 4,
      at: two.at,
      actor_id: null,
      action: 'x',
      subject_type: null,
      subject_id: null,
      ip: null,
      details: '{}',
    };
    const hash = sealOf(auditKeyOf(t.deps.db), row, two.hash!);
    await tamper(
      t,
      `INSERT INTO audit_log (id, at, actor_id, action, details, prev_hash, hash) VALUES (4, '${two.at}', NULL, 'x', '{}', '${two.hash}', '${hash}')`,
    );
    expect(reportLine(await verifyAuditChain(t.deps.db))).toBe(
      'audit log broken at row 4: row 4 was inserted out of order (it links to another row than the one before it)',
    );
  });
});

describe('the purge of old audit rows', () => {
  const OLD = '2018-01-01T00:00:00.000Z';

  it('leaves a signed checkpoint where it ended, and the chain still verifies from there', async () => {
    const t = await app();
    await entries(t.deps, 3, OLD);
    await entries(t.deps, 2);
    await runPurge(t.deps, t.deps.clock());
    const log = await rows(t.deps);
    expect(log[0]!.id).toBe(4);
    const cps = await t.deps.db.selectFrom('audit_checkpoints').selectAll().execute();
    expect(cps.map((c) => c.last_id)).toEqual([3]);
    expect(checkpointValid(auditKeyOf(t.deps.db), cps[0]!)).toBe(true);
    const report = await verifyAuditChain(t.deps.db);
    // The three rows left, and the five entries the purge itself wrote (one per kind).
    expect(report).toMatchObject({ intact: true, from: 3, rows: log.length });
    expect(reportLine(report)).toContain('after the checkpoint at row 3');
    // An old row the purge removed, put back behind its back, is found.
    await tamper(
      t,
      `INSERT INTO audit_log (id, at, actor_id, action, details) VALUES (2, '${OLD}', NULL, 'login', '{}')`,
    );
    expect((await verifyAuditChain(t.deps.db)).break).toEqual({ kind: 'before_checkpoint', id: 2 });
  });

  it('removes old rows only from the start of the log, so the chain stays whole', async () => {
    const t = await app();
    await entries(t.deps, 1, OLD);
    await entries(t.deps, 1);
    await entries(t.deps, 1, OLD);
    await runPurge(t.deps, t.deps.clock());
    const log = await rows(t.deps);
    expect(log.slice(0, 2).map((r) => [r.id, r.at])).toEqual([
      [2, t.deps.clock().toISOString()],
      [3, OLD],
    ]);
    expect(await verifyAuditChain(t.deps.db)).toMatchObject({ intact: true, from: 1 });
  });

  it('continues the chain from the checkpoint when every row was purged', async () => {
    const t = await app();
    await entries(t.deps, 2, OLD);
    // A purge batch that takes every row there is (runPurge always leaves its own new entries behind it).
    await t.deps.db.transaction().execute(async (trx) => {
      const r = await deleteAuditBatch(trx, '2020-01-01T00:00:00.000Z', 100);
      await writeCheckpoint(trx, r.last!, t.deps.clock().toISOString());
    });
    expect(await rows(t.deps)).toEqual([]);
    await entries(t.deps, 1);
    const log = await rows(t.deps);
    expect(log.map((r) => r.id)).toEqual([3]);
    expect(await verifyAuditChain(t.deps.db)).toMatchObject({ intact: true, from: 2, rows: 1 });
  });

  it('reports a deleted or forged checkpoint', async () => {
    const t = await app();
    await entries(t.deps, 3, OLD);
    await entries(t.deps, 2);
    await runPurge(t.deps, t.deps.clock());
    await tamper(
      t,
      `INSERT INTO audit_checkpoints (last_id, last_hash, at, signature) SELECT 6, hash, at, '${'ef'.repeat(32)}' FROM audit_log WHERE id = 6`,
    );
    expect(reportLine(await verifyAuditChain(t.deps.db))).toBe(
      'audit log broken at row 6: the purge checkpoint at row 6 is not genuine (its signature does not match)',
    );
    await tamper(t, 'DELETE FROM audit_checkpoints');
    // Without its checkpoint the purged start of the log looks like what it is: rows taken away.
    expect((await verifyAuditChain(t.deps.db)).break).toEqual({ kind: 'deleted', id: 1 });
  });
});

describe('rows written before the chain existed', () => {
  it('are sealed once at the first start, and a row without a seal found later is reported, never sealed', async () => {
    const a = await app();
    // As the log was before migration 0023: rows without a seal.
    await tamper(
      a,
      `INSERT INTO audit_log (id, at, actor_id, action, details) VALUES
         (1, '2025-01-01T00:00:00.000Z', NULL, 'login', '{}'),
         (2, '2025-01-02T00:00:00.000Z', NULL, 'user.create', '{"id":7}'),
         (5, '2025-01-03T00:00:00.000Z', NULL, 'contact.view', '{}')`,
    );
    const b = await secondInstance(a);
    apps.push(b);
    expect(b.logs.join('\n')).toContain('existing rows sealed');
    expect(await verifyAuditChain(b.deps.db)).toMatchObject({ intact: true, rows: 3, head: { id: 5 } });
    await entries(b.deps, 1);
    expect((await rows(b.deps)).map((r) => r.id)).toEqual([1, 2, 5, 6]);

    await tamper(
      a,
      `INSERT INTO audit_log (id, at, actor_id, action, details) VALUES (7, '2025-01-04T00:00:00.000Z', NULL, 'login', '{}')`,
    );
    const c = await secondInstance(a);
    apps.push(c);
    expect(c.logs.join('\n')).not.toContain('existing rows sealed');
    expect((await verifyAuditChain(c.deps.db)).break).toEqual({ kind: 'unsealed', id: 7 });
  });

  it('say at start when AUDIT_KEY is not the key the log was sealed with', async () => {
    const a = await app();
    await entries(a.deps, 2);
    const b = await secondInstance(a, { AUDIT_KEY: randomBytes(32).toString('base64') });
    apps.push(b);
    expect(b.logs.join('\n')).toMatch(/does not match AUDIT_KEY/);
    expect((await verifyAuditChain(b.deps.db)).break).toEqual({ kind: 'changed', id: 1 });
  });
});

describe('/admin/audit/verify', () => {
  it('sends a visitor to sign in, and answers 403 to a supervisor and an agent', async () => {
    const t = await app();
    const anon = await t.app.request('http://baken.test/admin/audit/verify');
    expect(anon.status).toBe(302);
    expect(anon.headers.get('location')).toBe('/login?next=%2Fadmin%2Faudit%2Fverify');
    for (const role of ['supervisor', 'agent'] as const) {
      const { client } = await signedIn(t, [role]);
      expect((await client.get('/admin/audit/verify')).status).toBe(403);
    }
    expect((await rows(t.deps)).filter((r) => r.action === 'audit.verify')).toEqual([]);
  });

  it('shows an admin that the log is intact, in their language, and audits the check', async () => {
    const t = await app();
    await entries(t.deps, 2);
    const { client, user } = await signedIn(t, ['admin']);
    const audit = await client.get('/audit');
    expect(await audit.text()).toContain('href="/admin/audit/verify"');
    const res = await client.get('/admin/audit/verify');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/text\/html/);
    const body = await res.text();
    expect(body).toContain('Audit log integrity');
    expect(body).toMatch(/Intact: \d+ entries checked, none changed, deleted or out of order\./);
    expect(body).toMatch(/Last entry: \d+, seal [0-9a-f]{16}…/);
    expect((await client.post('/account', { locale: 'nl' })).status).toBe(303);
    const nl = await (await client.get('/admin/audit/verify')).text();
    expect(nl).toContain('Integriteit van het auditlog');
    expect(nl).toMatch(/In orde: \d+ regels gecontroleerd/);
    const checks = (await rows(t.deps)).filter((r) => r.action === 'audit.verify');
    expect(checks).toHaveLength(2);
    expect(checks[0]!.actor_id).toBe(user.id);
    expect(JSON.parse(checks[0]!.details)).toMatchObject({ intact: true });
  });

  it('shows the first broken row after tampering, and the check itself is audited', async () => {
    const t = await app();
    await entries(t.deps, 4);
    const { client } = await signedIn(t, ['admin']);
    expect((await client.post('/account', { locale: 'nl' })).status).toBe(303);
    await tamper(t, 'DELETE FROM audit_log WHERE id = 2');
    const res = await client.get('/admin/audit/verify');
    expect(res.status).toBe(200);
    const body = await res.text();
    expect(body).toContain('Verbroken bij regel 2');
    expect(body).toContain('Regel 2 is verwijderd');
    expect(body).toContain('role="alert"');
    const check = (await rows(t.deps)).filter((r) => r.action === 'audit.verify').at(-1)!;
    expect(JSON.parse(check.details)).toEqual({ intact: false, rows: 1, kind: 'deleted', id: 2 });
  });

  it('offers a supervisor no link to the check on the audit page', async () => {
    const t = await app();
    const { client } = await signedIn(t, ['supervisor']);
    expect(await (await client.get('/audit')).text()).not.toContain('/admin/audit/verify');
  });
});

describe('npm run audit:verify', () => {
  it('exits 0 with one line when intact, 1 naming the first broken row, 2 when it cannot verify', async () => {
    const t = await app();
    await entries(t.deps, 4);
    const ok = await auditVerify(t);
    expect(ok.code).toBe(0);
    expect(ok.out).toMatch(/^audit log intact: 4 rows verified, head row 4 \([0-9a-f]{16}\)\n$/);
    await tamper(t, `UPDATE audit_log SET action = 'login' WHERE id = 3`);
    const broken = await auditVerify(t);
    expect(broken.code).toBe(1);
    expect(broken.out).toBe('audit log broken at row 3: row 3 was changed (it does not match its seal)\n');
    const noKey = await auditVerify(t, { AUDIT_KEY: '' });
    expect(noKey.code).toBe(2);
    expect(noKey.err).toContain('audit.key does not exist');
  }, 60_000); // three processes that each compile the script: slow on a busy machine, whatever they find
});

describe('AUDIT_KEY', () => {
  const prod = { NODE_ENV: 'production', TWILIO_AUTH_TOKEN: 'x', DATA_KEY: Buffer.alloc(32, 1).toString('base64') };
  const problems = (env: Record<string, string>) => {
    try {
      loadConfig(env);
      return [];
    } catch (e) {
      return (e as ConfigError).problems;
    }
  };

  it('is required in production, apart from DATA_KEY, unless a key file in DATA_DIR is allowed', () => {
    expect(problems(prod).join('\n')).toMatch(/^AUDIT_KEY: required when NODE_ENV=production/m);
    expect(loadConfig({ ...prod, AUDIT_KEY_IN_DATA_DIR: 'allow' }).auditKeyInDataDir).toBe(true);
    expect(problems({ ...prod, AUDIT_KEY: prod.DATA_KEY }).join('\n')).toContain(
      'AUDIT_KEY: must differ from DATA_KEY',
    );
    expect(problems({ ...prod, AUDIT_KEY: 'c2hvcnQ=' }).join('\n')).toContain('AUDIT_KEY must be base64 of exactly 32');
    expect(problems({ ...prod, AUDIT_KEY: 'c2hvcnQ=' }).join('\n')).not.toContain('c2hvcnQ=');
    expect(problems({ ...prod, AUDIT_KEY_IN_DATA_DIR: 'yes' }).join('\n')).toContain('only accepted value');
    const key = randomBytes(32).toString('base64');
    expect(loadConfig({ ...prod, AUDIT_KEY: key }).auditKey).toBe(key);
    expect(() => loadConfig({ ...prod, AUDIT_KEY: key })).not.toThrow(ConfigError);
  });

  it('is generated into the data folder outside production, owner-only, with a warning', async () => {
    const t = await app({ AUDIT_KEY: '' });
    expect(t.logs.join('\n')).toMatch(/AUDIT_KEY is not set: generated a key into .*audit\.key/);
    await entries(t.deps, 1);
    expect(await verifyAuditChain(t.deps.db)).toMatchObject({ intact: true });
    const ok = await auditVerify(t, { AUDIT_KEY: '' });
    expect(ok.code).toBe(0);
  }, 30_000);
});
