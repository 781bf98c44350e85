import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import nodemailer from 'nodemailer';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { onPostgres } from '../../support/database.js';
import { rawMessage } from '../../support/mail.js';
import { Client } from '../../support/test-app.js';
import { sid, twilioSignature } from '../../support/twilio.js';
import { type ChildInstance, startInstanceProcess } from '../../support/two-instances.js';

// docs/product.md §9 (several instances) under a database fault: two whole instances in their own processes on one
// PostgreSQL, taking calls, mail and agents' requests while the server is shut down and started again. The test
// runs its own small cluster (.ci/pg-cluster, as CI's run does for the suite) so it can restart it without
// touching the suite's server; on SQLite there is no database server to restart and the test is skipped.
const ROOT = join(import.meta.dirname, '..', '..', '..');
const CLUSTER = join(ROOT, '.ci', 'pg-cluster');
const run = promisify(execFile);

const TOKEN = 'test-twilio-auth-token-0123456789';
const PUBLIC = 'https://baken.example.org';
const ACCOUNT = `AC${'1'.repeat(32)}`;
const DESK = 'meldpunt@baken.test';
const ADMIN = { email: 'admin@baken.test', password: 'restart-admin-password' };

const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });

const callParams = (n: number) => ({
  AccountSid: ACCOUNT,
  CallSid: sid('CA', `restart-${n}`),
  From: `+3161234${String(n).padStart(4, '0')}`,
  To: '+31334481186',
  Direction: 'inbound',
  CallStatus: 'ringing',
});

interface Answer {
  status: number;
  type: string;
  body: string;
}

/** Posts the voice webhook for call `n` over HTTP, signed as Twilio signs it; status 0 when no answer came. */
async function voiceWebhook(base: string, n: number): Promise<Answer> {
  const p = callParams(n);
  try {
    const res = await fetch(`${base}/twilio/voice`, {
      method: 'POST',
      body: new URLSearchParams(p),
      headers: {
        'Content-Type': 'application/x-www-form-urlencoded',
        'X-Twilio-Signature': twilioSignature(TOKEN, `${PUBLIC}/twilio/voice`, p),
      },
    });
    return { status: res.status, type: res.headers.get('Content-Type') ?? '', body: await res.text() };
  } catch {
    return { status: 0, type: '', body: '' };
  }
}

const mail = (i: number) =>
  rawMessage(
    { From: `sender${i}@politie.nl`, To: DESK, Subject: `Melding ${i}`, 'Message-ID': `<restart-${i}@politie.nl>` },
    `Bericht ${i}`,
  );

/** Connection failures of the mail senders (what they were), for the failure message. */
const mailErrors: string[] = [];

/** Sends mail `i` to a listener; the SMTP code of the answer (250, 451…) or 0 when the connection failed. */
async function sendOne(port: number, i: number): Promise<number> {
  // Timeouts as generous as a real sending server's: a slow answer on a busy machine is not a failure.
  const transport = nodemailer.createTransport({
    host: '127.0.0.1',
    port,
    secure: false,
    ignoreTLS: true,
    connectionTimeout: 60_000,
    greetingTimeout: 60_000,
    socketTimeout: 60_000,
  });
  try {
    const info = await transport.sendMail({ envelope: { from: `sender${i}@politie.nl`, to: [DESK] }, raw: mail(i) });
    return Number(String(info.response).slice(0, 3));
  } catch (e) {
    const code = (e as { responseCode?: number }).responseCode;
    if (code === undefined) mailErrors.push(`${(e as { code?: string }).code}: ${(e as Error).message}`);
    return code ?? 0;
  } finally {
    transport.close();
  }
}

/** A browser's fetch against a running instance, for the test Client (keeps cookies, sends the CSRF token). */
const over = (base: string) =>
  new Client(
    { request: (url: string, init?: RequestInit) => fetch(url, { ...init, redirect: 'manual' }) } as never,
    base,
  );

