import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { browserAvailable, launchBrowser, startServer } from '../support/browser.js';
import { createTestApp, makeUser, type TestApp } from '../support/test-app.js';
import { ingestComposed } from '../support/factories.js';
import { sid, signedTwilioPost } from '../support/twilio.js';

const TOKEN = 'review-browser-twilio-token';
const PUBLIC = 'https://baken.example.org';
const ACCOUNT = `AC${'4'.repeat(32)}`;
const DESK = 'meldpunt@baken.test';

/** Half a second of silence as a WAV file, which Chromium plays without any codec. */
function silence(): Buffer {
  const samples = 4000;
  const b = Buffer.alloc(44 + samples * 2);
  b.write('RIFF', 0);
  b.writeUInt32LE(36 + samples * 2, 4);
  b.write('WAVEfmt ', 8);
  b.writeUInt32LE(16, 16);
  b.writeUInt16LE(1, 20);
  b.writeUInt16LE(1, 22);
  b.writeUInt32LE(8000, 24);
  b.writeUInt32LE(16000, 28);
  b.writeUInt16LE(2, 32);
  b.writeUInt16LE(16, 34);
  b.write('data', 36);
  b.writeUInt32LE(samples * 2, 40);
  return b;
}

describe.skipIf(!browserAvailable)('the morning review in the browser', () => {
  let t: TestApp;
  let twilio: Server;
  let server: Awaited<ReturnType<typeof startServer>>;
  let browser: Awaited<ReturnType<typeof launchBrowser>>;
  const audio = silence();

  const post = (path: string, params: Record<string, string>) => signedTwilioPost(t.app, PUBLIC, TOKEN, path, params);
  const call = (n: string, extra: Record<string, string> = {}) => ({
    AccountSid: ACCOUNT,
    CallSid: sid('CA', n),
    From: n === 'vm' ? '+31612345678' : '+31687654321',
    To: '+31334481186',
    Direction: 'inbound',
    CallStatus: 'ringing',
    ...extra,
  });
  const contact = (id: number) =>
    t.deps.db.selectFrom('contacts').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  const currentItem = (page: Page) =>
    page.evaluate(() => Number(document.querySelector<HTMLElement>('#review-item')?.dataset.id ?? 0));

  beforeAll(async () => {
    twilio = createServer((req, res) => {
      // One recording is broken: bytes no player can decode.
      if ((req.url ?? '').includes(sid('RE', 'broken')))
        return void res.writeHead(200, { 'Content-Type': 'audio/wav', 'Content-Length': '9' }).end('not audio');
      res.writeHead(200, { 'Content-Type': 'audio/wav', 'Content-Length': String(audio.length) }).end(audio);
    });
    await new Promise<void>((r) => twilio.listen(0, '127.0.0.1', () => r()));
    t = await createTestApp(
      {
        TWILIO_AUTH_TOKEN: TOKEN,
        TWILIO_ACCOUNT_SID: ACCOUNT,
        TWILIO_API_BASE: `http://127.0.0.1:${(twilio.address() as AddressInfo).port}`,
        PUBLIC_URL: PUBLIC,
        HELPDESK_ADDRESSES: DESK,
      },
      { now: '2026-11-20T18:30:00Z' },
    );
    server = await startServer(t);
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await t?.close();
    twilio?.closeAllConnections();
    await new Promise((r) => twilio?.close(r));
  });

  it('works a weekend’s five items by keyboard alone, and the list ends empty', async () => {
    // The weekend: a mail, a voicemail, a hang-up, a mail, and on Sunday night a mail about a 15-year-old.
    await ingestComposed(t, {
      from: 'jan@example.org',
      to: DESK,
      subject: 'Verblijf',
      text: 'Een vraag over bedenktijd.',
    });
    t.clock.set('2026-11-20T20:00:00Z');
    await post('/twilio/voice', call('vm'));
    const re = sid('RE', 'vm');
    await post(
      '/twilio/recording',
      call('vm', {
        RecordingSid: re,
        RecordingUrl: `https://api.twilio.com/2010-04-01/Accounts/${ACCOUNT}/Recordings/${re}`,
        RecordingDuration: '1',
        RecordingStatus: 'completed',
      }),
    );
    t.clock.set('2026-11-21T01:14:00Z');
    await post('/twilio/voice', call('missed'));
    await post('/twilio/status', call('missed', { CallStatus: 'completed', CallDuration: '4' }));
    t.clock.set('2026-11-21T09:00:00Z');
    await ingestComposed(t, { from: 'piet@example.org', to: DESK, subject: 'Melding', text: 'Ik wil iets melden.' });
    t.clock.set('2026-11-22T21:00:00Z');
    await ingestComposed(t, {
      from: 'mentor@school.example.nl',
      to: DESK,
      subject: 'Dringend',
      text: 'Een meisje van 15 heeft vannacht geen veilige plek.',
    });
    const ids = (await t.deps.db.selectFrom('contacts').select('id').orderBy('id').execute()).map((r) => r.id);
    const [mailA, voicemail, missed, mailB, urgent] = ids as [number, number, number, number, number];
    t.clock.set('2026-11-23T08:20:00Z');

    const user = await makeUser(t.deps, ['agent'], 'Eva');
    const { page } = browser;
    await page.goto(`${server.url}/login`);
    await page.keyboard.type(user.email);
    await page.keyboard.press('Tab');
    await page.keyboard.type(user.password);
    await page.keyboard.press('Enter');
    await page.waitForURL(`${server.url}/contacts`);
    await page.goto(`${server.url}/review`);
    const rows = await page
      .locator('.review-row')
      .evaluateAll((els) => els.map((e) => Number((e as HTMLElement).dataset.id)));
    expect(rows).toEqual([urgent, mailA, voicemail, missed, mailB]);

    // j opens the first item; z makes the urgent mail a care question and lands on the next one.
    await page.keyboard.press('j');
    await expect.poll(() => currentItem(page)).toBe(urgent);
    await page.keyboard.press('z');
    await expect.poll(() => currentItem(page)).toBe(mailA);
    // l: a legal question.
    await page.keyboard.press('l');
    await expect.poll(() => currentItem(page)).toBe(voicemail);
    // The voicemail cannot be decided before it is heard: c does nothing; p plays it, and only once it has played
    // to the end (the whole recording came through Baken, and the player ended) does c call back.
    expect(await page.locator('button[data-review-key="c"]').isDisabled()).toBe(true);
    await page.keyboard.press('c');
    expect(await currentItem(page)).toBe(voicemail);
    await page.keyboard.press('p');
    await expect.poll(() => page.locator('button[data-review-key="c"]').isDisabled()).toBe(false);
    await page.keyboard.press('c');
    await expect.poll(() => currentItem(page)).toBe(missed);
    expect(await page.locator('.flash-ok a[href^="/contacts/"]').textContent()).toContain('Callback');
    // d: dismiss the hang-up with a reason chosen by typing, a note, and Enter on the button.
    await page.keyboard.press('d');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('review-reason');
    await page.keyboard.type('Si');
    expect(await page.inputValue('#review-reason')).toBe('silence');
    await page.keyboard.press('Tab');
    await page.keyboard.type('Alleen ruis');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await expect.poll(() => currentItem(page)).toBe(mailB);
    // g: a registration; the list is then empty.
    await page.keyboard.press('g');
    await page.locator('#review-empty').waitFor();

    expect(await contact(urgent)).toMatchObject({ queue: 'care' });
    expect(await contact(mailA)).toMatchObject({ queue: 'legal' });
    expect(await contact(voicemail)).toMatchObject({ status: 'resolved' });
    expect(await contact(missed)).toMatchObject({ status: 'resolved' });
    expect(await contact(mailB)).toMatchObject({ queue: 'registration' });
    const played = await t.deps.db.selectFrom('recordings').select('played_by').executeTakeFirstOrThrow();
    expect(played.played_by).toBe(user.id);
    const plays = await t.deps.db.selectFrom('audit_log').select('id').where('action', '=', 'recording.play').execute();
    expect(plays.length).toBeGreaterThanOrEqual(1);
    const heard = await t.deps.db
      .selectFrom('audit_log')
      .select(['action', 'actor_id'])
      .where('action', 'in', ['recording.streamed', 'recording.played'])
      .orderBy('id')
      .execute();
    expect(heard).toEqual([
      { action: 'recording.streamed', actor_id: user.id },
      { action: 'recording.played', actor_id: user.id },
    ]);
  });

  it('shows a new item live without moving the focus, and drops an item another agent decided', async () => {
    const { page } = browser;
    t.clock.set('2026-11-24T02:00:00Z'); // Tuesday 03:00: closed (an agent on night duty signs in again)
    const night = await makeUser(t.deps, ['agent'], 'Sam');
    await page.context().clearCookies();
    await page.goto(`${server.url}/login`);
    await page.fill('#email', night.email);
    await page.fill('#password', night.password);
    await page.keyboard.press('Enter');
    await page.waitForURL(`${server.url}/contacts`);
    await page.goto(`${server.url}/review`);
    await page.locator('#review-empty').waitFor();
    await expect.poll(() => page.evaluate(() => document.body.dataset.live)).toBe('connected');
    await page.locator('nav a[href="/review"]').focus();
    await ingestComposed(t, { from: 'nacht@example.org', to: DESK, subject: 'Nacht', text: 'Bericht in de nacht.' });
    const id = (await t.deps.db.selectFrom('contacts').select('id').orderBy('id', 'desc').executeTakeFirstOrThrow()).id;
    await page.locator(`.review-row[data-id="${id}"]`).waitFor({ timeout: 5000 });
    expect(await page.evaluate(() => document.activeElement?.getAttribute('href'))).toBe('/review');
    expect(page.url()).toBe(`${server.url}/review`);
    // Another agent takes and decides it: it leaves this agent's list by itself.
    const rik = await makeUser(t.deps, ['agent'], 'Rik');
    const { openItem } = await import('../../src/review/review.service.js');
    const { decideItem } = await import('../../src/review/review-decide.service.js');
    await openItem(t.deps, id, { id: rik.id, ip: null });
    await page.locator(`.review-row[data-id="${id}"] .held-by`).waitFor({ timeout: 5000 });
    expect(await page.locator(`.review-row[data-id="${id}"] .held-by`).textContent()).toContain('Rik');
    await decideItem(t.deps, id, { decision: 'dismiss', reason: 'handled' }, { id: rik.id, ip: null });
    await page.locator('#review-empty').waitFor({ timeout: 5000 });
  });
  it('decides a voicemail that will not play only with that reason, by keyboard, audited', async () => {
    t.clock.set('2026-11-28T20:00:00Z');
    const re = sid('RE', 'broken');
    await post('/twilio/voice', call('broken'));
    await post(
      '/twilio/recording',
      call('broken', {
        RecordingSid: re,
        RecordingUrl: `https://api.twilio.com/2010-04-01/Accounts/${ACCOUNT}/Recordings/${re}`,
        RecordingDuration: '3',
        RecordingStatus: 'completed',
      }),
    );
    const id = (
      await t.deps.db
        .selectFrom('calls')
        .select('contact_id')
        .where('call_sid', '=', sid('CA', 'broken'))
        .executeTakeFirstOrThrow()
    ).contact_id;
    t.clock.set('2026-11-30T08:20:00Z');
    const user = await makeUser(t.deps, ['agent'], 'Sam');
    const { page } = browser;
    await page.context().clearCookies();
    await page.goto(`${server.url}/login`);
    await page.fill('input[name=email]', user.email);
    await page.fill('input[name=password]', user.password);
    await page.press('input[name=password]', 'Enter');
    await page.waitForURL(`${server.url}/contacts`);
    await page.goto(`${server.url}/review/${id}`);
    expect(await page.locator('button[data-review-key="l"]').isDisabled()).toBe(true);
    // p: the player tries, fails, and the page comes back offering the reason.
    await page.keyboard.press('p');
    await page.locator('#review-unheard').waitFor();
    expect(await page.locator('#review-unheard').textContent()).toContain('would not load or play');
    expect(await page.locator('button[data-review-key="l"]').isDisabled()).toBe(false);
    await page.keyboard.press('l');
    await page.waitForURL(/decided=legal/);
    expect(await contact(id)).toMatchObject({ queue: 'legal' });
    const item = await t.deps.db
      .selectFrom('review_items')
      .select(['unplayable', 'decided_by'])
      .where('contact_id', '=', id)
      .executeTakeFirstOrThrow();
    expect(item).toEqual({ unplayable: 'failed', decided_by: user.id });
    const failed = await t.deps.db
      .selectFrom('audit_log')
      .select(['actor_id', 'details'])
      .where('action', '=', 'recording.failed')
      .execute();
    expect(failed.map((f) => f.actor_id)).toContain(user.id);
    expect(
      (
        await t.deps.db
          .selectFrom('recordings')
          .select('played_at')
          .where('contact_id', '=', id)
          .executeTakeFirstOrThrow()
      ).played_at,
    ).toBeNull();
  });
});
