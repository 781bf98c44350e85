import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserAvailable, launchBrowser, startServer } from '../support/browser.js';
import { createTestApp, makeUser, type TestApp } from '../support/test-app.js';

describe.skipIf(!browserAvailable)('the session warning in a real browser', () => {
  let t: TestApp;
  let server: Awaited<ReturnType<typeof startServer>>;
  let browser: Awaited<ReturnType<typeof launchBrowser>>;
  let user: Awaited<ReturnType<typeof makeUser>>;

  beforeAll(async () => {
    t = await createTestApp({ SESSION_IDLE_MINUTES: '30' }, { now: '2026-11-23T10:00:00Z' });
    user = await makeUser(t.deps, ['agent'], 'Eva');
    server = await startServer(t);
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await t?.close();
  });

  it('warns a few minutes before the session ends, and a keystroke extends it', async () => {
    const { page } = browser;
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${server.url}/login`);
    await page.fill('#email', user.email);
    await page.fill('#password', user.password);
    await page.click('main button[type=submit]');
    await page.waitForURL(`${server.url}/contacts`);
    const banner = page.locator('#session-warning');
    await expect.poll(() => banner.getAttribute('role')).toBe('status');
    expect(await banner.textContent()).toBe('');

    // 26 minutes without an action of the agent: four minutes left.
    t.clock.advance(26 * 60_000);
    await page.evaluate(() => window.dispatchEvent(new Event('focus')));
    await expect.poll(() => banner.textContent(), { timeout: 5000 }).toContain('Your session ends in 4 min');
    expect(await banner.locator('button').textContent()).toBe('Stay signed in');

    await page.keyboard.press('Shift');
    await expect.poll(() => banner.textContent(), { timeout: 5000 }).toBe('');
    const session = await t.deps.db.selectFrom('sessions').select('last_seen_at').executeTakeFirstOrThrow();
    expect(session.last_seen_at).toBe('2026-11-23T10:26:00.000Z');
    expect(errors).toEqual([]);
  });
});
