import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { browserAvailable, launchBrowser, startServer } from '../support/browser.js';
import { createTestApp, makeUser, type TestApp } from '../support/test-app.js';
import { ingestComposed, makeContact } from '../support/factories.js';
import { makeRegistration } from '../support/registration-factory.js';
import { sid, twilioSignature } from '../support/twilio.js';

// Issue 23: axe-core (the npm package, run in real Chromium) finds no violation on the main pages, in English and
// in Dutch. axe is evaluated through the DevTools protocol, so the pages' own Content-Security-Policy stays as it
// is (it allows no inline script, and axe is no part of Baken).

const AXE = readFileSync(new URL('../../node_modules/axe-core/axe.min.js', import.meta.url), 'utf8');
const DESK = 'meldpunt@baken.test';
const TOKEN = 'axe-twilio-token';
const PUBLIC = 'https://baken.example.org';

interface Violation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[]; failureSummary?: string }[];
}

/** Runs axe on the page as it is now; answers its violations in a form that reads well in a failed assertion. */
async function violations(page: Page): Promise<string[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(AXE);
  const found = (await page.evaluate(async () => {
    // biome-ignore lint/suspicious/noExplicitAny: axe is injected at run time, without types in the page
    const r = await (window as any).axe.run(document, { resultTypes: ['violations'] });
    return r.violations;
  })) as Violation[];
  return found.flatMap((v) =>
    v.nodes.map((n) => `${v.id} (${v.impact}): ${v.help} — ${n.target.join(' ')} — ${n.failureSummary ?? ''}`),
  );
}

