import { afterEach, describe, expect, it } from 'vitest';
import { Client, createTestApp, type TestApp } from '../../support/test-app.js';
import { makeUser } from '../../support/factories.js';
import { ingestComposed } from '../../support/factories.js';
import { rawMessage, sendRaw, startCatcher, type Catcher } from '../../support/mail.js';
import { onPostgres, secondInstance } from '../../support/two-instances.js';
import { DESK } from '../../support/email-app.js';
import { startOutboxWorker, type OutboxWorker, CLAIM_MS } from '../../../src/email/outbound/outbox-worker.js';
import { startSmtpListener, type SmtpListener } from '../../../src/email/inbound/smtp-listener.js';
import { findLease, runLeased, startLeasedJob, takeLease } from '../../../src/db/leases.js';
import { recoverInterruptedRun } from '../../../src/retention/retention.service.js';
import { SharedTokenBuckets } from '../../../src/email/inbound/rate-limit.js';
import { ImapFlow } from 'imapflow';
import { dovecotAvailable, startDovecot } from '../../support/dovecot.js';
import { startImapPoller } from '../../../src/email/inbound/imap-poller.js';

// Two app instances on ONE database (SQLite file by default; PostgreSQL when the test apps run there): what
// lived in one process is shared through the database.
let a: TestApp;
let b: TestApp | undefined;
const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
  await b?.close();
  b = undefined;
  await a.close();
});

const MAIL_ENV = { HELPDESK_ADDRESSES: DESK, MAIL_FROM: `Helpdesk <${DESK}>` };
const two = async (env: Record<string, string> = {}) => {
  a = await createTestApp(env);
  b = await secondInstance(a, env);
  return { a, b };
};

describe('sessions and sign-in across instances', () => {
  it('takes a session made on instance A on instance B, and signing out on A ends it on B', async () => {
    const { a, b } = await two();
    const user = await makeUser(a.deps, ['agent'], 'Eva');
    const onA = new Client(a.app);
    await onA.signIn(user.email, user.password);
    const onB = new Client(b.app);
    onB.cookies = new Map(onA.cookies);
    const page = await onB.get('/contacts');
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('Eva');
    // A form posted to B carries the CSRF token A issued: both derive it from the same session and key.
    const extend = await onB.post('/session/extend');
    expect(extend.status).toBe(200);
    // Refused without it, on either instance.
    expect((await onB.post('/session/extend', {}, {}, { csrf: false })).status).toBe(403);
    expect((await onA.post('/logout')).status).toBe(303);
    const after = await onB.get('/contacts');
    expect(after.status).toBe(302);
    expect(after.headers.get('location')).toMatch(/^\/login/);
  });

  it('counts wrong passwords sent to both instances against one limit (at once on PostgreSQL)', async () => {
    const { a, b } = await two();
    const user = await makeUser(a.deps, ['agent']);
    const clients = await Promise.all(
      Array.from({ length: 10 }, async (_, i) => {
        const c = new Client(i % 2 ? b.app : a.app);
        await c.get('/login');
        return c;
      }),
    );
    const attempt = (c: Client) =>
      c.post('/login', { email: user.email, password: 'wrong-password' }).then((r) => r.status);
    // On SQLite the instances are processes taking turns at one file; two connections in this one process would
    // only wait for each other, so there the attempts alternate between the instances one after the other.
    const answers = onPostgres(a) ? await Promise.all(clients.map(attempt)) : [];
    if (!onPostgres(a)) for (const c of clients) answers.push(await attempt(c));
    // Five attempts per address and account are checked; every further one waits, whichever instance it reached.
    expect(answers.filter((s) => s === 422)).toHaveLength(5);
    expect(answers.filter((s) => s === 429)).toHaveLength(5);
    const right = await new Client(b.app).post('/login', { email: user.email, password: user.password });
    expect(right.status).toBe(429);
  });
});

