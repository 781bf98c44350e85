import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserAvailable, launchBrowser, startServer } from '../support/browser.js';
import { makeUser } from '../support/test-app.js';
import { DESK, emailTestApp, messages, type EmailTestApp } from '../support/email-app.js';
import { rawMessage, sendRaw, startCatcher, type Catcher } from '../support/mail.js';
import { startOutboxWorker, type OutboxWorker } from '../../src/email/outbound/outbox-worker.js';

describe.skipIf(!browserAvailable)('replying in a real browser', () => {
  let e: EmailTestApp;
  let catcher: Catcher;
  let worker: OutboxWorker;
  let server: Awaited<ReturnType<typeof startServer>>;
  let browser: Awaited<ReturnType<typeof launchBrowser>>;
  let user: Awaited<ReturnType<typeof makeUser>>;

  beforeAll(async () => {
    catcher = await startCatcher();
    e = await emailTestApp({ SMTP_URL: catcher.url }, { now: '2026-11-23T10:00:00Z' });
    worker = startOutboxWorker(e.t.deps, { intervalMs: 200 });
    user = await makeUser(e.t.deps, ['agent'], 'Eva');
    server = await startServer(e.t);
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await worker?.stop();
    await catcher?.close();
    await e?.close();
  });

  it('an agent sets a signature on the account page, then answers with "send and resolve": the contact is resolved and the mail carries signature and quote', async () => {
    const { page } = browser;
    const errors: string[] = [];
    page.on('pageerror', (err) => errors.push(err.message));
    page.on('dialog', (d) => void d.accept());

    await sendRaw(
      e.listener.port,
      'jan@politie.nl',
      DESK,
      rawMessage(
        {
          From: 'Jan Jansen <jan@politie.nl>',
          To: DESK,
          Subject: 'Opvang gezocht',
          'Message-ID': '<opvang-1@politie.nl>',
        },
        'Wij zoeken opvang voor vannacht.',
      ),
    );
    const [incoming] = await messages(e.t);

    await page.goto(`${server.url}/login`);
    await page.locator('#email').fill(user.email);
    await page.locator('#password').fill(user.password);
    await page.locator('#password').press('Enter');
    await page.waitForURL(`${server.url}/contacts`);

    await page.getByRole('link', { name: 'My account' }).click();
    await page.waitForURL(`${server.url}/account`);
    await page.getByLabel('Signature in Dutch').fill('Met vriendelijke groet,\nEva, meldpunt');
    await page.locator('#signatures button[type=submit]').click();
    await page.waitForURL(`${server.url}/account?saved=signature`);
    expect(await page.locator('.flash-ok').textContent()).toContain('Your signatures are saved.');

    await page.goto(`${server.url}/contacts/${incoming!.contact_id}`);
    const panel = page.locator('#email-panel');
    await expect.poll(() => panel.locator('.safe-flag').first().textContent()).toContain('May send email: ?');
    await page.getByLabel('Your reply').fill('Beste Jan,\n\nWij regelen opvang.');
    await page.getByRole('button', { name: 'Send and resolve' }).click();
    await expect
      .poll(
        async () =>
          (
            await e.t.deps.db
              .selectFrom('contacts')
              .select('status')
              .where('id', '=', incoming!.contact_id)
              .executeTakeFirstOrThrow()
          ).status,
      )
      .toBe('resolved');
    const caught = await catcher.waitFor(2);
    const reply = caught.find((m) => m.parsed.subject?.startsWith('Re:'))!;
    expect(reply.parsed.text).toContain(
      'Beste Jan,\n\nWij regelen opvang.\n\n-- \nMet vriendelijke groet,\nEva, meldpunt',
    );
    expect(reply.parsed.text).toContain('schreef Jan Jansen <jan@politie.nl>:\n> Wij zoeken opvang voor vannacht.');
    expect(errors).toEqual([]);
  });
});