/** Opens the live stream of a signed-in client on an instance over HTTP and collects what arrives. */
async function liveStream(base: string, client: Client) {
  const res = await fetch(`${base}/live/events`, {
    headers: { Cookie: [...client.cookies].map(([k, v]) => `${k}=${v}`).join('; ') },
  });
  if (res.status !== 200) throw new Error(`live stream answered ${res.status}`);
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  let text = '';
  void (async () => {
    for (;;) {
      const next = await reader.read().catch(() => ({ done: true, value: undefined }));
      if (next.done) break;
      text += decoder.decode(next.value);
    }
  })();
  return { text: () => text, close: () => reader.cancel().catch(() => undefined) };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** Polls `check` until it holds or `ms` passed; its last result. */
async function until(check: () => Promise<boolean> | boolean, ms: number): Promise<boolean> {
  const end = Date.now() + ms;
  for (;;) {
    if (await check()) return true;
    if (Date.now() > end) return false;
    await sleep(100);
  }
}

const healthz = (base: string) =>
  fetch(`${base}/healthz`)
    .then((r) => r.status)
    .catch(() => 0);

let dataDir = '';
let clusterDir = '';
let url = '';
let port = 0;
const instances: ChildInstance[] = [];

beforeAll(async () => {
  if (!onPostgres()) return;
  port = await freePort();
  clusterDir = join(tmpdir(), `baken-pgrestart-${process.pid}-${randomBytes(3).toString('hex')}`);
  await run(CLUSTER, ['start', clusterDir, String(port)]);
  const admin = new pg.Client({ connectionString: `postgres://postgres:baken@127.0.0.1:${port}/postgres` });
  await admin.connect();
  await admin.query(`CREATE DATABASE baken TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C' LC_CTYPE 'C.UTF-8'`);
  await admin.end();
  url = `postgres://postgres:baken@127.0.0.1:${port}/baken`;
  dataDir = mkdtempSync(join(tmpdir(), 'baken-pgrestart-data-'));
}, 120_000);

afterAll(async () => {
  for (const i of instances.splice(0)) await i.kill();
  if (clusterDir) await run(CLUSTER, ['stop', clusterDir]).catch(() => undefined);
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
}, 60_000);

describe.skipIf(!onPostgres())('a PostgreSQL restart under load (two instances)', () => {
  it('is survived by both instances: requests fail cleanly meanwhile, both serve again, every answered item stored once', async () => {
    const env = {
      DATABASE_URL: url,
      DATA_DIR: dataDir,
      DATA_KEY: randomBytes(32).toString('base64'),
      PUBLIC_URL: PUBLIC,
      TWILIO_AUTH_TOKEN: TOKEN,
      TWILIO_ACCOUNT_SID: ACCOUNT,
      HELPDESK_ADDRESSES: DESK,
      ADMIN_EMAIL: ADMIN.email,
      ADMIN_PASSWORD: ADMIN.password,
      INSTANCE_BACKGROUND: '1',
      INSTANCE_SMTP: '1',
    };
    const a = await startInstanceProcess(env);
    instances.push(a);
    const b = await startInstanceProcess(env);
    instances.push(b);
    const both = [a, b];

    // An agent signed in once (the session is in the database: valid on either instance).
    const agent = over(a.url);
    expect((await agent.signIn(ADMIN.email, ADMIN.password)).status).toBe(303);

    // The load: calls and mail to both instances, and the agent's inbox on both, until told to stop.
    const calls = new Map<number, Answer>();
    const mails = new Map<number, number>();
    const pages: number[] = [];
    let nextCall = 0;
    let nextMail = 0;
    let stop = false;
    const okCalls = () => [...calls.values()].filter((r) => r.status === 200).length;
    const okMails = () => [...mails.values()].filter((c) => c === 250).length;
    const loops = [
      ...Array.from({ length: 4 }, (_, k) => async () => {
        while (!stop) {
          const n = nextCall++;
          calls.set(n, await voiceWebhook(both[k % 2]!.url, n));
        }
      }),
      ...Array.from({ length: 2 }, (_, k) => async () => {
        while (!stop) {
          const i = nextMail++;
          mails.set(i, await sendOne(both[k % 2]!.smtpPort!, i));
        }
      }),
      ...both.map((inst) => async () => {
        const client = over(inst.url);
        client.cookies = agent.cookies;
        while (!stop) {
          const status = await client.get('/contacts').then(
            async (r) => {
              await r.arrayBuffer();
              return r.status;
            },
            () => 0,
          );
          pages.push(status);
          await sleep(50);
        }
      }),
    ];
    const load = Promise.all(loops.map((l) => l()));

    // Some work done, then the server goes down (as an administrator's restart or a failover does) for a while.
    expect(await until(() => okCalls() >= 20 && okMails() >= 10, 60_000)).toBe(true);
    await run(CLUSTER, ['down', clusterDir]);
    const callsAtDown = nextCall;
    const mailsAtDown = nextMail;
    // While it is down: /healthz says so, and the load goes on failing cleanly.
    for (const inst of both) expect(await healthz(inst.url)).toBe(503);
    await until(() => nextCall >= callsAtDown + 8 && nextMail >= mailsAtDown + 4, 10_000);
    await sleep(1000);
    const failedMeanwhile = [...calls.entries()].filter(([n, r]) => n >= callsAtDown && r.status !== 200);
    await run(CLUSTER, ['start', clusterDir, String(port)]);

    // Both instances serve again within seconds of the database's return.
    for (const inst of both) expect(await until(async () => (await healthz(inst.url)) === 200, 30_000)).toBe(true);
    const callsAtBack = nextCall;
    const mailsAtBack = nextMail;
    expect(
      await until(
        () =>
          [...calls.entries()].filter(([n, r]) => n >= callsAtBack && r.status === 200).length >= 20 &&
          [...mails.entries()].filter(([i, c]) => i >= mailsAtBack && c === 250).length >= 6,
        30_000,
      ),
    ).toBe(true);
    stop = true;
    await load;

    // Neither instance died, and every failure was a clean answer: TwiML (a 500 with the voicemail prompt) for a
    // call, a temporary 451 for mail (the sending server tries again), an error page for the agent.
    for (const inst of both) expect(inst.child.exitCode, inst.output().slice(-2000)).toBeNull();
    expect(failedMeanwhile.length).toBeGreaterThan(0); // the outage really hit the load
    for (const r of calls.values()) {
      expect([200, 500]).toContain(r.status);
      expect(r.type).toContain('text/xml');
      expect(r.body).toContain('<Response>');
    }
    expect(mailErrors).toEqual([]);
    for (const code of mails.values()) expect([250, 451]).toContain(code);
    expect(mails.size).toBeGreaterThan(0);
    for (const s of pages) expect([200, 500, 503]).toContain(s);
    expect(pages.filter((s) => s === 200).length).toBeGreaterThan(0);

    // The live events reconnected: a call on one instance pops up for an agent whose stream is on the other.
    for (const [from, to] of [
      [a, b],
      [b, a],
    ] as const) {
      const stream = await liveStream(to.url, agent);
      let n = 100_000 + (from === a ? 0 : 1000);
      const popped = await until(async () => {
        expect((await voiceWebhook(from.url, n++)).status).toBe(200);
        return stream.text().includes('event: call.incoming');
      }, 15_000);
      await stream.close();
      expect(popped).toBe(true);
    }

    // The callers and sending servers that got no 200/250 try again: then every call and every mail is stored,
    // each exactly once — also those an instance committed just before the connection went.
    const db = new pg.Client({ connectionString: url });
    await db.connect();
    try {
      for (const [n, r] of calls) if (r.status !== 200) expect((await voiceWebhook(a.url, n)).status).toBe(200);
      for (const [i, c] of mails) if (c !== 250) expect(await sendOne(b.smtpPort!, i)).toBe(250);
      const storedCalls = (
        await db.query<{ call_sid: string }>(`SELECT call_sid FROM calls WHERE call_sid LIKE 'CA%'`)
      ).rows.map((r) => r.call_sid);
      const wanted = [...calls.keys()].map((n) => sid('CA', `restart-${n}`));
      for (const s of wanted) expect(storedCalls.filter((x) => x === s)).toHaveLength(1);
      const storedMail = (
        await db.query<{ message_id: string }>(`SELECT message_id FROM mail_messages WHERE direction = 'in'`)
      ).rows.map((r) => r.message_id);
      expect(storedMail).toHaveLength(mails.size);
      expect(new Set(storedMail).size).toBe(mails.size);
      for (const i of mails.keys()) expect(storedMail).toContain(`restart-${i}@politie.nl`);
    } finally {
      await db.end();
    }
  }, 240_000);
});