describe('the outbox with two instances', () => {
  let catcher: Catcher;
  const workers: OutboxWorker[] = [];
  afterEach(async () => {
    for (const w of workers.splice(0)) await w.stop();
    await catcher.close();
  });
  const outbox = () => a.deps.db.selectFrom('mail_outbox').selectAll().orderBy('id').execute();

  it('sends each mail exactly once while both instances run their worker', async () => {
    catcher = await startCatcher();
    const { a, b } = await two({ ...MAIL_ENV, SMTP_URL: catcher.url });
    for (let i = 0; i < 30; i++)
      await ingestComposed(a, { from: `sender${i}@politie.nl`, to: DESK, subject: `Vraag ${i}`, text: 'x' });
    expect(await outbox()).toHaveLength(30);
    workers.push(startOutboxWorker(a.deps, { intervalMs: 3_600_000 }));
    workers.push(startOutboxWorker(b.deps, { intervalMs: 3_600_000 }));
    await Promise.all([workers[0]!.runOnce(), workers[1]!.runOnce(), workers[0]!.runOnce(), workers[1]!.runOnce()]);
    await catcher.waitFor(30);
    await new Promise((r) => setTimeout(r, 200));
    expect(catcher.messages).toHaveLength(30);
    const ids = catcher.messages.map((m) => m.header('message-id'));
    expect(new Set(ids).size).toBe(30);
    const rows = await outbox();
    expect(rows.every((r) => r.status === 'sent' && r.attempts === 1 && r.claimed_by === null)).toBe(true);
  });

  it('leaves a mail claimed by a live instance alone, and takes it over once the claim of a dead one ran out', async () => {
    catcher = await startCatcher();
    const { a, b } = await two({ ...MAIL_ENV, SMTP_URL: catcher.url });
    await ingestComposed(a, { from: 'jan@politie.nl', to: DESK, subject: 'x', text: 'x' });
    const claimedUntil = new Date(a.clock.now.getTime() + CLAIM_MS).toISOString();
    await a.deps.db
      .updateTable('mail_outbox')
      .set({ status: 'sending', attempts: 1, claimed_by: 'instance-that-died', claim_expires_at: claimedUntil })
      .execute();
    const w = startOutboxWorker(b.deps, { intervalMs: 3_600_000 });
    workers.push(w);
    await w.runOnce();
    expect(catcher.messages).toHaveLength(0);
    expect((await outbox())[0]).toMatchObject({ status: 'sending', claimed_by: 'instance-that-died' });
    b.clock.advance(CLAIM_MS + 1000);
    await w.runOnce();
    await catcher.waitFor(1);
    expect(catcher.messages).toHaveLength(1);
    expect((await outbox())[0]).toMatchObject({ status: 'sent', attempts: 2, claimed_by: null });
    await w.runOnce();
    expect(catcher.messages).toHaveLength(1);
  });

  it('sends nothing twice when an instance restarts after a clean stop', async () => {
    catcher = await startCatcher();
    const { a, b } = await two({ ...MAIL_ENV, SMTP_URL: catcher.url });
    for (let i = 0; i < 5; i++)
      await ingestComposed(a, { from: `s${i}@politie.nl`, to: DESK, subject: `V ${i}`, text: 'x' });
    const first = startOutboxWorker(a.deps, { intervalMs: 3_600_000 });
    const sending = first.runOnce();
    await first.stop(); // waits for the mail on its way
    await sending;
    const again = startOutboxWorker(b.deps, { intervalMs: 3_600_000 });
    workers.push(again);
    await again.runOnce();
    await catcher.waitFor(5);
    expect(catcher.messages).toHaveLength(5);
    expect(new Set(catcher.messages.map((m) => m.header('message-id'))).size).toBe(5);
  });
});

