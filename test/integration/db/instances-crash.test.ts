import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { createTestApp, type TestApp } from '../../support/test-app.js';
import { sid, signedTwilioPost, twilioSignature } from '../../support/twilio.js';
import { type ChildInstance, startChildInstance } from '../../support/two-instances.js';
import { freshEmptyPostgres, onPostgres } from '../../support/database.js';

const TOKEN = 'test-twilio-auth-token-0123456789';
const PUBLIC = 'https://baken.example.org';
const ACCOUNT = `AC${'1'.repeat(32)}`;
const TWILIO = { TWILIO_AUTH_TOKEN: TOKEN, TWILIO_ACCOUNT_SID: ACCOUNT, PUBLIC_URL: PUBLIC };

const apps: TestApp[] = [];
const children: ChildInstance[] = [];
const drops: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of children.splice(0)) await c.kill();
  for (const t of apps.splice(0).reverse()) await t.close();
  for (const d of drops.splice(0)) await d();
});

const params = (n: number) => ({
  AccountSid: ACCOUNT,
  CallSid: sid('CA', `burst-${n}`),
  From: `+3161234${String(n).padStart(4, '0')}`,
  To: '+31334481186',
  Direction: 'inbound',
  CallStatus: 'ringing',
});

/** Posts the voice webhook for call `n` to an instance over HTTP, signed as Twilio signs it (over PUBLIC_URL). */
async function voiceWebhook(base: string, n: number): Promise<number> {
  const p = params(n);
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

describe('an instance killed in the middle of its work', () => {
  it('loses no webhook it answered 200 when it is killed mid-burst; the other instance takes the rest', async () => {
    const a = await createTestApp(TWILIO);
    apps.push(a);
    const b = await startChildInstance(a, TWILIO);
    children.push(b);
    const answered = new Map<number, number>();
    const total = 160;
    let next = 0;
    let killed = false;
    await Promise.all(
      Array.from({ length: 8 }, async () => {
        while (next < total) {
          const n = next++;
          const status = await voiceWebhook(b.url, n).catch(() => 0);
          answered.set(n, status);
          if (!killed && [...answered.values()].filter((s) => s === 200).length >= 30) {
            killed = true;
            await b.kill('SIGKILL');
          }
        }
      }),
    );
    const ok = [...answered].filter(([, s]) => s === 200).map(([n]) => n);
    const failed = [...answered].filter(([, s]) => s !== 200).map(([n]) => n);
    expect(ok.length).toBeGreaterThanOrEqual(30);
    expect(failed.length).toBeGreaterThan(0); // the kill really came in the middle
    const stored = new Set((await a.deps.db.selectFrom('calls').select('call_sid').execute()).map((r) => r.call_sid));
    for (const n of ok) expect(stored.has(sid('CA', `burst-${n}`))).toBe(true);
    // The load balancer sends the unanswered ones to the instance still running: every call is then stored once,
    // also those the killed instance had committed without getting its answer out.
    for (const n of failed)
      expect((await signedTwilioPost(a.app, PUBLIC, TOKEN, '/twilio/voice', params(n))).status).toBe(200);
    const calls = await a.deps.db.selectFrom('calls').select('call_sid').execute();
    expect(calls).toHaveLength(total);
    expect(new Set(calls.map((c) => c.call_sid)).size).toBe(total);
    // Two child processes started, one killed and a burst replayed: ~17 s on a busy two-core machine, so it gets more
    // than the suite's 20 s (time is not what it asserts).
  }, 90_000);
});

describe.skipIf(!onPostgres())('instances starting at once (PostgreSQL)', () => {
  it('migrates an empty database once and creates the first admin once when two instances start at the same moment', async () => {
    const db = await freshEmptyPostgres();
    drops.push(db.drop);
    const env = { DATABASE_URL: db.url, ADMIN_EMAIL: 'admin@baken.test', ADMIN_PASSWORD: 'first-admin-password' };
    const [x, y] = await Promise.all([createTestApp(env), createTestApp(env)]);
    apps.push(x, y);
    const files = readdirSync(join(import.meta.dirname, '..', '..', '..', 'migrations', 'postgres')).filter((f) =>
      /^\d{4}_[\w-]+\.sql$/.test(f),
    );
    const rows = await sql<{ name: string; n: number }>`
      SELECT name, count(*) AS n FROM schema_migrations GROUP BY name`.execute(x.deps.db);
    expect(rows.rows.map((r) => r.name).sort()).toEqual(files.sort());
    expect(rows.rows.every((r) => Number(r.n) === 1)).toBe(true);
    const migrated = [...x.logs, ...y.logs].filter((l) => l.includes('database migrated'));
    expect(migrated).toHaveLength(1);
    // Both started; the first admin exists once.
    expect(await x.deps.db.selectFrom('users').select('email').execute()).toEqual([{ email: 'admin@baken.test' }]);
  });
});
