import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserAvailable, launchBrowser, scriptErrors, startServer } from '../support/browser.js';
import { createTestApp, makeUser, type TestApp } from '../support/test-app.js';
import type { NewRegistration } from '../../src/registrations/registrations.service.js';
import { makeRegistration } from '../support/registration-factory.js';

/** A registration saved through the registrations service (the shared factory), as the form saves it. */
const register = (t: TestApp, actorId: number, _n: number, over: Partial<NewRegistration>) =>
  makeRegistration(t, actorId, { dossierType: 'registration', birthYear: 1999, ...over });

describe.skipIf(!browserAvailable)('the statistics page in a real browser', () => {
  let t: TestApp;
  let server: Awaited<ReturnType<typeof startServer>>;
  let browser: Awaited<ReturnType<typeof launchBrowser>>;
  let user: Awaited<ReturnType<typeof makeUser>>;

  beforeAll(async () => {
    t = await createTestApp({}, { now: '2026-11-23T10:00:00Z' });
    user = await makeUser(t.deps, ['supervisor'], 'Sanne');
    await t.deps.db.updateTable('users').set({ locale: 'nl' }).where('id', '=', user.id).execute();
    for (let i = 0; i < 3; i++) await register(t, user.id, i, {});
    await register(t, user.id, 3, { reportedOn: '2026-08-15', exploitation: ['labour'] });
    server = await startServer(t);
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await t?.close();
  });

  it('a supervisor switches to quarters, then to English, and downloads the CSV of the table', async () => {
    const { page } = browser;
    const errors = scriptErrors(page);
    await page.goto(`${server.url}/login`);
    await page.fill('#email', user.email);
    await page.fill('#password', user.password);
    await page.keyboard.press('Enter');
    // The supervisor's first page is the desk's figures (issue 23).
    await page.waitForURL(`${server.url}/statistics`);
    expect(await page.locator('h1').first().textContent()).toContain('Statistieken');
    await page.selectOption('#stats-period', 'quarter');
    await page.locator('form.stats-filters button[type=submit]').click();
    await page.waitForURL(/\/statistics\?.*period=quarter/);
    const quarters = page.url();
    expect(await page.locator('#stats-dim-h').count()).toBe(1);
    expect(await page.content()).toContain('2026-Q1');
    expect(await page.content()).toContain('2026-Q3');
    // Drawn on the server by Plot: a trend line of the quarters and the busiest hours as a heatmap, both shown.
    // The quarter without registrations between them is drawn as 0, not passed over.
    expect(await page.locator('svg#stats-total-chart g[aria-label="text"] text').allTextContents()).toEqual([
      '3',
      '0',
      '1',
    ]);
    expect(await page.locator('svg#stats-desk-hours-chart rect').count()).toBe(7 * 24);
    expect(await page.locator('svg#stats-desk-hours-chart').isVisible()).toBe(true);
    const box = await page.locator('svg#stats-desk-hours-chart').boundingBox();
    expect(box?.width).toBeGreaterThan(300);

    // The language is the user's own setting: English, then back to the same filtered page.
    await page.goto(`${server.url}/account`);
    await page.check('input[name=locale][value=en]');
    await page.locator('form[action="/account"] button[type=submit]').click();
    await page.waitForURL(/\/account\?saved=1/);
    await page.goto(quarters);
    expect(await page.locator('h1').first().textContent()).toContain('Statistics');
    expect(await page.locator('label[for=stats-period]').textContent()).toBe('Per');
    expect(await page.locator('form.stats-filters button[type=submit]').textContent()).toBe('Show');
    expect(await page.locator('#stats-period').inputValue()).toBe('quarter');

    // The CSV of the table by form of exploitation, per quarter.
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.locator('#stats-dim-h').locator('..').getByText('Download as CSV', { exact: true }).click(),
    ]);
    const csv = readFileSync((await download.path()) as string, 'utf8')
      .trim()
      .split(/\r?\n/);
    expect(csv[0]).toBe(
      'period,sexual,labour,criminal,begging,organ,marriage,adoption,surrogacy,combination,unknown,total',
    );
    expect(csv).toContain('2026-Q1,3,0,0,0,0,0,0,0,0,0,3');
    expect(csv).toContain('2026-Q3,0,1,0,0,0,0,0,0,0,0,1');
    expect(errors).toEqual([]);
  });

  it('a supervisor opens the year in figures, reads a table with shares and the reference figures, and previews the publication', async () => {
    const { page, context } = browser;
    const errors = scriptErrors(page);
    // On its own: a fresh sign-in, in English.
    await context.clearCookies();
    await t.deps.db.updateTable('users').set({ locale: 'en' }).where('id', '=', user.id).execute();
    await page.goto(`${server.url}/login`);
    await page.fill('#email', user.email);
    await page.fill('#password', user.password);
    await page.keyboard.press('Enter');
    await page.waitForURL(`${server.url}/statistics`);
    await page.getByText('The year in figures (CoMensha’s tables)', { exact: true }).click();
    await page.waitForURL(`${server.url}/statistics/year`);
    expect(await page.locator('h1').first().textContent()).toBe('The year in figures 2026');

    // The forms table: each registration once, shares of the year adding up to 100.0 %.
    const forms = page.locator('#year-forms');
    expect(await forms.locator('caption').textContent()).toBe('Form of exploitation (one per registration)');
    const sexual = forms.locator('tbody tr', { has: page.locator('th', { hasText: 'Sexual exploitation' }) });
    expect(await sexual.locator('td').allTextContents()).toEqual(['3', '75.0']);
    const shares = (await forms.locator('tbody td:nth-of-type(2)').allTextContents()).map(Number);
    expect(shares.reduce((a, b) => a + b, 0)).toBeCloseTo(100, 5);
    // Its chart labels each bar with its number and share, so it reads without colour.
    expect(await page.locator('svg[aria-labelledby="year-forms-chart-title"]').textContent()).toContain('3 (75.0 %)');
    // The published reference figures stand beside it, with their series and source.
    const ref = page.locator('#year-forms-ref');
    expect(await ref.textContent()).toContain('CoMensha, Het beeld van 2020');
    expect(await ref.textContent()).toContain('(41.0 %)');

    // The publication preview writes the small numbers as x.
    await page.check('input[name=publication]');
    await page.locator('form.stats-filters button[type=submit]').click();
    await page.waitForURL(/publication=1/);
    expect(await sexual.locator('td').allTextContents()).toEqual(['x', 'x']);
    expect(await page.content()).toContain('x: suppressed for publication');

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByText('The year in figures for publication (CSV, suppressed numbers as x)', { exact: true }).click(),
    ]);
    const csv = readFileSync((await download.path()) as string, 'utf8');
    expect(csv.split(/\r?\n/)[0]).toBe('table,year,row,column,count,share_percent,series,source');
    expect(csv).toContain('forms,2026,sexual,,x,x,baken,');
    expect(errors).toEqual([]);
  });
});