describe('the SMTP listener on two instances', () => {
  const listeners: SmtpListener[] = [];
  afterEach(async () => {
    for (const l of listeners.splice(0)) await l.close();
  });
  const rate = { clientBurst: 1000, clientPerSecond: 100, senderBurst: 3, senderPerSecond: 1 / 3600 };
  const mail = (n: number) =>
    rawMessage({ From: 'flood@example.org', To: DESK, Subject: `Flood ${n}`, 'Message-ID': `<flood-${n}@x>` }, 'x');

  it('holds the flood limit of one sender across both instances', async () => {
    const { a, b } = await two(MAIL_ENV);
    const onA = await startSmtpListener(a.deps, {
      port: 0,
      host: '127.0.0.1',
      rate: { ...rate, connectionsPerClient: 20 },
    });
    const onB = await startSmtpListener(b.deps, {
      port: 0,
      host: '127.0.0.1',
      rate: { ...rate, connectionsPerClient: 20 },
    });
    listeners.push(onA, onB);
    const codes: number[] = [];
    for (let n = 0; n < 6; n++) {
      const port = n % 2 ? onB.port : onA.port;
      codes.push(
        await sendRaw(port, 'flood@example.org', DESK, mail(n)).then(
          () => 250,
          (e: { responseCode?: number }) => e.responseCode ?? 0,
        ),
      );
    }
    expect(codes).toEqual([250, 250, 250, 451, 451, 451]);
    const stored = await a.deps.db.selectFrom('mail_messages').select('id').where('direction', '=', 'in').execute();
    expect(stored).toHaveLength(3);
  });

  it('has committed a message before either instance answers 250: the other instance reads it at once', async () => {
    const { a, b } = await two(MAIL_ENV);
    const onB = await startSmtpListener(b.deps, { port: 0, host: '127.0.0.1' });
    listeners.push(onB);
    const raw = rawMessage(
      { From: 'jan@politie.nl', To: DESK, Subject: 'Via B', 'Message-ID': '<via-b@politie.nl>' },
      'Gezien op A',
    );
    const info = await sendRaw(onB.port, 'jan@politie.nl', DESK, raw);
    expect(info.response).toMatch(/^250/);
    const onA = await a.deps.db.selectFrom('mail_messages').select(['subject']).where('direction', '=', 'in').execute();
    expect(onA).toEqual([{ subject: 'Via B' }]);
  });
});

describe.skipIf(!dovecotAvailable)('the IMAP poller on two instances', () => {
  it('lets one instance at a time poll the mailbox; the other finds it busy, and each message is stored once', async () => {
    const d = await startDovecot();
    cleanups.push(() => d.stop());
    const mailbox = `Instances${Date.now()}`;
    const c = new ImapFlow({
      host: '127.0.0.1',
      port: d.port,
      secure: false,
      auth: { user: d.user, pass: d.pass },
      logger: false,
    });
    await c.connect();
    await c.mailboxCreate(mailbox);
    for (let n = 0; n < 3; n++)
      await c.append(
        mailbox,
        rawMessage(
          { From: `s${n}@politie.nl`, To: DESK, Subject: `IMAP ${n}`, 'Message-ID': `<two-${n}@politie.nl>` },
          'x',
        ),
      );
    await c.logout();
    const { a, b } = await two(MAIL_ENV);
    // Long intervals: only the first poll of each and the explicit ones below run.
    const onA = startImapPoller(a.deps, { url: d.url(mailbox), intervalMs: 3_600_000 });
    const onB = startImapPoller(b.deps, { url: d.url(mailbox), intervalMs: 3_600_000 });
    cleanups.push(
      () => onA.stop(),
      () => onB.stop(),
    );
    const [ra, rb] = await Promise.all([onA.pollNow(), onB.pollNow()]);
    // Never both at once: the three messages were fetched and stored by one poll, none fetched twice (a poll
    // overlapping another would fetch the same unflagged messages and find them duplicates).
    const done = [ra, rb].filter((r) => r !== null);
    expect(done.reduce((n, r) => n + r.stored, 0)).toBe(3);
    expect(done.reduce((n, r) => n + r.duplicates, 0)).toBe(0);
    const stored = await a.deps.db.selectFrom('mail_messages').select('id').where('direction', '=', 'in').execute();
    expect(stored).toHaveLength(3);
    // Once a poll is over, either instance may poll at once when asked.
    expect(await onA.pollNow()).toEqual({ stored: 0, duplicates: 0, oversized: 0 });
    expect(await onB.pollNow()).toEqual({ stored: 0, duplicates: 0, oversized: 0 });
  });
});

