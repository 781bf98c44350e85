import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { browserAvailable, launchBrowser, scriptErrors, startServer } from '../support/browser.js';
import { createTestApp, makeUser, type TestApp } from '../support/test-app.js';
import { makeContact } from '../support/factories.js';
import { makeRegistration } from '../support/registration-factory.js';
import { saveCareRegion, setCareRegionsOfUser } from '../../src/registrations/care-regions.service.js';

// Issue 23: a legal adviser and a care coordinator in real Chromium, at a full screen (1366 px) and half of it
// (683 px, beside a softphone): each lands on the page she works on after signing in, her lists never scroll
// sideways, the coordinator's hand-over contact opens for her, and a role without a home of its own lands on its
// account page, never an error page.

/** How far the page reaches beyond the window sideways (0: no horizontal scroll). */
const overflowX = (page: Page) =>
  page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);

const LONG = {
  subject: 'Vraag over bedenktijd en verblijfsvergunning B8/3 en opvang voor een minderjarige zonder papieren',
  party: {
    email: 'heel-lang-adres-zonder-breekpunten-nummer-1@een-gemeente-met-een-lange-naam.example.nl',
    org: 'Gemeente Súdwest-Fryslân afdeling Zorg en Veiligheid',
    name: 'Anna de Vries-van Oldenbarnevelt',
  },
};

describe.skipIf(!browserAvailable)('a legal adviser’s and a coordinator’s lists at 1366 and 683 px', () => {
  let t: TestApp;
  let server: Awaited<ReturnType<typeof startServer>>;
  let browser: Awaited<ReturnType<typeof launchBrowser>>;
  let legal: Awaited<ReturnType<typeof makeUser>>;
  let coordinator: Awaited<ReturnType<typeof makeUser>>;
  let nobody: Awaited<ReturnType<typeof makeUser>>;
  let registration = 0;
  let task = { id: 0, reference: '' };
  let legalContact = 0;

  beforeAll(async () => {
    t = await createTestApp({}, { now: '2026-11-23T10:00:00Z' });
    const admin = await makeUser(t.deps, ['admin']);
    const region = await saveCareRegion(
      t.deps,
      null,
      {
        name: 'Rijnmond en de Zuid-Hollandse Eilanden (regio met een lange naam)',
        covers: 'Rotterdam',
        coordinatorOrg: 'Zorg R',
        coordinatorEmail: 'zc@rijnmond.test',
        hasCoordinator: true,
      },
      { id: admin.id, ip: null },
    );
    coordinator = await makeUser(t.deps, ['coordinator'], 'Sanne');
    await setCareRegionsOfUser(t.deps, coordinator.id, [region]);
    legal = await makeUser(t.deps, ['legal'], 'Lotte');
    nobody = await makeUser(t.deps, [], 'Nora');
    const agent = await makeUser(t.deps, ['agent'], 'Eva');
    for (let i = 0; i < 3; i++)
      legalContact = (await makeContact(t, { ...LONG, channel: 'email', queue: 'legal', priority: 'urgent' }, agent.id))
        .id;
    registration = await makeRegistration(t, agent.id, {
      careRegionId: region,
      consentCare: true,
      careRequested: true,
      nationalities: ['NG', 'RO'],
    });
    const row = await t.deps.db
      .selectFrom('registration_contacts')
      .innerJoin('contacts', 'contacts.id', 'registration_contacts.contact_id')
      .select(['contacts.id', 'contacts.reference'])
      .where('registration_id', '=', registration)
      .where('contacts.queue', '=', 'care')
      .executeTakeFirstOrThrow();
    task = { id: row.id, reference: row.reference! };
    server = await startServer(t);
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await t?.close();
  });

  /** Signs in at this width; answers the path of the first page. */
  const signIn = async (user: { email: string; password: string }, width: number) => {
    const { page } = browser;
    await page.setViewportSize({ width, height: 768 });
    await page.context().clearCookies();
    await page.goto(`${server.url}/login`);
    await page.fill('#email', user.email);
    await page.fill('#password', user.password);
    const first = page.waitForResponse((r) => r.request().isNavigationRequest() && !r.url().includes('/login'));
    await page.press('#password', 'Enter');
    await page.waitForURL((u) => !u.pathname.startsWith('/login'));
    expect((await first).status()).toBe(200);
    return new URL(page.url()).pathname;
  };

  /** Opens a page at the width already set: its status and how far it reaches sideways. */
  const open = async (path: string) => {
    const res = await browser.page.goto(`${server.url}${path}`);
    return { status: res?.status(), overflow: await overflowX(browser.page) };
  };

  for (const width of [1366, 683]) {
    it(`lands a legal adviser on the legal queue, and shows it and the inbox without sideways scroll at ${width} px`, async () => {
      const errors = scriptErrors(browser.page);
      expect(await signIn(legal, width)).toBe('/routing/legal');
      expect(await browser.page.locator(`a[href="/contacts/${legalContact}"]`).count()).toBeGreaterThan(0);
      expect(await overflowX(browser.page)).toBeLessThanOrEqual(0);
      expect(await open('/contacts')).toEqual({ status: 200, overflow: expect.any(Number) });
      expect(await browser.page.locator(`a[href="/contacts/${legalContact}"]`).count()).toBeGreaterThan(0);
      expect(await overflowX(browser.page)).toBeLessThanOrEqual(0);
      expect(errors).toEqual([]);
    });

    it(`lands a coordinator on her cases, shows her lists without sideways scroll and opens her hand-over contact at ${width} px`, async () => {
      const { page } = browser;
      const errors = scriptErrors(page);
      expect(await signIn(coordinator, width)).toBe('/care');
      expect(await overflowX(page)).toBeLessThanOrEqual(0);
      for (const path of ['/deadlines', '/registrations']) {
        const shown = await open(path);
        expect(shown.status, path).toBe(200);
        expect(shown.overflow, path).toBeLessThanOrEqual(0);
      }
      // The hand-over contact a registration made for her opens as her task on the registration's page.
      const res = await page.goto(`${server.url}/contacts/${task.id}`);
      expect(res?.status()).toBe(200);
      expect(new URL(page.url()).pathname).toBe(`/registrations/${registration}`);
      const main = (await page.locator('main').textContent()) ?? '';
      expect(main).toContain('Care coordination hand-over task');
      expect(main).toContain(task.reference);
      expect(await overflowX(page)).toBeLessThanOrEqual(0);
      expect(errors).toEqual([]);
    });
  }

  it('lands a user without a role of her own on her account page, never an error page', async () => {
    expect(await signIn(nobody, 683)).toBe('/account');
    expect(await browser.page.locator('h1').count()).toBe(1);
    expect(await overflowX(browser.page)).toBeLessThanOrEqual(0);
  });
});
