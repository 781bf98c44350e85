import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { browserAvailable, launchBrowser, startServer } from '../support/browser.js';
import { createTestApp, makeUser, type TestApp } from '../support/test-app.js';
import { createContact } from '../../src/contacts/contacts.service.js';

describe.skipIf(!browserAvailable)('two agents on one contact', () => {
  let t: TestApp;
  let server: Awaited<ReturnType<typeof startServer>>;
  const browsers: Awaited<ReturnType<typeof launchBrowser>>[] = [];

  beforeAll(async () => {
    t = await createTestApp();
    server = await startServer(t);
    browsers.push(await launchBrowser(), await launchBrowser());
  });
  afterAll(async () => {
    for (const b of browsers) await b.close();
    await server?.close();
    await t?.close();
  });

  async function signIn(page: Page, name: string) {
    const u = await makeUser(t.deps, ['agent'], name);
    await page.goto(`${server.url}/login`);
    await page.fill('#email', u.email);
    await page.fill('#password', u.password);
    await page.click('main button[type=submit]');
    await page.waitForURL(`${server.url}/contacts`);
  }

  it('each sees that the other one is there, and that the other left', async () => {
    const { id } = await createContact(t.deps, { channel: 'phone', subject: 'Samen bekijken' }, { id: null });
    const [eva, rik] = [browsers[0]!.page, browsers[1]!.page];
    await signIn(eva, 'Eva');
    await signIn(rik, 'Rik');
    await eva.goto(`${server.url}/contacts/${id}`);
    await rik.goto(`${server.url}/contacts/${id}`);
    await expect.poll(() => rik.locator('#presence').textContent()).toContain('Eva');
    await expect.poll(() => eva.locator('#presence').textContent(), { timeout: 5000 }).toContain('Rik');
    await rik.goto(`${server.url}/contacts`);
    await expect.poll(() => eva.locator('#presence').textContent(), { timeout: 5000 }).not.toContain('Rik');
  });
});
