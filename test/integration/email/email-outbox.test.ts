import { afterEach, describe, expect, it } from 'vitest';
import { DESK, emailTestApp, messages, type EmailTestApp } from '../../support/email-app.js';
import { ingestComposed, ingestMail } from '../../support/factories.js';
import { rawMessage, sendMail, startCatcher, type Catcher } from '../../support/mail.js';
import { signedIn } from '../../support/test-app.js';
import { MAX_ATTEMPTS, startOutboxWorker, type OutboxWorker } from '../../../src/email/outbound/outbox-worker.js';

let e: EmailTestApp;
let catcher: Catcher | undefined;
let worker: OutboxWorker | undefined;
afterEach(async () => {
  await worker?.stop();
  worker = undefined;
  await catcher?.close();
  catcher = undefined;
  await e.close();
});

async function withCatcher() {
  catcher = await startCatcher();
  e = await emailTestApp({ SMTP_URL: catcher.url });
  worker = startOutboxWorker(e.t.deps, { intervalMs: 3_600_000 });
  return { catcher, worker };
}
const outbox = () => e.t.deps.db.selectFrom('mail_outbox').selectAll().orderBy('id').execute();

describe('the acknowledgement', () => {
  it('goes out in Dutch and English with the reference, an office-hours promise, Auto-Submitted and threading headers', async () => {
    const { catcher, worker } = await withCatcher();
    await ingestMail(
      e.t,
      'jan@politie.nl',
      rawMessage(
        { From: 'Jan <jan@politie.nl>', To: DESK, Subject: 'Melding', 'Message-ID': '<first@politie.nl>' },
        'Hallo',
      ),
    );
    await worker.runOnce();
    const [ack] = await catcher.waitFor(1);
    const [m] = await messages(e.t);
    const ref = (
      await e.t.deps.db
        .selectFrom('contacts')
        .select('reference')
        .where('id', '=', m!.contact_id)
        .executeTakeFirstOrThrow()
    ).reference!;
    expect(ack!.envelope.to).toEqual(['jan@politie.nl']);
    expect(ack!.parsed.subject).toBe(`Ontvangen / Received [#${ref}]`);
    expect(ack!.header('auto-submitted')).toBe('auto-replied');
    expect(ack!.header('in-reply-to')).toBe('<first@politie.nl>');
    expect(ack!.header('references')).toBe('<first@politie.nl>');
    expect(ack!.parsed.messageId).toMatch(new RegExp(`^<hd\\.${m!.contact_id}\\.[\\w-]+\\.[\\w-]{16}@baken\\.test>$`));
    // Monday 11:00 Amsterdam + 16 working hours = Wednesday 11:00.
    expect(ack!.parsed.text).toContain(`referentie ${ref}`);
    expect(ack!.parsed.text).toContain('U hoort uiterlijk woensdag 25 november om 11:00 van ons.');
    expect(ack!.parsed.text).toContain('You will hear from us by Wednesday 25 November at 11:00.');
    expect(ack!.parsed.text).toContain('maandag t/m vrijdag 09:00–17:00');
    expect(ack!.parsed.text).not.toContain('Melding');
    expect((await outbox())[0]).toMatchObject({ status: 'sent', attempts: 1, kind: 'ack' });
  });

  it.each([
    ['Auto-Submitted: auto-generated', { 'Auto-Submitted': 'auto-generated' }, 'jan@politie.nl', 'auto-submitted'],
    ['Auto-Submitted: auto-replied', { 'Auto-Submitted': 'auto-replied' }, 'jan@politie.nl', 'auto-submitted'],
    ['Precedence: bulk', { Precedence: 'bulk' }, 'jan@politie.nl', 'precedence'],
    ['Precedence: list', { Precedence: 'list' }, 'jan@politie.nl', 'precedence'],
    ['Precedence: junk', { Precedence: 'junk' }, 'jan@politie.nl', 'precedence'],
    ['a List-Id', { 'List-Id': '<nieuws.example.com>' }, 'jan@politie.nl', 'mailing-list'],
    ['a mailer-daemon sender', {}, 'MAILER-DAEMON@mx.example.com', 'robot-sender'],
    ['a no-reply sender', {}, 'no-reply@example.com', 'robot-sender'],
    ['a noreply sender', {}, 'noreply@example.com', 'robot-sender'],
    ['a postmaster sender', {}, 'postmaster@example.com', 'robot-sender'],
    ['the help desk itself', {}, DESK, 'own-address'],
  ])('is not sent for %s', async (_name, headers, from, reason) => {
    e = await emailTestApp();
    await ingestMail(e.t, from, rawMessage({ From: from, To: DESK, Subject: 'x', ...headers }, 'x'));
    const [m] = await messages(e.t);
    expect(m!.auto_reason).toBe(reason);
    expect(await outbox()).toHaveLength(0);
  });

  it('is not sent for a bounce (empty envelope sender)', async () => {
    e = await emailTestApp();
    await sendMail(e.listener.port, {
      envelope: { from: '', to: [DESK] },
      raw: rawMessage({ From: 'jan@politie.nl', To: DESK, Subject: 'Undelivered' }, 'x'),
    });
    expect((await messages(e.t))[0]!.auto_reason).toBe('bounce');
    expect(await outbox()).toHaveLength(0);
  });

  it('is sent when Auto-Submitted says no', async () => {
    e = await emailTestApp();
    await ingestMail(
      e.t,
      'jan@politie.nl',
      rawMessage({ From: 'jan@politie.nl', To: DESK, Subject: 'x', 'Auto-Submitted': 'no' }, 'x'),
    );
    expect(await outbox()).toHaveLength(1);
  });

  it('goes to one sender at most once per 24 hours', async () => {
    e = await emailTestApp();
    await ingestComposed(e.t, { from: 'jan@politie.nl', to: DESK, subject: 'een', text: 'x' });
    e.t.clock.advance(23 * 3600_000);
    await ingestComposed(e.t, { from: 'JAN@politie.nl', to: DESK, subject: 'twee', text: 'x' });
    expect(await outbox()).toHaveLength(1);
    expect((await messages(e.t))[1]!.auto_reason).toBe('acknowledged-recently');
    e.t.clock.advance(3600_000 + 1000);
    await ingestComposed(e.t, { from: 'jan@politie.nl', to: DESK, subject: 'drie', text: 'x' });
    expect(await outbox()).toHaveLength(2);
  });

  it('is not sent for follow-ups in an existing thread', async () => {
    e = await emailTestApp();
    await ingestMail(
      e.t,
      'jan@politie.nl',
      rawMessage({ From: 'jan@politie.nl', To: DESK, Subject: 'x', 'Message-ID': '<f1@politie.nl>' }, 'x'),
    );
    e.t.clock.advance(48 * 3600_000);
    await ingestMail(
      e.t,
      'jan@politie.nl',
      rawMessage({ From: 'jan@politie.nl', To: DESK, Subject: 'x', 'In-Reply-To': '<f1@politie.nl>' }, 'y'),
    );
    expect(await outbox()).toHaveLength(1);
  });
});

