import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { browserAvailable, launchBrowser, scriptErrors, startServer } from '../support/browser.js';
import { createTestApp, makeUser, signedIn, type TestApp } from '../support/test-app.js';
import { makeContact } from '../support/factories.js';
import { writeAudit } from '../../src/audit/audit.queries.js';

// Issue 23: the audit log in real Chromium at a full screen (1366 px) and half of it (683 px): no sideways scroll
// with long names, addresses and details; the filters by contact and by date work from the keyboard.

/** How far the page reaches beyond the window sideways (0: no horizontal scroll). */
const overflowX = (page: Page) =>
  page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);

/** The audit table's rows as the cells' text. */
const rows = (page: Page) =>
  page
    .locator('table.audit tbody tr')
    .evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent!.trim())));

describe.skipIf(!browserAvailable)('the audit log at 1366 and 683 px, filtered by contact and date', () => {
  let t: TestApp;
  let server: Awaited<ReturnType<typeof startServer>>;
  let browser: Awaited<ReturnType<typeof launchBrowser>>;
  let first: { id: number; reference: string };
  let second: { id: number; reference: string };
  let supervisor: Awaited<ReturnType<typeof makeUser>>;

  beforeAll(async () => {
    t = await createTestApp({}, { now: '2026-03-10T10:00:00Z' });
    const agent = await signedIn(t, ['agent'], 'Anna-Maria de Vries-van Oldenbarnevelt tot Langewerf');
    first = await makeContact(t, { subject: 'Vraag' }, agent.user.id);
    await agent.client.get(`/contacts/${first.id}`);
    // A long address that cannot break, and an IPv6 address, in the details.
    await writeAudit(t.deps.db, {
      at: t.deps.clock().toISOString(),
      actorId: agent.user.id,
      action: 'contact.view',
      subjectType: 'contact',
      subjectId: String(first.id),
      ip: '2001:0db8:85a3:0000:0000:8a2e:0370:7334',
      details: { via: 'heel-lang-adres-zonder-breekpunten-nummer-1@een-gemeente-met-een-lange-naam.example.nl' },
    });
    t.clock.set('2026-03-12T10:00:00Z');
    const again = await signedIn(t, ['agent'], 'Anna-Maria de Vries-van Oldenbarnevelt tot Langewerf');
    second = await makeContact(t, { subject: 'Andere vraag' }, again.user.id);
    await again.client.get(`/contacts/${second.id}`);
    supervisor = await makeUser(t.deps, ['supervisor'], 'Sam');
    server = await startServer(t);
    browser = await launchBrowser();
    const { page } = browser;
    await page.goto(`${server.url}/login`);
    await page.fill('#email', supervisor.email);
    await page.fill('#password', supervisor.password);
    await page.press('#password', 'Enter');
    await page.waitForURL((u) => !u.pathname.startsWith('/login'));
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await t?.close();
  });

  for (const width of [1366, 683])
    it(`shows the log at ${width} px without scrolling sideways, the table within the window`, async () => {
      const { page } = browser;
      await page.setViewportSize({ width, height: 768 });
      const res = await page.goto(`${server.url}/audit`);
      expect(res?.status()).toBe(200);
      const all = await rows(page);
      expect(all.some((r) => r.join(' ').includes('heel-lang-adres-zonder-breekpunten'))).toBe(true);
      expect(all.some((r) => r[1]?.includes('Oldenbarnevelt'))).toBe(true);
      expect(await overflowX(page)).toBeLessThanOrEqual(0);
      const table = await page.evaluate(() => {
        const r = document.querySelector('table.audit')!.getBoundingClientRect();
        return { left: r.left, right: r.right, vw: document.documentElement.clientWidth };
      });
      expect(table.left).toBeGreaterThanOrEqual(0);
      expect(table.right).toBeLessThanOrEqual(table.vw);
    });

  it('filters by a contact’s reference and then by a day, typed into the form and sent with Enter', async () => {
    const { page } = browser;
    const errors = scriptErrors(page);
    await page.setViewportSize({ width: 683, height: 768 });
    await page.goto(`${server.url}/audit`);
    await page.locator('#audit-contact').fill(first.reference.toLowerCase());
    await page.locator('#audit-contact').press('Enter');
    await page.waitForURL(/[?&]contact=/);
    const byContact = await rows(page);
    expect(byContact.length).toBeGreaterThan(0);
    expect(byContact.every((r) => r[3] === first.reference)).toBe(true);
    expect(await overflowX(page)).toBeLessThanOrEqual(0);

    await page.locator('#audit-contact').fill('');
    await page.locator('#audit-from').fill('2026-03-12');
    await page.locator('#audit-to').fill('2026-03-12');
    await page.locator('#audit-to').press('Enter');
    await page.waitForURL(/[?&]from=2026-03-12/);
    const byDay = await rows(page);
    expect(byDay.length).toBeGreaterThan(0);
    expect(byDay.every((r) => r[0]!.startsWith('12-03-2026'))).toBe(true);
    expect(byDay.some((r) => r[3] === second.reference)).toBe(true);
    expect(byDay.some((r) => r[3] === first.reference)).toBe(false);
    expect(errors).toEqual([]);
  });

  it('answers an unknown contact with 422 and the message by its field, the typed text kept', async () => {
    const { page } = browser;
    await page.goto(`${server.url}/audit`);
    await page.locator('#audit-contact').fill('HD-2026-999999');
    const answer = page.waitForResponse((r) => r.url().includes('/audit?'));
    await page.locator('#audit-contact').press('Enter');
    expect((await answer).status()).toBe(422);
    await page.locator('#audit-contact-error').waitFor();
    expect(await page.locator('#audit-contact-error').textContent()).toContain('No contact with this reference');
    expect(await page.getAttribute('#audit-contact', 'aria-invalid')).toBe('true');
    expect(await page.inputValue('#audit-contact')).toBe('HD-2026-999999');
  });
});
