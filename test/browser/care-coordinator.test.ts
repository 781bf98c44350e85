import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserAvailable, launchBrowser, startServer, scriptErrors } from '../support/browser.js';
import { createTestApp, makeUser, signedIn, type TestApp } from '../support/test-app.js';
import { makeContact } from '../support/factories.js';
import { saveCareRegion, setCareRegionsOfUser } from '../../src/registrations/care-regions.service.js';

describe.skipIf(!browserAvailable)('a coordinator’s day in a real browser', () => {
  let t: TestApp;
  let server: Awaited<ReturnType<typeof startServer>>;
  let browser: Awaited<ReturnType<typeof launchBrowser>>;
  let coordinator: Awaited<ReturnType<typeof makeUser>>;
  let reference = '';
  let id = 0;

  beforeAll(async () => {
    t = await createTestApp({}, { now: '2026-11-23T10:00:00Z' });
    const admin = await makeUser(t.deps, ['admin']);
    const region = await saveCareRegion(
      t.deps,
      null,
      {
        name: 'Rijnmond',
        covers: 'Rotterdam',
        coordinatorOrg: 'Zorg R',
        coordinatorEmail: 'zc@rijnmond.test',
        hasCoordinator: true,
      },
      { id: admin.id, ip: null },
    );
    coordinator = await makeUser(t.deps, ['coordinator'], 'Sanne');
    await setCareRegionsOfUser(t.deps, coordinator.id, [region]);
    // The desk registers a person with consent to share and refers her to Rijnmond.
    const desk = await signedIn(t, ['agent']);
    const c = await makeContact(t);
    const form = await (await desk.client.get(`/registrations/new?contact=${c.id}`)).text();
    const saved = await desk.client.post('/registrations', {
      contact: String(c.id),
      formToken: /name="formToken" value="([^"]+)"/.exec(form)![1]!,
      reporterType: 'police',
      region: 'rotterdam',
      careRegion: String(region),
      consentCare: 'yes',
      gender: 'female',
      birthYear: '1998',
      nationality: ['NG'],
      exploitation: ['sexual'],
      residenceStatus: 'unlawful',
    });
    id = Number(/\/registrations\/(\d+)/.exec(saved.headers.get('location')!)![1]);
    expect((await desk.client.post(`/registrations/${id}/referral`)).status).toBe(303);
    reference = (await t.deps.db.selectFrom('registrations').select('reference').executeTakeFirstOrThrow()).reference!;
    server = await startServer(t);
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await t?.close();
  });

  it('opens her list, accepts the referral, adds the suggested procedures and ticks one off, by keyboard', async () => {
    const { page } = browser;
    await page.goto(`${server.url}/login`);
    await page.fill('#email', coordinator.email);
    await page.fill('#password', coordinator.password);
    await page.keyboard.press('Enter');
    // Her first page is her own list (issue 23): the referral waits for her there, and her navigation offers
    // only what she may open.
    await page.waitForURL(`${server.url}/care`);
    const errors = scriptErrors(page);
    expect(await page.locator('nav a', { hasText: 'Care cases' }).getAttribute('aria-current')).toBe('page');
    const links = await page.locator('nav a').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
    expect(links).not.toContain('/contacts');
    expect(links).not.toContain('/contacts/new');
    expect(links).toContain('/deadlines');
    const waiting = page.locator('.care-waiting');
    expect(await waiting.textContent()).toContain(reference);
    await waiting.locator('a', { hasText: reference }).focus();
    await page.keyboard.press('Enter');
    await page.waitForURL(`${server.url}/registrations/${id}#care`);

    // Accept: she becomes the coordinator.
    await page.locator('button', { hasText: 'Accept the referral' }).focus();
    await page.keyboard.press('Enter');
    await page.waitForURL(`${server.url}/registrations/${id}#care`);
    await expect.poll(() => page.locator('.care-status').textContent()).toBe('Coordinated by Sanne.');

    // The checklist from the rule, then the police report is ticked as applied with a due date.
    await page.locator('button', { hasText: 'Add the suggested procedures' }).focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('.procedures li').count()).toBe(7);
    const report = page.locator('.procedures li[data-kind="police_report"]');
    await report.locator('select[name=status]').focus();
    await report.locator('select[name=status]').selectOption('applied');
    await report.locator('input[name=dueOn]').fill('2026-12-04');
    await report.locator('button').focus();
    await page.keyboard.press('Enter');
    // After the save the page is drawn again from the server: the due date counts down.
    await expect
      .poll(() => page.locator('.procedures li[data-kind="police_report"] legend').textContent())
      .toContain('11 days left');
    expect(await page.locator('.procedures li[data-kind="police_report"] select[name=status]').inputValue()).toBe(
      'applied',
    );
    const saved = await t.deps.db
      .selectFrom('registration_procedures')
      .select(['status', 'due_on'])
      .where('kind', '=', 'police_report')
      .executeTakeFirstOrThrow();
    expect(saved).toEqual({ status: 'applied', due_on: '2026-12-04' });

    // Back in her list the case is hers, and nothing waits any more.
    await page.goto(`${server.url}/care`);
    expect(await page.locator('.care-mine').textContent()).toContain(reference);
    expect(await page.locator('.care-waiting').textContent()).not.toContain(reference);
    // The due date is on /deadlines too.
    await page.goto(`${server.url}/deadlines`);
    expect(await page.locator('table.deadlines').textContent()).toContain('Report to the police (aangifte)');
    expect(errors).toEqual([]);
  });
});
