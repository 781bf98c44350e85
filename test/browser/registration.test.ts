import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserAvailable, launchBrowser, startServer, scriptErrors } from '../support/browser.js';
import { createTestApp, makeUser, type TestApp } from '../support/test-app.js';
import { makeCall } from '../support/factories.js';

describe.skipIf(!browserAvailable)('registering a possible victim in a real browser', () => {
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

  it('an agent on a call opens its contact, registers the victim the caller reports by keyboard, and sees it on the contact', async () => {
    const { page } = browser;
    const errors = scriptErrors(page);
    const contactId = await makeCall(t, { callSid: `CA${'1'.repeat(32)}` });

    await page.goto(`${server.url}/login`);
    await page.fill('#email', user.email);
    await page.fill('#password', user.password);
    await page.keyboard.press('Enter');
    await page.waitForURL(`${server.url}/contacts`);
    await page.goto(`${server.url}/contacts/${contactId}`);

    // Reach "Register a possible victim" from the keyboard and follow it.
    const link = page.locator('.registrations-panel a', { hasText: 'Register a possible victim' });
    await link.focus();
    expect(await page.evaluate(() => document.activeElement?.textContent)).toContain('Register a possible victim');
    await page.keyboard.press('Enter');
    await page.waitForURL(`${server.url}/registrations/new?contact=${contactId}`);

    // The reporter type has focus (autofocus, applied once the page has loaded); choose the police by typing, then
    // Tab to the organisation.
    await page.waitForFunction(() => document.activeElement?.id === 'reporterType', null, { timeout: 5_000 });
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('reporterType');
    await page.keyboard.type('Police');
    await page.keyboard.press('Tab');
    await page.keyboard.type('Politie Rotterdam (test)');
    await page.locator('#birthYear').focus();
    await page.keyboard.type('2001');
    // The nationality is a combobox over the countries' names: a part typed becomes the one country it starts.
    const { countryOptions } = await import('../../src/registrations/countries.js');
    const romania = countryOptions('en').find((o) => o.value === 'RO')!.label;
    await page.locator('#nationality').focus();
    await page.keyboard.type(romania.slice(0, 5));
    await page.keyboard.press('Tab');
    expect(await page.inputValue('#nationality')).toBe(romania);
    await page.locator('#exploitation-sexual, input[name=exploitation][value=sexual]').first().focus();
    await page.keyboard.press('Space');
    await page.locator('#notes').focus();
    await page.keyboard.type('Gemeld tijdens het gesprek');
    await page.locator('#reporterOrg').focus();
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/registrations\/\d+\?saved=1$/);
    const heading = await page.locator('h1').textContent();
    expect(heading).toMatch(/^REG-2026-\d{6}$/);
    const nats = await t.deps.db.selectFrom('registration_nationalities').select('code').execute();
    expect(nats.map((n) => n.code)).toEqual(['RO']);

    // The registration links to its contact, and the contact shows the registration.
    await page.locator(`a[href="/contacts/${contactId}"]`).first().focus();
    await page.keyboard.press('Enter');
    await page.waitForURL(`${server.url}/contacts/${contactId}`);
    await expect.poll(() => page.locator('.registrations-panel').textContent()).toContain(heading!);
    expect(errors).toEqual([]);
  });
});
