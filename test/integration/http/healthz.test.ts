import { execFile, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import SQLite from 'better-sqlite3';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../../src/db/database.js';
import { migrate } from '../../../src/db/migrator.js';
import { onPostgres, testPostgresUrl } from '../../support/database.js';
import { createTestApp, type TestApp } from '../../support/test-app.js';
import { sid, signedTwilioPost, twilioSignature } from '../../support/twilio.js';
import { type ChildInstance, startInstanceProcess } from '../../support/two-instances.js';

// docs/contract.md: GET /healthz answers 200 when the app and its database are usable — and a database that answers a
// read but cannot write (a full disk, a read-only server) is not usable: every webhook fails there.
const run = promisify(execFile);
const TOKEN = 'test-twilio-auth-token-0123456789';
const PUBLIC = 'https://baken.example.org';
const ACCOUNT = `AC${'1'.repeat(32)}`;
const TWILIO = { TWILIO_AUTH_TOKEN: TOKEN, TWILIO_ACCOUNT_SID: ACCOUNT, PUBLIC_URL: PUBLIC };

const callParams = (n: number) => ({
  AccountSid: ACCOUNT,
  CallSid: sid('CA', `disk-${n}`),
  From: `+3161234${String(n).padStart(4, '0')}`,
  To: '+31334481186',
  Direction: 'inbound',
  CallStatus: 'ringing',
});

async function voiceWebhook(base: string, n: number) {
  const p = callParams(n);
  const res = await fetch(`${base}/twilio/voice`, {
    method: 'POST',
    body: new URLSearchParams(p),
    headers: {
      'Content-Type': 'application/x-www-form-urlencoded',
      'X-Twilio-Signature': twilioSignature(TOKEN, `${PUBLIC}/twilio/voice`, p),
    },
  });
  await res.text();
  return res.status;
}

async function until(check: () => Promise<boolean>, ms: number): Promise<boolean> {
  const end = Date.now() + ms;
  for (;;) {
    if (await check()) return true;
    if (Date.now() > end) return false;
    await new Promise((r) => setTimeout(r, 100));
  }
}

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

describe('/healthz under a flood of checks', () => {
  it('answers them all from one write, and writes again once its result is two seconds old', async () => {
    const t = await createTestApp({}, { now: '2026-11-23T10:00:00Z' });
    cleanups.push(() => t.close());
    const checkedAt = async () =>
      (
        await t.deps.db
          .selectFrom('health_probe')
          .select('checked_at')
          .where('instance', '=', t.deps.instanceId)
          .execute()
      ).map((r) => r.checked_at);
    const flood = async () => {
      const answers = await Promise.all(Array.from({ length: 30 }, () => t.app.request('/healthz')));
      return answers.map((r) => r.status);
    };
    expect(await flood()).toEqual(Array(30).fill(200));
    expect(await checkedAt()).toEqual(['2026-11-23T10:00:00.000Z']);
    // Within the two seconds: answered from the last result, nothing written.
    t.clock.set('2026-11-23T10:05:00Z');
    expect(await flood()).toEqual(Array(30).fill(200));
    expect(await checkedAt()).toEqual(['2026-11-23T10:00:00.000Z']);
    // After them, the next check writes again.
    await new Promise((r) => setTimeout(r, 2100));
    expect(await flood()).toEqual(Array(30).fill(200));
    expect(await checkedAt()).toEqual(['2026-11-23T10:05:00.000Z']);
  });
});

/** prlimit (util-linux) sets the file size limit that stands in for a full disk; Linux only. */
const hasPrlimit = spawnSync('prlimit', ['--version']).error === undefined;

describe.skipIf(onPostgres() || !hasPrlimit)('/healthz on a full disk (SQLite)', () => {
  it('answers 503 while the database file cannot grow and webhooks fail, and 200 again once it can', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'baken-diskfull-'));
    cleanups.push(async () => rmSync(dir, { recursive: true, force: true }));
    // A migrated database, closed (its WAL checkpointed away); then an instance whose files may not grow more
    // than 256 kB past that size (RLIMIT_FSIZE: a write beyond it fails as on a full disk): its WAL fills after
    // a number of calls.
    const path = join(dir, 'baken.sqlite');
    const { db } = openDatabase(path);
    await migrate(db);
    await db.destroy();
    const file = new SQLite(path);
    file.pragma('wal_checkpoint(TRUNCATE)');
    file.close();
    const instance: ChildInstance = await startInstanceProcess(
      { ...TWILIO, INSTANCE_LOG: '1', DATABASE_URL: path, DATA_DIR: dir, DATA_KEY: randomBytes(32).toString('base64') },
      ['prlimit', `--fsize=${statSync(path).size + 256 * 1024}:unlimited`], // a soft limit, raised again below
    );
    cleanups.push(() => instance.kill());
    const healthz = () => fetch(`${instance.url}/healthz`);

    const ok = await healthz();
    expect(ok.status, instance.output()).toBe(200);
    expect(ok.headers.get('Cache-Control')).toBe('no-store');
    expect(await ok.json()).toEqual({ status: 'ok' });

    const answered: number[] = [];
    let failedCall = -1;
    for (let n = 0; n < 400 && failedCall < 0; n++) {
      const status = await voiceWebhook(instance.url, n);
      if (status === 200) answered.push(n);
      else failedCall = n;
    }
    expect(answered.length).toBeGreaterThan(0);
    expect(failedCall).toBeGreaterThan(0); // the disk really filled up
    expect(await until(async () => (await healthz()).status === 503, 15_000), instance.output()).toBe(true);
    const full = await healthz();
    expect(full.status).toBe(503);
    expect(await full.json()).toEqual({ status: 'database unavailable' });
    expect(instance.child.exitCode).toBeNull();

    // Room again: the same process serves, and nothing answered 200 was lost.
    await run('prlimit', ['--pid', String(instance.child.pid), '--fsize=unlimited']);
    expect(await until(async () => (await healthz()).status === 200, 15_000)).toBe(true);
    expect(await voiceWebhook(instance.url, failedCall)).toBe(200);
    await instance.kill('SIGTERM');
    const check = openDatabase(path);
    try {
      const stored = (await check.db.selectFrom('calls').select('call_sid').execute()).map((r) => r.call_sid);
      for (const n of [...answered, failedCall]) expect(stored).toContain(sid('CA', `disk-${n}`));
      expect(new Set(stored).size).toBe(stored.length);
    } finally {
      await check.db.destroy();
    }
  }, 60_000);
});

