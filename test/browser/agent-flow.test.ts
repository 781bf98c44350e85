import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserAvailable, launchBrowser, startServer, scriptErrors } from '../support/browser.js';
import { createTestApp, makeUser, type TestApp } from '../support/test-app.js';

describe.skipIf(!browserAvailable)('an agent in a real browser', () => {
  let t: TestApp;
  let server: Awaited<ReturnType<typeof startServer>>;
  let browser: Awaited<ReturnType<typeof launchBrowser>>;
  let user: Awaited<ReturnType<typeof makeUser>>;

  beforeAll(async () => {
    t = await createTestApp({}, { now: '2026-11-23T10:00:00Z' });
    user = await makeUser(t.deps, ['agent'], 'Eva');
    server = await startServer(t);
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await t?.close();
  });

  it('signs in, logs a contact by keyboard, finds it by search, changes its status and sees it in the timeline', async () => {
    const { page } = browser;
    const errors = scriptErrors(page);

    await page.goto(`${server.url}/contacts`);
    await expect.poll(() => page.url()).toContain('/login?next=%2Fcontacts');
    await page.keyboard.type(user.email); // the email field has focus
    await page.keyboard.press('Tab');
    await page.keyboard.type(user.password);
    await page.keyboard.press('Enter');
    await page.waitForURL(`${server.url}/contacts`);

    // "n" opens the form; the subject has focus; Tab through the fields; Enter submits.
    await page.keyboard.press('n');
    await page.waitForURL(`${server.url}/contacts/new`);
    // autofocus is applied once the page has loaded
    await page.waitForFunction(() => document.activeElement?.id === 'subject', null, { timeout: 5_000 });
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('subject');
    await page.keyboard.type('Vraag over bedenktijd B8');
    await page.keyboard.press('Tab');
    await page.keyboard.type('Advocaat (test)');
    await page.keyboard.press('Tab');
    await page.keyboard.type('Kantoor Voorbeeld');
    await page.locator('#notes').focus();
    await page.keyboard.type('Cliënte vraagt naar de reflectieperiode; terugbellen morgen');
    await page.locator('#subject').focus();
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/contacts\/\d+\?logged=1$/);
    await expect.poll(() => page.locator('.flash-ok').textContent()).toContain('HD-2026-');

    // Find it from the inbox search (htmx swaps the results without a full reload).
    await page.goto(`${server.url}/contacts`);
    await page.evaluate(() => {
      (window as unknown as { marker: number }).marker = 1;
    });
    await page.keyboard.press('/');
    await page.keyboard.type('reflectieperiode');
    await page.keyboard.press('Enter');
    // The list said "1 shown" before the search too (one contact): wait for the search's own address.
    await expect.poll(() => page.url()).toContain('q=reflectieperiode');
    await expect.poll(() => page.locator('#inbox-results').textContent()).toContain('1 shown');
    expect(await page.evaluate(() => (window as unknown as { marker?: number }).marker)).toBe(1);
    await page.locator('#inbox-results a', { hasText: 'Vraag over bedenktijd B8' }).click();
    await page.waitForURL(/\/contacts\/\d+$/);

    // Change its status in place and see the event in the timeline.
    await page.evaluate(() => {
      (window as unknown as { marker: number }).marker = 2;
    });
    await page.selectOption('#u-status', 'waiting');
    await page.locator('#u-save').click();
    await expect.poll(() => page.locator('#timeline').textContent()).toContain('changed status from New to Waiting');
    expect(await page.evaluate(() => (window as unknown as { marker?: number }).marker)).toBe(2);
    await page.fill('#note', 'Teruggebeld, wacht op stukken');
    await page.locator('#note-save').click();
    await expect.poll(() => page.locator('#timeline').textContent()).toContain('Teruggebeld, wacht op stukken');
    expect(errors).toEqual([]);
  });
});
