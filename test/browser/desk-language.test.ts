import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserAvailable, launchBrowser, startServer, scriptErrors } from '../support/browser.js';
import { DESK, emailTestApp, type EmailTestApp } from '../support/email-app.js';
import { ingestComposed, makeContact } from '../support/factories.js';
import { makeUser } from '../support/test-app.js';

// Issue 23: countries by their common names in the nationality field, and an English mail offered English
// answers first — switching at once when the reply's language changes.

describe.skipIf(!browserAvailable)('names and languages at the desk in a real browser', () => {
  let e: EmailTestApp;
  let server: Awaited<ReturnType<typeof startServer>>;
  let browser: Awaited<ReturnType<typeof launchBrowser>>;
  let agent: Awaited<ReturnType<typeof makeUser>>;

  beforeAll(async () => {
    e = await emailTestApp({}, { now: '2026-11-23T10:00:00Z' });
    agent = await makeUser(e.t.deps, ['agent'], 'Eva');
    await e.t.deps.db.updateTable('users').set({ locale: 'nl' }).where('id', '=', agent.id).execute();
    server = await startServer(e.t);
    browser = await launchBrowser();
    const { page } = browser;
    await page.goto(`${server.url}/login`);
    await page.fill('#email', agent.email);
    await page.fill('#password', agent.password);
    await page.keyboard.press('Enter');
    await page.waitForURL(`${server.url}/contacts`);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await e?.close();
  });

  it('finds Nigeria, Nederland and Roemenië by typing a part of their common names in the country fields', async () => {
    const { page } = browser;
    const errors = scriptErrors(page);
    const contact = await makeContact(e.t, { subject: 'Aanmelding' }, agent.id);
    await page.goto(`${server.url}/registrations/new?contact=${contact.id}`);
    // The country fields are comboboxes over one list of common names (public/combobox.js; the full journey,
    // saved and shown on every page, is test/browser/countries.test.ts). Every name "Nig" begins: Niger, Nigeria.
    const names = await page
      .locator('#country-options option')
      .evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value));
    expect(names.filter((l) => l.startsWith('Nig'))).toEqual(['Niger', 'Nigeria']);
    const typed = async (id: string, text: string) => {
      await page.locator(`#${id}`).focus();
      await page.keyboard.type(text);
      await page.keyboard.press('Tab');
      return page.inputValue(`#${id}`);
    };
    expect(await typed('nationality', 'Nig')).toBe('Nigeria');
    expect(await typed('nationality2', 'Nederl')).toBe('Nederland');
    expect(await typed('countryOfOrigin', 'Roem')).toBe('Roemenië');
    expect(names).not.toContain('Roemeense Republiek');
    expect(names).not.toContain('Koninkrijk der Nederlanden');
    expect(errors).toEqual([]);
  });

  it('offers an English mail English answers first, and Dutch ones first as soon as the reply is set to Dutch', async () => {
    const { page } = browser;
    const errors = scriptErrors(page);
    const res = await ingestComposed(e.t, {
      from: 'Jane Doe <jane@example.test>',
      to: DESK,
      subject: 'My passport was taken',
      text: 'Hello, I work on a farm and my boss keeps my passport. I cannot leave and I am not paid. What can I do?',
    });
    const id = (res as { contactId: number }).contactId;
    await page.goto(`${server.url}/contacts/${id}`);
    const answers = page.locator(`#reply-answer-${id}`);
    const firstGroup = () =>
      answers.evaluate((s: HTMLSelectElement) => s.options[0]?.parentElement?.getAttribute('data-language'));
    expect(await firstGroup()).toBe('en');
    expect(await answers.evaluate((s: HTMLSelectElement) => s.value)).toBe(
      await answers.evaluate((s: HTMLSelectElement) => s.options[0]!.value),
    );
    // The reply's language: English by default for this mail; Dutch redraws the answers at once, without a save.
    const lang = page.locator(`#reply-lang-${id}`);
    expect(await lang.inputValue()).toBe('en');
    await lang.selectOption('nl');
    await expect.poll(firstGroup, { timeout: 5_000 }).toBe('nl');
    expect(page.url()).toBe(`${server.url}/contacts/${id}`);
    await lang.selectOption('en');
    await expect.poll(firstGroup, { timeout: 5_000 }).toBe('en');
    expect(errors).toEqual([]);
  });
});