describe('flood buckets in the database', () => {
  it('refill at their rate up to the burst, wherever the tokens are taken, and are pruned once full again', async () => {
    const { a, b } = await two();
    const onA = new SharedTokenBuckets(a.deps.db, 2, 1, 5);
    const onB = new SharedTokenBuckets(b.deps.db, 2, 1, 3);
    const t0 = 1_700_000_000_000;
    expect(await onA.take('k', t0)).toBe(true);
    expect(await onB.take('k', t0)).toBe(true);
    expect(await onA.take('k', t0 + 500)).toBe(false); // half a token back: not enough
    expect(await onB.take('k', t0 + 1000)).toBe(true); // one token back after a second
    expect(await onA.take('k', t0 + 1000)).toBe(false);
    expect(await onA.take('other', t0 + 1000)).toBe(true); // another key has its own bucket
    // Long after, both buckets are full again; the fifth take on A prunes them before taking.
    expect(await onA.take('k', t0 + 60_000)).toBe(true);
    const keys = (await a.deps.db.selectFrom('flood_buckets').select('key').execute()).map((r) => r.key);
    expect(keys).toEqual(['k']);
  });
});

describe('background work taken by one instance', () => {
  it('runs a periodic job on one instance per period, whichever comes first', async () => {
    const { a, b } = await two();
    const ran: string[] = [];
    const job = (t: TestApp, who: string) =>
      startLeasedJob(t.deps, {
        name: 'test-job',
        everyMs: 60 * 60_000,
        checkMs: 20,
        firstDelayMs: 0,
        run: async () => {
          ran.push(who);
          await new Promise((r) => setTimeout(r, 50));
        },
      });
    const stops = [job(a, 'A'), job(b, 'B')];
    await new Promise((r) => setTimeout(r, 400));
    expect(ran).toHaveLength(1);
    // An hour later (by the instances' clocks) it is due again: again one instance runs it.
    a.clock.advance(60 * 60_000);
    b.clock.advance(60 * 60_000);
    await new Promise((r) => setTimeout(r, 400));
    for (const s of stops) await s();
    expect(ran).toHaveLength(2);
  });

  it('lets no other instance start work another is doing, and takes it over when the holder died', async () => {
    const { a, b } = await two();
    let release!: () => void;
    const working = runLeased(
      a.deps,
      'imap:box',
      { ttlMs: 60_000, nextInMs: 0 },
      () => new Promise<void>((r) => (release = r)),
    );
    await new Promise((r) => setTimeout(r, 50));
    expect((await runLeased(b.deps, 'imap:box', { ttlMs: 60_000, nextInMs: 0, force: true }, async () => 1)).ran).toBe(
      false,
    );
    release();
    expect((await working).ran).toBe(true);
    expect((await runLeased(b.deps, 'imap:box', { ttlMs: 60_000, nextInMs: 0 }, async () => 1)).ran).toBe(true);
    // A holder that dies never gives the lease back: it runs out after its ttl and B takes it.
    await a.deps.db
      .updateTable('leases')
      .set({ holder: 'instance-that-died', expires_at: new Date(a.clock.now.getTime() + 60_000).toISOString() })
      .where('name', '=', 'imap:box')
      .execute();
    expect((await runLeased(b.deps, 'imap:box', { ttlMs: 60_000, nextInMs: 0, force: true }, async () => 1)).ran).toBe(
      false,
    );
    b.clock.advance(61_000);
    expect((await runLeased(b.deps, 'imap:box', { ttlMs: 60_000, nextInMs: 5_000 }, async () => 1)).ran).toBe(true);
    expect(await findLease(a.deps.db, 'imap:box')).toMatchObject({ holder: '' });
  });

  it('never marks a purge another instance is doing as interrupted, only one a dead instance left running', async () => {
    const { a, b } = await two();
    const at = a.clock.now.toISOString();
    await a.deps.db
      .insertInto('retention_runs')
      .values({ origin: 'schedule', status: 'running', started_at: at })
      .execute();
    // A is doing the run: it holds the run's lease (renewed while it works).
    const until = new Date(a.clock.now.getTime() + 10 * 60_000).toISOString();
    expect(await takeLease(a.deps.db, 'retention:run', a.deps.instanceId, { now: at, until }, true)).toBe(true);
    await recoverInterruptedRun(b.deps);
    const status = async () =>
      (await a.deps.db.selectFrom('retention_runs').select('status').executeTakeFirst())?.status;
    expect(await status()).toBe('running');
    // A died: nobody renews the lease, and after it ran out B marks the run interrupted.
    b.clock.advance(10 * 60_000 + 1000);
    await recoverInterruptedRun(b.deps);
    expect(await status()).toBe('interrupted');
  });
});