describe.skipIf(!onPostgres())('PostgreSQL settings that give up durability', () => {
  it('are named in one warning at start when the server runs with them, and no warning is logged without them', async () => {
    const admin = new pg.Client({ connectionString: testPostgresUrl()! });
    await admin.connect();
    const s = await admin.query<{ fsync: string; fpw: string; sc: string }>(
      `SELECT current_setting('fsync') AS fsync, current_setting('full_page_writes') AS fpw,
              current_setting('synchronous_commit') AS sc`,
    );
    await admin.end();
    const { fsync, fpw, sc } = s.rows[0]!;
    const off = [
      ...(fsync === 'off' ? ['fsync=off'] : []),
      ...(fpw === 'off' ? ['full_page_writes=off'] : []),
      ...(sc === 'off' ? ['synchronous_commit=off'] : []),
    ];
    const t = await createTestApp();
    cleanups.push(() => t.close());
    const warnings = t.logs.filter((l) => l.includes('may be lost on a power loss'));
    if (off.length === 0) expect(warnings).toEqual([]);
    else {
      expect(warnings).toHaveLength(1);
      expect(JSON.parse(warnings[0]!)).toMatchObject({ level: 'warn', settings: off });
    }
  });
});

describe.skipIf(!onPostgres())('/healthz on a read-only database (PostgreSQL)', () => {
  it('answers 503 while the server refuses writes though it still answers reads, and 200 again after', async () => {
    const t: TestApp = await createTestApp(TWILIO);
    cleanups.push(() => t.close());
    const name = new URL(t.deps.config.databaseUrl!).pathname.slice(1);
    const admin = new pg.Client({ connectionString: testPostgresUrl()! });
    await admin.connect();
    cleanups.push(() => admin.end());
    // Every new session of the app's database is read-only (as on a standby, or a database an administrator
    // locked); the app's open connections are ended so its pool opens new ones.
    const readOnly = async (on: boolean) => {
      await admin.query(
        on
          ? `ALTER DATABASE "${name}" SET default_transaction_read_only = on`
          : `ALTER DATABASE "${name}" RESET default_transaction_read_only`,
      );
      await admin.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1', [name]);
    };
    cleanups.push(() => readOnly(false));
    expect((await t.app.request('/healthz')).status).toBe(200);
    await readOnly(true);

    expect(await until(async () => (await t.app.request('/healthz')).status === 503, 15_000)).toBe(true);
    const res = await t.app.request('/healthz');
    expect(res.status).toBe(503);
    expect(await res.json()).toEqual({ status: 'database unavailable' });
    // What the probe stands for: reads work, a webhook's write does not.
    await expect(t.deps.db.selectFrom('users').select('id').execute()).resolves.toBeInstanceOf(Array);
    expect((await signedTwilioPost(t.app, PUBLIC, TOKEN, '/twilio/voice', callParams(1))).status).toBe(500);

    await readOnly(false);
    expect(await until(async () => (await t.app.request('/healthz')).status === 200, 15_000)).toBe(true);
    expect((await signedTwilioPost(t.app, PUBLIC, TOKEN, '/twilio/voice', callParams(1))).status).toBe(200);
  });
});