describe('the outbox', () => {
  it('keeps outgoing mail waiting when no SMTP_URL is set, and the contact page says so', async () => {
    e = await emailTestApp();
    await ingestComposed(e.t, { from: 'jan@politie.nl', to: DESK, subject: 'wachten', text: 'x' });
    const [o] = await outbox();
    expect(o).toMatchObject({ status: 'queued', attempts: 0 });
    const { client } = await signedIn(e.t);
    const html = await (await client.get(`/contacts/${o!.contact_id}`)).text();
    expect(html).toContain('no outgoing mail server is configured (SMTP_URL)');
    expect(html).toContain('Waiting to be sent.');
    const page = await (await client.get('/email/outbox')).text();
    expect(page).toContain('no outgoing mail server is configured (SMTP_URL)');
    expect(page).toContain(`<a href="/contacts/${o!.contact_id}">HD-2026-`);
    expect(page).toContain('Automatic acknowledgement');
  });

  it('retries a temporary failure with exponential backoff and then sends', async () => {
    const { catcher, worker } = await withCatcher();
    catcher.failNext(2, 451);
    await ingestComposed(e.t, { from: 'jan@politie.nl', to: DESK, subject: 'x', text: 'x' });
    await worker.runOnce();
    let [o] = await outbox();
    expect(o).toMatchObject({ status: 'queued', attempts: 1 });
    expect(o!.last_error).toContain('451');
    expect(new Date(o!.next_attempt_at).getTime() - e.t.clock.now.getTime()).toBe(60_000);
    await worker.runOnce();
    expect((await outbox())[0]!.attempts).toBe(1);
    e.t.clock.advance(60_000);
    await worker.runOnce();
    [o] = await outbox();
    expect(o).toMatchObject({ status: 'queued', attempts: 2 });
    expect(new Date(o!.next_attempt_at).getTime() - e.t.clock.now.getTime()).toBe(120_000);
    e.t.clock.advance(120_000);
    await worker.runOnce();
    expect((await outbox())[0]).toMatchObject({ status: 'sent', attempts: 3, last_error: null });
    expect(catcher.messages).toHaveLength(1);
  });

  it('gives up on a permanent failure, shows agents the reason, and sends it after an agent retries', async () => {
    const { catcher, worker } = await withCatcher();
    catcher.failNext(1, 550);
    await ingestComposed(e.t, { from: 'jan@politie.nl', to: DESK, subject: 'x', text: 'x' });
    await worker.runOnce();
    const [o] = await outbox();
    expect(o).toMatchObject({ status: 'failed', attempts: 1 });
    expect(o!.last_error).toMatch(/^550: .*Mailbox does not exist/);
    const kinds = (
      await e.t.deps.db.selectFrom('contact_events').select('kind').where('contact_id', '=', o!.contact_id).execute()
    ).map((r) => r.kind);
    expect(kinds).toContain('email.failed');

    const { client } = await signedIn(e.t);
    const html = await (await client.get(`/contacts/${o!.contact_id}`)).text();
    expect(html).toContain('Could not be sent: 550');
    expect(await (await client.get('/email/outbox')).text()).toContain('Mailbox does not exist');

    const res = await client.post(`/email/outbox/${o!.id}/retry`);
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`/contacts/${o!.contact_id}`);
    await worker.runOnce();
    expect((await outbox())[0]).toMatchObject({ status: 'sent' });
    expect(catcher.messages).toHaveLength(1);
    const again = await client.post(`/email/outbox/${o!.id}/retry`);
    expect(again.status).toBe(409);
    expect((await client.post('/email/outbox/99999/retry')).status).toBe(404);
    expect((await client.post('/email/outbox/abc/retry')).status).toBe(404);
  });

  it(`gives up after ${MAX_ATTEMPTS} temporary failures`, async () => {
    const { catcher, worker } = await withCatcher();
    catcher.failNext(1, 451);
    await ingestComposed(e.t, { from: 'jan@politie.nl', to: DESK, subject: 'x', text: 'x' });
    await worker.runOnce();
    await e.t.deps.db
      .updateTable('mail_outbox')
      .set({ attempts: MAX_ATTEMPTS - 1, status: 'queued', next_attempt_at: e.t.clock.now.toISOString() })
      .execute();
    catcher.failNext(1, 451);
    await worker.runOnce();
    expect((await outbox())[0]).toMatchObject({ status: 'failed', attempts: MAX_ATTEMPTS });
  });

  it('sends mail that a crash left half-sent when the worker starts again', async () => {
    catcher = await startCatcher();
    e = await emailTestApp({ SMTP_URL: catcher.url });
    await ingestComposed(e.t, { from: 'jan@politie.nl', to: DESK, subject: 'x', text: 'x' });
    await e.t.deps.db.updateTable('mail_outbox').set({ status: 'sending', attempts: 1 }).execute();
    worker = startOutboxWorker(e.t.deps, { intervalMs: 3_600_000 });
    await worker.runOnce();
    expect((await outbox())[0]).toMatchObject({ status: 'sent', attempts: 2 });
    expect(catcher.messages).toHaveLength(1);
  });
});
