import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { browserAvailable, launchBrowser, startServer } from '../support/browser.js';
import { createTestApp, makeUser, type TestApp } from '../support/test-app.js';
import { changeContact, createContact } from '../../src/contacts/contacts.service.js';

/** A save's answer on a busy shared machine (PostgreSQL, Chromium and six other test runs). */
const SAVED = { timeout: 10_000 };

describe.skipIf(!browserAvailable)('one save loses nothing on the contact page', () => {
  let t: TestApp;
  let server: Awaited<ReturnType<typeof startServer>>;
  let browser: Awaited<ReturnType<typeof launchBrowser>>;
  let user: Awaited<ReturnType<typeof makeUser>>;
  let userId: number;

  beforeAll(async () => {
    t = await createTestApp({}, { now: '2026-11-23T10:00:00Z' });
    user = await makeUser(t.deps, ['agent'], 'Eva');
    userId = (
      await t.deps.db.selectFrom('users').select('id').where('email', '=', user.email).executeTakeFirstOrThrow()
    ).id;
    server = await startServer(t);
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await t?.close();
  });

  async function signIn(page: Page) {
    await page.fill('#email', user.email);
    await page.fill('#password', user.password);
    await page.locator('main button[type=submit]').click();
  }
  async function open(page: Page, path: string) {
    await page.goto(`${server.url}${path}`);
    if (new URL(page.url()).pathname === '/login') {
      await signIn(page);
      await page.waitForURL(`${server.url}${path}`);
    }
  }
  const contact = (id: number) =>
    t.deps.db.selectFrom('contacts').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  const noteCount = async (id: number) =>
    (
      await t.deps.db
        .selectFrom('contact_events')
        .select('id')
        .where('contact_id', '=', id)
        .where('kind', '=', 'note')
        .execute()
    ).length;
  /** The agent fills in the caller's part of the wrap-up by keyboard, as during a call. */
  async function fillCaller(page: Page) {
    await page.selectOption('#u-partyType', 'shelter');
    await page.fill('#u-partyName', 'Mila Peeters');
    await page.fill('#u-partyOrg', 'Opvang Oost');
    await page.selectOption('#u-language', 'en');
    await page.locator('#u-mayCallBack-no').check();
    await page.locator('#u-mayEmail-yes').check();
  }
  const expectCallerOnPage = async (page: Page) => {
    expect(await page.inputValue('#u-partyType')).toBe('shelter');
    expect(await page.inputValue('#u-partyName')).toBe('Mila Peeters');
    expect(await page.inputValue('#u-partyOrg')).toBe('Opvang Oost');
    expect(await page.inputValue('#u-language')).toBe('en');
    expect(await page.locator('#u-mayCallBack-no').isChecked()).toBe(true);
    expect(await page.locator('#u-mayEmail-yes').isChecked()).toBe(true);
  };
  const expectCallerStored = async (id: number) => {
    const c = await contact(id);
    expect(c).toMatchObject({ party_type: 'shelter', party_org: 'Opvang Oost', language: 'en', may_call_back: 0 });
    expect(c.may_email).toBe(1);
    expect(t.deps.crypto.decrypt(c.party_name_enc)).toBe('Mila Peeters');
  };

  it('"Add note" saves the note and every field typed before it; the page shows them saved', async () => {
    const { page } = browser;
    const { id } = await createContact(t.deps, { channel: 'phone', subject: 'Notitie en velden' }, { id: null });
    await open(page, `/contacts/${id}`);
    await page.locator('#note').fill('Cliënte belt vanuit de opvang');
    await fillCaller(page);
    await page.selectOption('#u-status', 'resolved');
    await page.locator('#note-save').click();
    await expect.poll(() => page.locator('#timeline').textContent(), SAVED).toContain('Cliënte belt vanuit de opvang');
    expect(await page.inputValue('#note')).toBe('');
    await expectCallerOnPage(page);
    expect(await page.inputValue('#u-status')).toBe('resolved');
    await expectCallerStored(id);
    expect((await contact(id)).status).toBe('resolved');
    expect(await noteCount(id)).toBe(1);
    // The routing panel was drawn again in place (once, not nested), its "accept" at the contact's new version.
    expect(await page.locator('#routing-panel').count()).toBe(1);
    const accept = page.locator('#routing-panel input[name=version]');
    if ((await accept.count()) > 0) expect(await accept.first().inputValue()).toBe(String((await contact(id)).version));
    expect(await page.locator('#routing-panel').textContent()).toContain('Shelter and placement');
  });

  it('"Assign to me" (Alt+A) saves every field typed before it and leaves the note in the box with the focus', async () => {
    const { page } = browser;
    const { id } = await createContact(t.deps, { channel: 'phone', subject: 'Toewijzen' }, { id: null });
    await open(page, `/contacts/${id}`);
    await fillCaller(page);
    await page.locator('#note').fill('Nog bezig met schrijven');
    await page.keyboard.press('Alt+a');
    await expect.poll(() => page.locator('#timeline').textContent(), SAVED).toContain('assigned to Eva');
    expect(await page.inputValue('#note')).toBe('Nog bezig met schrijven');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('note');
    await expectCallerOnPage(page);
    await expectCallerStored(id);
    expect((await contact(id)).assignee_id).toBe(userId);
    expect(await noteCount(id)).toBe(0);
    // Alt+G walks the groups of fields: the caller, the first safe-contact question, the topic; Shift goes back.
    await page.keyboard.press('Alt+g');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('u-partyType');
    await page.keyboard.press('Alt+g');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('u-mayCallBack-no');
    await page.keyboard.press('Alt+Shift+g');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('u-partyType');
    await page.keyboard.press('Alt+n');
    // Ctrl+Enter then saves the rest: the note, once.
    await page.keyboard.press('Control+Enter');
    await expect.poll(() => page.locator('#timeline').textContent(), SAVED).toContain('Nog bezig met schrijven');
    expect(await noteCount(id)).toBe(1);
  });

  it('keeps every changed field and the note across a session that ended, and a reload', async () => {
    const { page } = browser;
    const { id } = await createContact(t.deps, { channel: 'phone', subject: 'Sessie verlopen' }, { id: null });
    await open(page, `/contacts/${id}`);
    await page.locator('#note').pressSequentially('Half geschreven notitie');
    await fillCaller(page);
    await page.locator('#u-topic').fill('Bedenktijd');
    await page.locator('#u-partyOrg').focus(); // leaving the topic; the drafts have been saved meanwhile
    await expect
      .poll(async () => {
        const row = await t.deps.db
          .selectFrom('drafts')
          .select('field')
          .where('user_id', '=', userId)
          .where('contact_key', '=', String(id))
          .execute();
        return row.map((r) => r.field).sort();
      })
      .toEqual(['form', 'note']);
    await t.deps.db.deleteFrom('sessions').where('user_id', '=', userId).execute();
    await page.locator('#u-save').click();
    await page.waitForURL(/\/login\?/);
    await signIn(page);
    await page.waitForURL(`${server.url}/contacts/${id}`);
    await expect.poll(() => page.inputValue('#note')).toBe('Half geschreven notitie');
    await expect.poll(() => page.inputValue('#u-partyName')).toBe('Mila Peeters');
    await expectCallerOnPage(page);
    expect(await page.inputValue('#u-topic')).toBe('Bedenktijd');
    // Nothing was stored while signed out; a reload still has it all.
    expect((await contact(id)).party_type).toBeNull();
    await page.reload();
    await expect.poll(() => page.inputValue('#u-partyName')).toBe('Mila Peeters');
    await expectCallerOnPage(page);
    expect(await page.inputValue('#note')).toBe('Half geschreven notitie');
    // Saving now stores it all, and the drafts are gone.
    await page.keyboard.press('Alt+n');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('note');
    await page.keyboard.press('Control+Enter');
    await expect.poll(() => page.locator('#timeline').textContent(), SAVED).toContain('Half geschreven notitie');
    await expectCallerStored(id);
    const topics = await t.deps.db.selectFrom('contact_topics').select('topic').where('contact_id', '=', id).execute();
    expect(topics.map((x) => x.topic)).toEqual(['reflection']);
    await page.reload();
    await page.waitForTimeout(500);
    expect(await page.inputValue('#note')).toBe('');
    expect(await page.inputValue('#u-topic')).toBe('');
  });

  it('a save on a stale version answers 409 and keeps every typed field, the note too', async () => {
    const { page } = browser;
    const { id } = await createContact(t.deps, { channel: 'phone', subject: 'Verouderd' }, { id: null });
    await open(page, `/contacts/${id}`);
    await page.locator('#note').fill('Mijn notitie');
    await fillCaller(page);
    await changeContact(t.deps, id, { priority: 'high' }, { id: null });
    await page.locator('#u-save').click();
    await expect.poll(() => page.locator('.conflict').count(), SAVED).toBe(1);
    expect(await page.inputValue('#note')).toBe('Mijn notitie');
    await expectCallerOnPage(page);
    expect(await page.inputValue('#u-priority')).toBe('high');
    expect((await contact(id)).party_type).toBeNull();
    // Applying it again saves it all.
    await page.locator('#u-save').click();
    await expect.poll(() => page.locator('#timeline').textContent(), SAVED).toContain('Mijn notitie');
    await expectCallerStored(id);
  });

  it('refuses a topic that is not in the list by the field, keeping what was typed and the rest', async () => {
    const { page } = browser;
    const { id } = await createContact(t.deps, { channel: 'phone', subject: 'Onbekend onderwerp' }, { id: null });
    await open(page, `/contacts/${id}`);
    await page.locator('#u-partyName').fill('Mila Peeters');
    await page.locator('#u-topic').fill('Ruimtevaart');
    await page.locator('#u-save').click();
    await expect.poll(() => page.locator('#u-topic-error').count(), SAVED).toBe(1);
    expect(await page.locator('#u-topic-error').textContent()).toContain('Not in the list');
    expect(await page.inputValue('#u-topic')).toBe('Ruimtevaart');
    expect(await page.inputValue('#u-partyName')).toBe('Mila Peeters');
    expect(await page.locator('#u-topic').getAttribute('aria-invalid')).toBe('true');
    expect((await contact(id)).party_name_enc).toBeNull();
  });
});
