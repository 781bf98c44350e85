import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { browserAvailable, launchBrowser, startServer } from '../support/browser.js';
import { createTestApp, makeUser, type TestApp } from '../support/test-app.js';
import { changeContact, createContact } from '../../src/contacts/contacts.service.js';

describe.skipIf(!browserAvailable)('the contact log in a real browser', () => {
  let t: TestApp;
  let server: Awaited<ReturnType<typeof startServer>>;
  let browser: Awaited<ReturnType<typeof launchBrowser>>;
  let eva: Awaited<ReturnType<typeof makeUser>>;
  let rik: Awaited<ReturnType<typeof makeUser>>;

  beforeAll(async () => {
    t = await createTestApp({}, { now: '2026-11-23T10:00:00Z' });
    eva = await makeUser(t.deps, ['agent'], 'Eva');
    rik = await makeUser(t.deps, ['agent'], 'Rik');
    server = await startServer(t);
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await t?.close();
  });

  async function signIn(page: Page, user: { email: string; password: string }) {
    await page.goto(`${server.url}/login`);
    await page.fill('#email', user.email);
    await page.fill('#password', user.password);
    await page.locator('main button[type=submit]').click();
    await page.waitForURL(`${server.url}/contacts`);
  }
  const watchErrors = (page: Page) => {
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    return errors;
  };

  it('keeps a note being typed while the agent takes the contact and changes queue and status, then saves it once', async () => {
    const { page } = browser;
    const errors = watchErrors(page);
    const { id } = await createContact(t.deps, { channel: 'phone', subject: 'Beller over opvang' }, { id: null });
    await signIn(page, eva);
    await page.goto(`${server.url}/contacts/${id}`);
    await page.evaluate(() => {
      (window as unknown as { marker: number }).marker = 1;
    });

    const note = 'Beller zoekt opvang voor vanavond, belt terug na 15:00';
    await page.fill('#note', note);
    await page.locator('#u-take').click();
    await expect.poll(() => page.locator('#contact-timeline').textContent()).toContain('assigned to Eva');
    expect(await page.inputValue('#note')).toBe(note);
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('u-take');

    await page.selectOption('#u-queue', 'care');
    await page.selectOption('#u-status', 'waiting');
    await page.locator('#u-save').click();
    await expect
      .poll(() => page.locator('#contact-timeline').textContent())
      .toContain('changed status from Open to Waiting');
    const timeline = (await page.locator('#contact-timeline').textContent()) ?? '';
    expect(timeline).toContain('moved from General to Care coordination');
    expect(timeline.split(note)).toHaveLength(2); // the note, saved once
    expect(await page.inputValue('#note')).toBe('');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('u-save');
    // htmx swapped the parts; the page was never reloaded.
    expect(await page.evaluate(() => (window as unknown as { marker?: number }).marker)).toBe(1);
    expect(errors).toEqual([]);
    const row = await t.deps.db.selectFrom('contacts').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ queue: 'care', status: 'waiting', assignee_id: eva.id });
  });

  it('shows the second of two agents a 409 with the first one’s change instead of overwriting it', async () => {
    const { id } = await createContact(t.deps, { channel: 'email', subject: 'Twee agenten' }, { id: null });
    const evaPage = browser.page;
    await evaPage.goto(`${server.url}/contacts/${id}`);
    // A second browser with its own profile: Rik's own session, as on another computer.
    const second = await launchBrowser();
    const rikPage = second.page;
    const errors = watchErrors(rikPage);
    await signIn(rikPage, rik);
    await rikPage.goto(`${server.url}/contacts/${id}`);

    await expect.poll(() => evaPage.locator('#presence').textContent()).toContain('Rik');
    // Eva resolves it and takes it.
    await evaPage.selectOption('#u-status', 'resolved');
    await evaPage.selectOption('#u-assignee', String(eva.id));
    await evaPage.locator('#u-save').click();
    await expect.poll(() => evaPage.locator('#contact-timeline').textContent()).toContain('to Resolved');

    // Rik, on his older page, raises the priority.
    await rikPage.selectOption('#u-priority', 'urgent');
    await rikPage.locator('#u-save').click();
    await expect
      .poll(() => rikPage.locator('.conflict').textContent())
      .toContain('changed status from New to Resolved');
    expect(await rikPage.locator('.conflict').textContent()).toContain('assigned to Eva');
    expect(await rikPage.inputValue('#u-priority')).toBe('urgent');
    expect(await rikPage.inputValue('#u-status')).toBe('resolved');
    let row = await t.deps.db.selectFrom('contacts').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ status: 'resolved', priority: 'normal', assignee_id: eva.id });

    // Applying it again, knowingly, changes only the priority.
    await rikPage.locator('#u-save').click();
    await expect.poll(() => rikPage.locator('#contact-timeline').textContent()).toContain('to Urgent');
    row = await t.deps.db.selectFrom('contacts').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ status: 'resolved', priority: 'urgent', assignee_id: eva.id });
    expect(errors).toEqual([]);
    expect(await evaPage.locator('#contact-main').textContent()).toContain('Twee agenten');
    await second.close();
  });

  it('never redraws the form the agent is editing when someone else changes the contact: a notice offers the reload', async () => {
    const { page } = browser;
    const errors = watchErrors(page);
    const { id } = await createContact(t.deps, { channel: 'phone', subject: 'Live wijziging' }, { id: null });
    await page.goto(`${server.url}/contacts/${id}`);
    await expect.poll(() => page.evaluate(() => document.body.dataset.live)).toBe('connected');
    // The agent's own save comes back as a live event too: that is nothing new, so no notice.
    await page.selectOption('#u-priority', 'high');
    await page.locator('#u-save').click();
    await expect.poll(() => page.locator('#contact-timeline').textContent()).toContain('to High');
    // A note by someone else changes nothing the form shows (no new version): no notice either.
    await changeContact(t.deps, id, {}, { id: rik.id }, { note: 'Notitie van Rik' });
    await page.waitForTimeout(1000);
    expect(await page.locator('#contact-changed').isHidden()).toBe(true);

    // Half-way through changing the form, Rik changes the status elsewhere.
    await page.evaluate(() => {
      (document.getElementById('contact-main') as HTMLElement & { marker?: number }).marker = 1;
    });
    await page.fill('#u-subject', 'Half getypt onderwerp');
    await page.selectOption('#u-queue', 'legal');
    await page.locator('#u-subject').focus();
    const row = await t.deps.db.selectFrom('contacts').select('version').where('id', '=', id).executeTakeFirstOrThrow();
    await changeContact(t.deps, id, { status: 'waiting' }, { id: rik.id }, { expectedVersion: row.version });

    await expect.poll(() => page.locator('#contact-changed').isVisible()).toBe(true);
    expect(await page.locator('#contact-changed').textContent()).toContain('This contact has changed');
    expect(await page.locator('#contact-changed a').getAttribute('href')).toBe(`/contacts/${id}`);
    // Nothing under the agent's hands moved: the same form, their input, their focus.
    expect(
      await page.evaluate(() => (document.getElementById('contact-main') as HTMLElement & { marker?: number }).marker),
    ).toBe(1);
    expect(await page.inputValue('#u-subject')).toBe('Half getypt onderwerp');
    expect(await page.inputValue('#u-queue')).toBe('legal');
    expect(await page.inputValue('#u-status')).not.toBe('waiting');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('u-subject');

    // The link reloads: the page shows Rik's change and no notice.
    await page.locator('#contact-changed a').click();
    await page.waitForLoadState('load');
    expect(await page.inputValue('#u-status')).toBe('waiting');
    expect(await page.locator('#contact-changed').isHidden()).toBe(true);
    expect(errors).toEqual([]);
  });
});
