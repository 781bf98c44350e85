import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page, Route } from 'playwright-core';
import { browserAvailable, launchBrowser, scriptErrors, startServer } from '../support/browser.js';
import { makeContact } from '../support/factories.js';
import { createTestApp, makeUser, type TestApp } from '../support/test-app.js';

/** Holds the htmx requests the predicate picks until the test lets them go (or fails them). */
function holdRequests(page: Page, pick: (url: URL, method: string) => boolean) {
  const held: Route[] = [];
  const ready: (() => void)[] = [];
  void page.route('**/*', async (route) => {
    const req = route.request();
    if (!req.headers()['hx-request'] || !pick(new URL(req.url()), req.method())) return route.continue();
    held.push(route);
    for (const r of ready.splice(0)) r();
  });
  return {
    /** Waits until a picked request is being held. */
    arrived: () => (held.length ? Promise.resolve() : new Promise<void>((r) => ready.push(r))),
    release: async () => {
      for (const r of held.splice(0)) await r.continue();
    },
    fail: async () => {
      for (const r of held.splice(0)) await r.abort('failed');
    },
    stop: () => page.unrouteAll({ behavior: 'ignoreErrors' }),
  };
}

const afterContent = (page: Page, selector: string) =>
  page.locator(selector).evaluate((el) => getComputedStyle(el, '::after').animationName);

describe.skipIf(!browserAvailable)('a request that runs shows itself in a real browser', () => {
  let t: TestApp;
  let server: Awaited<ReturnType<typeof startServer>>;
  let browser: Awaited<ReturnType<typeof launchBrowser>>;
  let eva: Awaited<ReturnType<typeof makeUser>>;

  beforeAll(async () => {
    t = await createTestApp({}, { now: '2026-11-23T10:00:00Z' });
    eva = await makeUser(t.deps, ['agent'], 'Eva');
    await makeContact(t, { channel: 'phone', subject: 'Beller over opvang' });
    await makeContact(t, { channel: 'phone', subject: 'Vraag over werkgever' });
    server = await startServer(t);
    browser = await launchBrowser();
    const { page } = browser;
    await page.goto(`${server.url}/login`);
    await page.fill('#email', eva.email);
    await page.fill('#password', eva.password);
    await page.locator('main button[type=submit]').click();
    await page.waitForURL(`${server.url}/contacts`);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await t?.close();
  });

  it('marks the inbox filters busy while a search runs, dims the list, and clears both when the answer is in', async () => {
    const { page } = browser;
    const errors = scriptErrors(page);
    await page.goto(`${server.url}/contacts`);
    expect(await page.locator('form.filters').getAttribute('aria-busy')).toBeNull();
    const hold = holdRequests(page, (u, m) => m === 'GET' && u.pathname === '/contacts');
    try {
      await page.fill('#q', 'opvang');
      await hold.arrived();
      expect(await page.locator('form.filters').getAttribute('aria-busy')).toBe('true');
      // Seen, not only announced: a turning ring beside the button, the list dimmed, a busy pointer.
      expect(await afterContent(page, 'form.filters button[type=submit]')).toBe('busy-turn');
      expect(await page.locator('form.filters').evaluate((el) => getComputedStyle(el).cursor)).toBe('progress');
      await expect
        .poll(() => page.locator('#inbox-results').evaluate((el) => Number(getComputedStyle(el).opacity)))
        .toBeLessThan(1);
      await hold.release();
      await expect.poll(() => page.locator('form.filters').getAttribute('aria-busy')).toBeNull();
      expect(await afterContent(page, 'form.filters button[type=submit]')).toBe('none');
      await expect
        .poll(() => page.locator('#inbox-results').evaluate((el) => Number(getComputedStyle(el).opacity)))
        .toBe(1);
      const list = (await page.locator('#inbox-results').textContent()) ?? '';
      expect(list).toContain('Beller over opvang');
      expect(list).not.toContain('Vraag over werkgever');
    } finally {
      await hold.stop();
    }
    expect(errors).toEqual([]);
  });

  it('marks the contact form busy while a save runs; the form drawn by the answer is not busy', async () => {
    const { page } = browser;
    const errors = scriptErrors(page);
    const { id } = await makeContact(t, { channel: 'phone', subject: 'Beller met vraag' });
    await page.goto(`${server.url}/contacts/${id}`);
    const hold = holdRequests(page, (u, m) => m === 'POST' && u.pathname.startsWith(`/contacts/${id}`));
    try {
      await page.selectOption('#u-status', 'waiting');
      await page.locator('#u-save').click();
      await hold.arrived();
      expect(await page.locator('#contact-update').getAttribute('aria-busy')).toBe('true');
      expect(await afterContent(page, '#u-save')).toBe('busy-turn');
      await hold.release();
      await expect.poll(() => page.locator('#contact-timeline').textContent()).toContain('Waiting');
      expect(await page.locator('#contact-update').getAttribute('aria-busy')).toBeNull();
      expect(await page.locator('[aria-busy]').count()).toBe(0);
    } finally {
      await hold.stop();
    }
    expect(errors).toEqual([]);
  });

  it('clears the busy state when a save fails on the way, so the agent can try again', async () => {
    const { page } = browser;
    const { id } = await makeContact(t, { channel: 'phone', subject: 'Beller zonder verbinding' });
    await page.goto(`${server.url}/contacts/${id}`);
    const hold = holdRequests(page, (u, m) => m === 'POST' && u.pathname.startsWith(`/contacts/${id}`));
    try {
      await page.selectOption('#u-status', 'waiting');
      await page.locator('#u-save').click();
      await hold.arrived();
      expect(await page.locator('#contact-update').getAttribute('aria-busy')).toBe('true');
      await hold.fail();
      await expect.poll(() => page.locator('#contact-update').getAttribute('aria-busy')).toBeNull();
      expect(await page.locator('#u-save').isEnabled()).toBe(true);
    } finally {
      await hold.stop();
    }
    // The second try goes through and is saved.
    await page.locator('#u-save').click();
    await expect.poll(() => page.locator('#contact-timeline').textContent()).toContain('Waiting');
    expect(await page.locator('#contact-update').getAttribute('aria-busy')).toBeNull();
  });
});
