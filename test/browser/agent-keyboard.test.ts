import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { browserAvailable, launchBrowser, startServer } from '../support/browser.js';
import { createTestApp, makeUser, type TestApp } from '../support/test-app.js';
import { sid, twilioSignature } from '../support/twilio.js';
import { createContact, createContactIn } from '../../src/contacts/contacts.service.js';

const TOKEN = 'keyboard-twilio-token';
const PUBLIC = 'https://baken.example.org';

describe.skipIf(!browserAvailable)('the agent at the keyboard', () => {
  let t: TestApp;
  let server: Awaited<ReturnType<typeof startServer>>;
  let browser: Awaited<ReturnType<typeof launchBrowser>>;
  let user: Awaited<ReturnType<typeof makeUser>>;
  let calls = 0;

  const twilioPost = (path: string, params: Record<string, string>) =>
    fetch(`${server.url}${path}`, {
      method: 'POST',
      body: new URLSearchParams(params),
      headers: {
        'Content-Type': 'application/x-www-form-urlencoded',
        'X-Twilio-Signature': twilioSignature(TOKEN, `${PUBLIC}${path}`, params),
      },
    });
  /** A call comes in; answers the id of its contact. */
  async function ring(from = '0612345678') {
    calls += 1;
    const callSid = sid('CA', `kb-${calls}`);
    const res = await twilioPost('/twilio/voice', {
      CallSid: callSid,
      From: from,
      To: '+31334481186',
      CallStatus: 'ringing',
    });
    expect(res.status).toBe(200);
    const call = await t.deps.db
      .selectFrom('calls')
      .select('contact_id')
      .where('call_sid', '=', callSid)
      .executeTakeFirstOrThrow();
    return call.contact_id;
  }
  const contactCount = async () => (await t.deps.db.selectFrom('contacts').select('id').execute()).length;
  const focusedId = (page: Page) => page.evaluate(() => document.activeElement?.id ?? '');
  async function signIn(page: Page, u = user) {
    await page.goto(`${server.url}/login`);
    await page.fill('#email', u.email);
    await page.fill('#password', u.password);
    await page.locator('main button[type=submit]').click();
    await page.waitForURL(`${server.url}/contacts`);
  }
  const live = (page: Page) => expect.poll(() => page.evaluate(() => document.body.dataset.live)).toBe('connected');

  beforeAll(async () => {
    t = await createTestApp(
      { TWILIO_AUTH_TOKEN: TOKEN, PUBLIC_URL: PUBLIC, TWILIO_AGENT_NUMBERS: 'client:desk_1' },
      { now: '2026-11-23T10:00:00Z' },
    );
    user = await makeUser(t.deps, ['agent'], 'Eva');
    server = await startServer(t);
    browser = await launchBrowser();
    await signIn(browser.page);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await t?.close();
  });

  it('shows a screen pop that arrives mid-sentence without taking the focus or firing a shortcut', async () => {
    const { page } = browser;
    const { id } = await createContact(t.deps, { channel: 'phone', subject: 'Lopend gesprek' }, { id: null });
    await page.goto(`${server.url}/contacts/${id}`);
    await live(page);
    await page.locator('#note').pressSequentially('De beller zegt ');
    const before = await contactCount();
    await ring();
    await page.locator('#screen-pop .pop').waitFor({ state: 'visible', timeout: 2000 });
    // The rest of the sentence is full of shortcut letters: n (new contact), t (take), o (open), ? (help), / (search).
    await page.keyboard.type('dat ze niet weg kan? toen/nu');
    expect(await focusedId(page)).toBe('note');
    expect(await page.inputValue('#note')).toBe('De beller zegt dat ze niet weg kan? toen/nu');
    expect(page.url()).toBe(`${server.url}/contacts/${id}`);
    expect(await page.locator('#screen-pop .pop').count()).toBe(1);
    expect(await page.evaluate(() => (document.getElementById('shortcuts') as HTMLDialogElement).open)).toBe(false);
    expect(await contactCount()).toBe(before + 1); // only the call's own contact
    // Escape in the field does not close the pop either.
    await page.keyboard.press('Escape');
    expect(await page.locator('#screen-pop .pop').count()).toBe(1);
  });

  it('lists the shortcuts on "?", closes the list with Escape and gives the focus back', async () => {
    const { page } = browser;
    await page.goto(`${server.url}/contacts`);
    await page.locator('.queue-tabs a').first().focus();
    await page.keyboard.press('?');
    const dialog = page.locator('#shortcuts');
    await expect.poll(() => dialog.evaluate((d) => (d as HTMLDialogElement).open)).toBe(true);
    expect(await dialog.textContent()).toContain('Take the newest incoming call');
    expect(await dialog.getAttribute('aria-labelledby')).toBe('shortcuts-h');
    await page.keyboard.press('Escape');
    await expect.poll(() => dialog.evaluate((d) => (d as HTMLDialogElement).open)).toBe(false);
    expect(await page.evaluate(() => document.activeElement?.closest('.queue-tabs') !== null)).toBe(true);
    // With a modifier key down a letter is no shortcut; in the search field it is a letter.
    await page.keyboard.press('Control+n');
    await page.locator('#q').focus();
    await page.keyboard.type('n');
    expect(page.url()).toBe(`${server.url}/contacts`);
    expect(await page.inputValue('#q')).toBe('n');
  });

  it('takes a call from the pop: assigns it, opens it, and every other pop says who took it', async () => {
    const { page, context } = browser;
    const other = await context.newPage();
    try {
      await other.goto(`${server.url}/contacts`);
      await page.goto(`${server.url}/contacts`);
      await live(page);
      await live(other);
      const contactId = await ring('0687654321');
      await page.locator('#screen-pop .pop').waitFor({ state: 'visible', timeout: 2000 });
      await other.locator('#screen-pop .pop').waitFor({ state: 'visible', timeout: 2000 });
      await page.locator('#screen-pop .pop button', { hasText: 'Take this call' }).click();
      await page.waitForURL(`${server.url}/contacts/${contactId}?focus=note`);
      const row = await t.deps.db
        .selectFrom('contacts')
        .innerJoin('users', 'users.id', 'contacts.assignee_id')
        .select('users.name')
        .where('contacts.id', '=', contactId)
        .executeTakeFirstOrThrow();
      expect(row.name).toBe('Eva');
      await expect.poll(() => other.locator('#screen-pop .pop .taken').textContent()).toBe('Taken by Eva');
    } finally {
      await other.close();
    }
  });

  it('announces new contacts on page 2 of the inbox without moving the page or the focus', async () => {
    const { page } = browser;
    await t.deps.db.transaction().execute(async (trx) => {
      for (let i = 0; i < 60; i++)
        await createContactIn(t.deps, trx, { channel: 'manual', subject: `Bulk ${i}` }, { id: null });
    });
    await page.goto(`${server.url}/contacts`);
    await live(page);
    await page.locator('#inbox-results a', { hasText: 'More contacts' }).click();
    await page.waitForURL(/before=/);
    const page2 = page.url();
    const link = page.locator('#inbox-results tbody a').nth(3);
    await link.focus();
    const focusedHref = await link.getAttribute('href');
    const firstRows = await page
      .locator('#inbox-results tbody tr')
      .evaluateAll((rs) => rs.map((r) => r.getAttribute('data-id')));
    await createContact(t.deps, { channel: 'manual', subject: 'Nieuw binnen' }, { id: null });
    await createContact(t.deps, { channel: 'manual', subject: 'Nog een' }, { id: null });
    await expect.poll(() => page.locator('#inbox-news').textContent()).toBe('2 new — show');
    expect(page.url()).toBe(page2);
    expect(await page.evaluate(() => document.activeElement?.getAttribute('href'))).toBe(focusedHref);
    expect(
      await page.locator('#inbox-results tbody tr').evaluateAll((rs) => rs.map((r) => r.getAttribute('data-id'))),
    ).toEqual(firstRows);
    await page.locator('#inbox-news button').click();
    await page.waitForURL(`${server.url}/contacts`);
    expect(await page.locator('#inbox-results').textContent()).toContain('Nieuw binnen');
  });

  it.each([
    [1366, 900],
    [683, 800],
  ])(
    'logs a whole call in at most 15 keys beyond the note and the names, at %i px wide, and stores every value',
    async (width, height) => {
      const { page } = browser;
      await page.setViewportSize({ width, height });
      await page.goto(`${server.url}/contacts`);
      await live(page);
      await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
      const contactId = await ring(width > 1000 ? '0611122233' : '0611122244');
      await page.locator('#screen-pop .pop').waitFor({ state: 'visible', timeout: 2000 });

      // Every key the agent presses is counted, except the letters of the note and of the names they type.
      const pressed: string[] = [];
      const press = async (key: string) => {
        pressed.push(key);
        await page.keyboard.press(key);
      };
      const typeFree = (text: string) => page.keyboard.type(text);

      await press('t'); // take the call: the contact opens with the note focused
      await page.waitForURL(`${server.url}/contacts/${contactId}?focus=note`);
      await page.waitForFunction(() => document.activeElement?.id === 'note');

      // Every control on the contact page has a visible label.
      const unlabelled = await page.evaluate(() =>
        [...document.querySelectorAll('main input:not([type=hidden]), main select, main textarea')]
          .filter((c) => !(c as HTMLInputElement).labels?.length)
          .map((c) => c.id || c.getAttribute('name')),
      );
      expect(unlabelled).toEqual([]);

      await typeFree('Politie meldt drie mogelijke slachtoffers; terugbellen morgen.');
      await press('Tab'); // caller type
      expect(await focusedId(page)).toBe('u-partyType');
      await press('p'); // Police
      await press('Tab');
      expect(await focusedId(page)).toBe('u-partyName');
      await typeFree('Jan Jansen');
      await press('Tab');
      await typeFree('Politie Rotterdam');
      await press('Tab'); // language
      expect(await focusedId(page)).toBe('u-language');
      await press('d'); // Dutch
      await press('Tab'); // the first safe-contact question
      expect(await focusedId(page)).toBe('u-mayCallBack-unknown');
      await press('y'); // may call back: yes (and on to the next question)
      await press('n'); // voicemail: no
      await press('y'); // email: yes
      await press('n'); // only via the professional: no (and on to the topic)
      expect(await focusedId(page)).toBe('u-topic');
      await press('s');
      await press('h'); // "sh": Shelter and placement, the one topic that starts so
      await press('Control+Shift+Enter'); // save everything and resolve

      await expect
        .poll(() => page.locator('#timeline').textContent(), { timeout: 10_000 })
        .toContain('Politie meldt drie mogelijke');
      expect(pressed.length).toBeLessThanOrEqual(15);
      expect(pressed).toHaveLength(15);
      const row = await t.deps.db
        .selectFrom('contacts')
        .selectAll()
        .where('id', '=', contactId)
        .executeTakeFirstOrThrow();
      expect(row).toMatchObject({
        status: 'resolved',
        assignee_id: user.id,
        party_type: 'police',
        party_org: 'Politie Rotterdam',
        language: 'nl',
        may_call_back: 1,
        may_leave_voicemail: 0,
        may_email: 1,
        via_professional_only: 0,
      });
      expect(t.deps.crypto.decrypt(row.party_name_enc)).toBe('Jan Jansen');
      const topics = await t.deps.db
        .selectFrom('contact_topics')
        .select('topic')
        .where('contact_id', '=', contactId)
        .execute();
      expect(topics.map((x) => x.topic)).toEqual(['shelter']);
      const notes = await t.deps.db
        .selectFrom('contact_events')
        .select('data')
        .where('contact_id', '=', contactId)
        .where('kind', '=', 'note')
        .execute();
      expect(notes.map((n) => JSON.parse(n.data).body)).toEqual([
        'Politie meldt drie mogelijke slachtoffers; terugbellen morgen.',
      ]);
      // Taking the call is one line of the timeline, the whole wrap-up another; the page does not scroll sideways.
      const lines = await page.locator('#timeline li').allTextContents();
      expect(lines).toHaveLength(3);
      for (const text of ['Politie meldt drie', 'to Resolved', 'Politie Rotterdam', 'Shelter and placement'])
        expect(lines[2]).toContain(text);
      expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
      await page.setViewportSize({ width: 1280, height: 800 });
    },
  );
});
