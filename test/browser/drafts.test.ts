import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { browserAvailable, launchBrowser, startServer } from '../support/browser.js';
import { createTestApp, makeUser, type TestApp } from '../support/test-app.js';
import { createContact } from '../../src/contacts/contacts.service.js';

describe.skipIf(!browserAvailable)('nothing typed is lost', () => {
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
  /** The server's copy of a draft, decrypted ('' when there is none). */
  async function serverDraft(key: string, field: string) {
    const row = await t.deps.db
      .selectFrom('drafts')
      .select('text_enc')
      .where('user_id', '=', userId)
      .where('contact_key', '=', key)
      .where('field', '=', field)
      .executeTakeFirst();
    return row ? (t.deps.crypto.decrypt(row.text_enc) ?? '') : '';
  }
  /** Opens a page, signing in first when the session has gone. */
  async function open(page: Page, path: string) {
    await page.goto(`${server.url}${path}`);
    if (new URL(page.url()).pathname === '/login') {
      await signIn(page);
      await page.waitForURL(`${server.url}${path}`);
    }
  }
  const endSession = () => t.deps.db.deleteFrom('sessions').where('user_id', '=', userId).execute();

  it('keeps a note being typed across a reload, and drops the draft once the note is saved', async () => {
    const { page } = browser;
    const { id } = await createContact(t.deps, { channel: 'phone', subject: 'Herladen' }, { id: null });
    await page.goto(`${server.url}/login?next=/contacts/${id}`);
    await signIn(page);
    await page.waitForURL(`${server.url}/contacts/${id}`);
    await page.locator('#note').pressSequentially('Beller vraagt naar opvang');
    await expect.poll(() => serverDraft(String(id), 'note')).toBe('Beller vraagt naar opvang');
    await page.reload();
    await expect.poll(() => page.inputValue('#note')).toBe('Beller vraagt naar opvang');
    await page.locator('#note-save').click();
    await expect.poll(() => page.locator('#timeline').textContent()).toContain('Beller vraagt naar opvang');
    expect(await page.inputValue('#note')).toBe('');
    await expect.poll(() => serverDraft(String(id), 'note')).toBe('');
    await page.reload();
    await page.waitForTimeout(300);
    expect(await page.inputValue('#note')).toBe('');
  });

  it('gives the note back after signing in again when the session ended while typing', async () => {
    const { page } = browser;
    const { id } = await createContact(t.deps, { channel: 'phone', subject: 'Verlopen' }, { id: null });
    await open(page, `/contacts/${id}`);
    await page.locator('#note').pressSequentially('Eerste deel. ');
    await expect.poll(() => serverDraft(String(id), 'note')).toBe('Eerste deel. ');
    await endSession();
    await page.locator('#note').pressSequentially('Tweede deel na het verlopen.');
    await page.waitForTimeout(900); // the draft save is refused: the session has ended
    await page.locator('#note-save').click();
    await page.waitForURL(/\/login\?/);
    await signIn(page);
    await page.waitForURL(`${server.url}/contacts/${id}`);
    await expect.poll(() => page.inputValue('#note')).toBe('Eerste deel. Tweede deel na het verlopen.');
    // And the server has it again, for a reload or another machine.
    await expect.poll(() => serverDraft(String(id), 'note')).toBe('Eerste deel. Tweede deel na het verlopen.');
    const notes = await t.deps.db
      .selectFrom('contact_events')
      .select('id')
      .where('contact_id', '=', id)
      .where('kind', '=', 'note')
      .execute();
    expect(notes).toHaveLength(0);
  });

  it('does not throw away the new-contact form when the session ended during a long call', async () => {
    const { page } = browser;
    await open(page, '/contacts/new');
    await page.fill('#subject', 'Lang gesprek met de politie');
    await page.selectOption('#queue', 'legal');
    await page.locator('#notes').pressSequentially('Agent belt over een uitbuitingssituatie');
    await endSession();
    const before = (await t.deps.db.selectFrom('contacts').select('id').execute()).length;
    await page.locator('main button[type=submit]').click();
    await page.waitForURL(/\/login\?next=%2Fcontacts%2Fnew/);
    await signIn(page);
    await page.waitForURL(`${server.url}/contacts/new`);
    await expect.poll(() => page.inputValue('#subject')).toBe('Lang gesprek met de politie');
    expect(await page.inputValue('#notes')).toBe('Agent belt over een uitbuitingssituatie');
    expect(await page.inputValue('#queue')).toBe('legal');
    await page.locator('main button[type=submit]').click();
    await page.waitForURL(/\/contacts\/\d+\?logged=1$/);
    const all = await t.deps.db.selectFrom('contacts').select(['subject', 'queue']).orderBy('id', 'desc').execute();
    expect(all).toHaveLength(before + 1);
    expect(all[0]).toEqual({ subject: 'Lang gesprek met de politie', queue: 'legal' });
    await expect.poll(() => serverDraft('new', 'form')).toBe('');
    // A fresh form afterwards starts empty; a form given up with "Cancel" does not come back.
    await page.goto(`${server.url}/contacts/new`);
    await page.waitForTimeout(300);
    expect(await page.inputValue('#subject')).toBe('');
    await page.fill('#subject', 'Toch niet');
    await expect.poll(() => serverDraft('new', 'form')).toContain('Toch niet');
    await page.locator('main a', { hasText: 'Cancel' }).click();
    await page.waitForURL(`${server.url}/contacts`);
    await expect.poll(() => serverDraft('new', 'form')).toBe('');
    await page.goto(`${server.url}/contacts/new`);
    await page.waitForTimeout(300);
    expect(await page.inputValue('#subject')).toBe('');
  });

  it('keeps a half-typed note while the agent changes queue and status and takes the contact', async () => {
    const { page } = browser;
    const { id } = await createContact(t.deps, { channel: 'phone', subject: 'Acties' }, { id: null });
    await open(page, `/contacts/${id}`);
    // "Save changes" saves the note typed so far with the change: it is in the timeline, once, and the box is free.
    await page.locator('#note').pressSequentially('Eerste deel van de notitie');
    await page.selectOption('#u-queue', 'care');
    await page.selectOption('#u-status', 'waiting');
    await page.locator('#u-save').click();
    await expect.poll(() => page.locator('#timeline').textContent()).toContain('Waiting');
    expect(await page.locator('#timeline').textContent()).toContain('Eerste deel van de notitie');
    expect(await page.inputValue('#note')).toBe('');
    const notes = await t.deps.db
      .selectFrom('contact_events')
      .select('id')
      .where('contact_id', '=', id)
      .where('kind', '=', 'note')
      .execute();
    expect(notes).toHaveLength(1);
    await expect.poll(() => serverDraft(String(id), 'note')).toBe('');
    // "Assign to me" leaves a half-typed note in the box, and its draft survives a reload.
    await page.locator('#note').pressSequentially('Nog niet opgeslagen');
    await page.locator('#u-take').click();
    await expect.poll(() => page.locator('#timeline').textContent()).toContain('Eva');
    expect(await page.inputValue('#note')).toBe('Nog niet opgeslagen');
    await expect.poll(() => serverDraft(String(id), 'note')).toBe('Nog niet opgeslagen');
    await page.reload();
    await expect.poll(() => page.inputValue('#note')).toBe('Nog niet opgeslagen');
  });

  it('keeps a reply being written across a reload, and drops the draft once the reply is sent', async () => {
    const { page } = browser;
    const { id } = await createContact(
      t.deps,
      { channel: 'email', subject: 'Vraag per mail', party: { email: 'j.jansen@politie.nl' } },
      { id: null },
    );
    await open(page, `/contacts/${id}`);
    const box = page.locator(`#reply-body-${id}`);
    await box.pressSequentially('Beste heer Jansen, dank voor uw vraag.');
    await expect.poll(() => serverDraft(String(id), 'reply')).toBe('Beste heer Jansen, dank voor uw vraag.');
    await page.reload();
    await expect.poll(() => box.inputValue()).toBe('Beste heer Jansen, dank voor uw vraag.');
    const loaded = page.waitForEvent('load');
    await page.locator('.reply-form button.primary').click();
    await loaded; // sent: htmx follows the redirect to the contact page
    await expect.poll(() => serverDraft(String(id), 'reply')).toBe('');
    await page.goto(`${server.url}/contacts/${id}`);
    await page.waitForTimeout(300);
    expect(await box.inputValue()).toBe('');
    const sent = await t.deps.db.selectFrom('mail_messages').select('id').where('contact_id', '=', id).execute();
    expect(sent).toHaveLength(1);
  });
});
