import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { browserAvailable, launchBrowser, startServer } from '../support/browser.js';
import { createTestApp, makeUser, type TestApp } from '../support/test-app.js';
import { ingestComposed, makeContact } from '../support/factories.js';
import { sid, signedTwilioPost } from '../support/twilio.js';

// Issue 23: a review list seeded with old urgent items and tonight's danger voicemail shows tonight's first; the
// inbox and the review list fit a full 1366 px screen and half of it (683 px, beside a softphone) without
// scrolling sideways; the opened item's panel neither covers the list nor is off-screen.

const TOKEN = 'review-layout-twilio-token-0123456';
const PUBLIC = 'https://baken.example.org';
const ACCOUNT = `AC${'8'.repeat(32)}`;
const DESK = 'meldpunt@baken.test';

/** How far the page reaches beyond the window sideways (0: no horizontal scroll). */
const overflowX = (page: Page) =>
  page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);

describe.skipIf(!browserAvailable)('the morning review and the inbox at 1366 and 683 px', () => {
  let t: TestApp;
  let server: Awaited<ReturnType<typeof startServer>>;
  let browser: Awaited<ReturnType<typeof launchBrowser>>;
  let danger = 0;
  const old: number[] = [];

  beforeAll(async () => {
    t = await createTestApp(
      { TWILIO_AUTH_TOKEN: TOKEN, TWILIO_ACCOUNT_SID: ACCOUNT, PUBLIC_URL: PUBLIC, HELPDESK_ADDRESSES: DESK },
      { now: '2026-11-23T20:00:00Z' }, // Monday 21:00: closed
    );
    // The backlog: urgent mails weeks old (long subjects and an address that does not break), and a plain one.
    for (const [i, at] of ['2026-11-02T21:00:00Z', '2026-11-04T22:00:00Z', '2026-11-06T23:00:00Z'].entries())
      old.push(
        (
          await makeContact(t, {
            channel: 'email',
            subject: `Dringend verzoek nummer ${i + 1} over een slachtoffer zonder onderdak en zonder verblijfsstatus`,
            priority: 'urgent',
            startedAt: at,
            party: {
              email: `heel-lang-adres-zonder-breekpunten-nummer-${i + 1}@een-gemeente-met-een-lange-naam.example.nl`,
              org: 'Gemeente Súdwest-Fryslân afdeling Zorg en Veiligheid',
              name: 'Anna de Vries-van Oldenbarnevelt',
            },
          })
        ).id,
      );
    await makeContact(t, { channel: 'email', subject: 'Folders', startedAt: '2026-11-09T20:00:00Z' });
    await ingestComposed(t, {
      from: 'jan@example.org',
      to: DESK,
      subject: 'Cijfers voor een werkstuk',
      text: 'Goedenavond,\nhoeveel meldingen waren er vorig jaar?',
    });
    // Tonight 23:00: the danger voicemail.
    t.clock.set('2026-11-23T22:00:00Z');
    const call = { AccountSid: ACCOUNT, CallSid: sid('CA', 'night'), From: '+31612345678', To: '+31334481186' };
    const re = sid('RE', 'night');
    const rec = {
      ...call,
      RecordingSid: re,
      RecordingUrl: `https://api.twilio.com/2010-04-01/Accounts/${ACCOUNT}/Recordings/${re}`,
    };
    const post = (path: string, params: Record<string, string>) => signedTwilioPost(t.app, PUBLIC, TOKEN, path, params);
    expect((await post('/twilio/voice', { ...call, Direction: 'inbound', CallStatus: 'ringing' })).status).toBe(200);
    await post('/twilio/recording', { ...rec, RecordingDuration: '30', RecordingStatus: 'completed' });
    await post('/twilio/transcription', {
      ...rec,
      TranscriptionSid: sid('TR', 'night'),
      TranscriptionStatus: 'completed',
      TranscriptionText: 'Ik heb vannacht geen veilige plek om te slapen en ik word bedreigd.',
    });
    danger = (
      await t.deps.db
        .selectFrom('calls')
        .select('contact_id')
        .where('call_sid', '=', sid('CA', 'night'))
        .executeTakeFirstOrThrow()
    ).contact_id;
    t.clock.set('2026-11-24T08:30:00Z'); // Tuesday 09:30: open
    // This morning, in office hours: a mail from a municipality with a long address that cannot break.
    await makeContact(t, {
      channel: 'email',
      subject: 'Vraag over bedenktijd en verblijfsvergunning B8/3 en opvang voor een minderjarige',
      priority: 'urgent',
      party: { email: 'heel-lang-adres-zonder-breekpunten@een-gemeente.example.nl', org: 'Gemeente Súdwest-Fryslân' },
    });
    server = await startServer(t);
    browser = await launchBrowser();
    const user = await makeUser(t.deps, ['agent'], 'Eva');
    const { page } = browser;
    await page.goto(`${server.url}/login`);
    await page.fill('#email', user.email);
    await page.fill('#password', user.password);
    await page.press('#password', 'Enter');
    await page.waitForURL(`${server.url}/contacts`);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await t?.close();
  });

  for (const width of [1366, 683]) {
    it(`shows tonight’s danger voicemail first, apart from the backlog, at ${width} px without scrolling sideways`, async () => {
      const { page } = browser;
      await page.setViewportSize({ width, height: 768 });
      const res = await page.goto(`${server.url}/review`);
      expect(res?.status()).toBe(200);
      const rows = await page
        .locator('.review-row')
        .evaluateAll((els) => els.map((e) => Number((e as HTMLElement).dataset.id)));
      expect(rows[0]).toBe(danger);
      expect(rows.slice(1, 4)).toEqual(old);
      expect(await page.locator(`.review-row[data-id="${danger}"] .tag-tonight`).isVisible()).toBe(true);
      expect(await page.locator(`.review-row[data-id="${old[0]}"] .tag-backlog`).isVisible()).toBe(true);
      expect(await page.locator(`.review-row[data-id="${old[0]}"] .stamp`).textContent()).toMatch(
        /^\S+ 02-11-2026 22:00$/,
      );
      expect(await overflowX(page)).toBeLessThanOrEqual(0);
    });

    it(`opens an item beside the list at ${width} px: on screen, not over the list, no sideways scroll`, async () => {
      const { page } = browser;
      await page.setViewportSize({ width, height: 768 });
      await page.goto(`${server.url}/review`);
      await page.keyboard.press('j');
      await page.waitForURL(`${server.url}/review/${danger}`);
      await page.locator('#review-item').waitFor();
      expect(await overflowX(page)).toBeLessThanOrEqual(0);
      const box = await page.evaluate(() => {
        const r = (el: Element | null) => el!.getBoundingClientRect().toJSON() as DOMRect;
        const list = document.querySelector('#review-list');
        return {
          panel: r(document.querySelector('#review-item')),
          table: r(list!.querySelector('table')),
          listOverflow: list!.scrollWidth - list!.clientWidth,
          vw: document.documentElement.clientWidth,
          vh: window.innerHeight,
        };
      });
      // The panel is within the window sideways and starts on the first screen.
      expect(box.panel.left).toBeGreaterThanOrEqual(0);
      expect(box.panel.right).toBeLessThanOrEqual(box.vw);
      expect(box.panel.top).toBeLessThan(box.vh);
      expect(box.listOverflow).toBeLessThanOrEqual(0);
      // It never lies over the list: side by side on the wide screen, stacked on the narrow one.
      const overlaps =
        box.panel.left < box.table.right &&
        box.table.left < box.panel.right &&
        box.panel.top < box.table.bottom &&
        box.table.top < box.panel.bottom;
      expect(overlaps).toBe(false);
      if (width === 1366) expect(box.table.right).toBeLessThanOrEqual(box.panel.left);
    });

    it(`shows the inbox at ${width} px without scrolling sideways`, async () => {
      const { page } = browser;
      await page.setViewportSize({ width, height: 768 });
      const res = await page.goto(`${server.url}/contacts`);
      expect(res?.status()).toBe(200);
      expect(await page.locator(`tr[data-id="${danger}"], a[href="/contacts/${danger}"]`).count()).toBeGreaterThan(0);
      expect(await overflowX(page)).toBeLessThanOrEqual(0);
    });
  }
});