describe.skipIf(!browserAvailable)('the main pages pass axe-core', () => {
  let t: TestApp;
  let server: Awaited<ReturnType<typeof startServer>>;
  let browser: Awaited<ReturnType<typeof launchBrowser>>;
  let contactId = 0;
  let itemId = 0;
  let registrationId = 0;
  let userId = 0;

  beforeAll(async () => {
    t = await createTestApp(
      { HELPDESK_ADDRESSES: DESK, TWILIO_AUTH_TOKEN: TOKEN, PUBLIC_URL: PUBLIC, TWILIO_AGENT_NUMBERS: 'client:desk_1' },
      { now: '2026-11-23T20:00:00Z' }, // Monday 21:00: closed
    );
    await ingestComposed(t, {
      from: 'jan@example.org',
      to: DESK,
      subject: 'Vraag over bedenktijd',
      text: 'Een meisje van 15 heeft vannacht geen veilige plek. Hoe lang duurt de bedenktijd?',
    });
    itemId = (await t.deps.db.selectFrom('contacts').select('id').executeTakeFirstOrThrow()).id;
    t.clock.set('2026-11-24T08:30:00Z'); // Tuesday 09:30: open
    const user = await makeUser(t.deps, ['agent', 'supervisor', 'admin', 'legal'], 'Eva');
    userId = user.id;
    contactId = (
      await makeContact(
        t,
        {
          channel: 'phone',
          subject: 'Vraag over de verblijfsvergunning B8/3',
          queue: 'legal',
          party: { phone: '0612345678', name: 'Anna', org: 'Gemeente Utrecht' },
        },
        user.id,
      )
    ).id;
    registrationId = await makeRegistration(t, user.id);
    server = await startServer(t);
    browser = await launchBrowser();
    await browser.page.setViewportSize({ width: 1366, height: 768 });
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await t?.close();
  });

  const signIn = async (locale: 'en' | 'nl') => {
    const { page } = browser;
    await page.context().clearCookies();
    await t.deps.db.updateTable('users').set({ locale }).where('id', '=', userId).execute();
    const user = await t.deps.db.selectFrom('users').select('email').where('id', '=', userId).executeTakeFirstOrThrow();
    const res = await page.goto(`${server.url}/login`);
    expect(res?.status()).toBe(200);
    expect(await violations(page)).toEqual([]);
    await page.fill('#email', user.email);
    await page.fill('#password', 'correct horse battery');
    await page.press('#password', 'Enter');
    await page.waitForURL((u) => !u.pathname.startsWith('/login'));
  };

  const pages = () => [
    '/contacts',
    `/contacts/${contactId}`,
    '/contacts/new',
    '/review',
    `/review/${itemId}`,
    '/routing/legal',
    '/answers',
    '/registrations',
    `/registrations/${registrationId}`,
    '/statistics',
    '/account',
    '/admin/users',
    '/audit',
    // This round's pages: the softphone, the on-call notice, the jobs, the year in figures, the registration form.
    '/voice',
    '/admin/on-call',
    '/admin/jobs',
    '/statistics/year?year=2026',
    '/registrations/new',
  ];

  for (const locale of ['en', 'nl'] as const)
    it(`finds no violation on sign-in, inbox, contact, new contact, review, legal queue, answers, registrations, statistics, account, users, audit, softphone, on-call, jobs, year in figures and registration form (${locale})`, async () => {
      await signIn(locale);
      const { page } = browser;
      const found: Record<string, string[]> = {};
      for (const path of pages()) {
        const res = await page.goto(`${server.url}${path}`);
        expect(res?.status(), path).toBe(200);
        await page.waitForLoadState('load');
        const v = await violations(page);
        if (v.length) found[path] = v;
      }
      expect(found).toEqual({});
    }, 120_000);

  it('finds no violation on a contact’s page with a call’s screen pop open', async () => {
    await signIn('en');
    const { page } = browser;
    const res = await page.goto(`${server.url}/contacts/${contactId}`);
    expect(res?.status()).toBe(200);
    await expect.poll(() => page.evaluate(() => document.body.dataset.live)).toBe('connected');
    const path = '/twilio/voice';
    const call = { CallSid: sid('CA', 'axe'), From: '0612345678', To: '+31334481186', CallStatus: 'ringing' };
    const rang = await fetch(`${server.url}${path}`, {
      method: 'POST',
      body: new URLSearchParams(call),
      headers: {
        'Content-Type': 'application/x-www-form-urlencoded',
        'X-Twilio-Signature': twilioSignature(TOKEN, `${PUBLIC}${path}`, call),
      },
    });
    expect(rang.status).toBe(200);
    await page.locator('#screen-pop .pop').waitFor({ state: 'visible' });
    expect(await violations(page)).toEqual([]);
  }, 60_000);

  it('finds no violation on the statistics and the year in figures at 400 % zoom (320 px): tables that scroll are reachable', async () => {
    await signIn('en');
    const { page } = browser;
    await page.setViewportSize({ width: 320, height: 640 });
    try {
      const found: Record<string, string[]> = {};
      for (const path of ['/statistics', '/statistics/year?year=2026']) {
        const res = await page.goto(`${server.url}${path}`);
        expect(res?.status(), path).toBe(200);
        // Some of its tables are wider than the window: they scroll inside their region, not the page.
        const scrolling = await page
          .locator('.table-scroll')
          .evaluateAll((els) => els.filter((e) => e.scrollWidth > e.clientWidth).length);
        expect(scrolling, path).toBeGreaterThan(0);
        const v = await violations(page);
        if (v.length) found[path] = v;
      }
      expect(found).toEqual({});
    } finally {
      await page.setViewportSize({ width: 1366, height: 768 });
    }
  }, 60_000);

  it('finds no violation at half a screen (683 px) on the inbox, the review list with an item open, a contact, the statistics, the year in figures, the registration form, the softphone and the audit log', async () => {
    await signIn('en');
    const { page } = browser;
    await page.setViewportSize({ width: 683, height: 768 });
    try {
      const found: Record<string, string[]> = {};
      for (const path of [
        '/contacts',
        `/review/${itemId}`,
        `/contacts/${contactId}`,
        '/statistics',
        '/statistics/year?year=2026',
        '/registrations/new',
        '/voice',
        '/audit',
      ]) {
        const res = await page.goto(`${server.url}${path}`);
        expect(res?.status(), path).toBe(200);
        const v = await violations(page);
        if (v.length) found[path] = v;
      }
      expect(found).toEqual({});
    } finally {
      await page.setViewportSize({ width: 1366, height: 768 });
    }
  }, 60_000);
});
