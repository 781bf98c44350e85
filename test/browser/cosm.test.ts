import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserAvailable, launchBrowser, startServer, scriptErrors } from '../support/browser.js';
import { createTestApp, makeUser, type TestApp } from '../support/test-app.js';
import { makeRegistration } from '../support/registration-factory.js';
import { saveShelter } from '../../src/cosm/cosm.service.js';

describe.skipIf(!browserAvailable)('a COSM placement in a real browser', () => {
  let t: TestApp;
  let server: Awaited<ReturnType<typeof startServer>>;
  let browser: Awaited<ReturnType<typeof launchBrowser>>;
  let user: Awaited<ReturnType<typeof makeUser>>;

  beforeAll(async () => {
    t = await createTestApp({}, { now: '2026-11-23T10:00:00Z' });
    user = await makeUser(t.deps, ['agent'], 'Eva');
    await saveShelter(
      t.deps,
      null,
      { name: 'De Haven', region: 'Noord', kinds: ['women'], places: 4, freePlaces: 1, active: true },
      { id: user.id, ip: null },
    );
    server = await startServer(t);
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await t?.close();
  });

  it('an agent asks a place from the registration, offers it on the list, records the acceptance, and marks a signal', async () => {
    const { page } = browser;
    const errors = scriptErrors(page);
    const regId = await makeRegistration(t, user.id, { reportedOn: '2026-11-20' });

    await page.goto(`${server.url}/login`);
    await page.fill('#email', user.email);
    await page.fill('#password', user.password);
    await page.keyboard.press('Enter');
    await page.waitForURL(`${server.url}/contacts`);
    await page.goto(`${server.url}/registrations/${regId}`);

    await page.selectOption(`#cosm-${regId}-urgency`, 'acute');
    await page.locator('.cosm-panel button[type=submit]').click();
    await page.waitForURL(/\/cosm\?done=request/);
    expect(await page.locator('.cosm-waiting li').count()).toBe(1);
    expect(await page.locator('.cosm-waiting').textContent()).toContain('Acute');

    await page.locator('.cosm-waiting button', { hasText: 'Offer' }).click();
    await page.waitForURL(/\/cosm\?done=offer/);
    expect(await page.locator('.cosm-waiting').textContent()).toContain('Offered to De Haven');
    await page.fill('.cosm-waiting input[name=endOn]', '2027-02-01');
    await page.locator('.cosm-waiting button', { hasText: 'Accepted' }).click();
    await page.waitForURL(/\/cosm\?done=answer/);
    expect(await page.locator('main').textContent()).toContain('2026-11-23 – 2027-02-01');

    await page.goto(`${server.url}/registrations/${regId}`);
    expect(await page.locator('main').textContent()).toContain('2027-02-01');
    await page.selectOption('#registration-signal-code', 'no_cosm_place');
    await page.fill('#registration-signal-note', 'Eerst drie nachten geen plek');
    await page.locator('.signals-panel button[type=submit]').click();
    await page.waitForURL(`${server.url}/registrations/${regId}`);
    expect(await page.locator('.signals-panel').textContent()).toContain('No COSM place');
    expect(errors).toEqual([]);
  });
});
