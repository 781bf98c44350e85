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
      { TWILIO_AUTH_TOKEN: TOKEN, PUBLIC_URL: PUBLIC, TWILIO_AGENT_NUMBERS: 'client:desk-1' },
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

  it('logs a whole call with the keyboard alone: take it, Tab to every field, write the note, change the queue, save', async () => {
    const { page } = browser;
    await page.goto(`${server.url}/contacts`);
    await live(page);
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    const contactId = await ring('0611122233');
    await page.locator('#screen-pop .pop').waitFor({ state: 'visible', timeout: 2000 });
    await page.keyboard.press('t');
    await page.waitForURL(`${server.url}/contacts/${contactId}?focus=note`);

    // Every control on the contact page has a visible label.
    const unlabelled = await page.evaluate(() =>
      [...document.querySelectorAll('main input:not([type=hidden]), main select, main textarea')]
        .filter((c) => !(c as HTMLInputElement).labels?.length)
        .map((c) => c.id || c.getAttribute('name')),
    );
    expect(unlabelled).toEqual([]);

    // Tab reaches the queue, then the note field.
    const tabTo = async (id: string) => {
      for (let i = 0; i < 80 && (await focusedId(page)) !== id; i++) await page.keyboard.press('Tab');
      expect(await focusedId(page)).toBe(id);
    };
    await tabTo('note');
    await page.keyboard.type('Politie meldt drie mogelijke slachtoffers; terugbellen morgen.');
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Add note');
    await page.keyboard.press('Enter');
    await expect
      .poll(() => page.locator('#timeline').textContent())
      .toContain('Politie meldt drie mogelijke slachtoffers');
    expect(await page.inputValue('#note')).toBe('');

    await page.keyboard.press('Shift+Tab');
    await tabTo('u-queue');
    await page.keyboard.press('ArrowDown'); // General → Legal questions
    expect(await page.inputValue('#u-queue')).toBe('legal');
    // On to the form's own submit button, by Tab alone.
    const onSave = () =>
      page.evaluate(() => document.activeElement?.id === 'u-save' && !!document.activeElement.closest('#contact-main'));
    for (let i = 0; i < 10 && !(await onSave()); i++) await page.keyboard.press('Tab');
    expect(await onSave()).toBe(true);
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('#timeline').textContent()).toContain('Legal questions');
    // The focus stays where the agent was: on the button they pressed.
    expect(await onSave()).toBe(true);
    const row = await t.deps.db
      .selectFrom('contacts')
      .select(['queue', 'assignee_id'])
      .where('id', '=', contactId)
      .executeTakeFirstOrThrow();
    expect(row.queue).toBe('legal');
    expect(row.assignee_id).not.toBeNull();
  });
});
