import { generate } from 'otplib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserAvailable, launchBrowser, scriptErrors, startServer } from '../support/browser.js';
import { createTestApp, makeUser, type TestApp } from '../support/test-app.js';

describe.skipIf(!browserAvailable)('two-factor sign-in in a real browser', () => {
  let t: TestApp;
  let server: Awaited<ReturnType<typeof startServer>>;
  let browser: Awaited<ReturnType<typeof launchBrowser>>;

  beforeAll(async () => {
    t = await createTestApp({}, { now: '2026-11-23T10:00:00Z' });
    server = await startServer(t);
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await t?.close();
  });

  const codeNow = (secret: string) => generate({ secret, epoch: Math.floor(t.clock.now.getTime() / 1000) });

  it('a supervisor past the grace period enrols from the QR page, then signs in with a code', async () => {
    const user = await makeUser(t.deps, ['supervisor'], 'Sanne');
    t.clock.advance(15 * 86_400_000);
    const { page } = browser;
    const errors = scriptErrors(page);

    await page.goto(`${server.url}/login`);
    await page.fill('#email', user.email);
    await page.fill('#password', user.password);
    await page.click('main button[type=submit]');
    // The grace period is over: the enrolment is the only page open.
    await page.waitForURL(`${server.url}/account/two-factor`);
    await page.goto(`${server.url}/contacts`);
    await page.waitForURL(`${server.url}/account/two-factor`);

    // The QR code is an image the page's policy lets the browser draw.
    const qr = page.locator('img.qr');
    await expect
      .poll(() => qr.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth))
      .toBeGreaterThan(0);
    const uri = (await page.locator('#totp-uri').textContent())!;
    expect(uri).toMatch(/^otpauth:\/\/totp\/Baken:/);
    const secret = new URL(uri).searchParams.get('secret')!;

    await page.getByLabel('Code').fill(await codeNow(secret));
    await page.click('main form[action="/account/two-factor"] button[type=submit]');
    await page.waitForURL(`${server.url}/account/two-factor?done=on`);
    expect(await page.locator('.recovery-codes li').count()).toBe(10);

    // Signed out and in again: the password, then a fresh code.
    await page.click('header form[action="/logout"] button');
    await page.waitForURL(/\/login\?out=1$/);
    t.clock.advance(30_000);
    await page.fill('#email', user.email);
    await page.fill('#password', user.password);
    await page.click('main button[type=submit]');
    await page.waitForURL(`${server.url}/login/two-factor`);
    await page.getByLabel('Code').fill(await codeNow(secret));
    await page.click('main form[action="/login/two-factor"] button[type=submit]');
    // A supervisor lands on the desk's figures (issue 23).
    await page.waitForURL(`${server.url}/statistics`);
    expect(await page.locator('main h1').count()).toBeGreaterThan(0);
    expect(errors).toEqual([]);
  });
});
