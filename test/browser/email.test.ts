import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserAvailable, launchBrowser, startServer } from '../support/browser.js';
import { makeUser } from '../support/test-app.js';
import { DESK, emailTestApp, messages, type EmailTestApp } from '../support/email-app.js';
import { rawMessage, sendRaw, startCatcher, type Catcher } from '../support/mail.js';
import { startOutboxWorker, type OutboxWorker } from '../../src/email/outbound/outbox-worker.js';

describe.skipIf(!browserAvailable)('email in a real browser', () => {
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

  it('a mail arrives, an agent opens it from the inbox, replies, and the reply leaves with the right threading headers', async () => {
    const { page } = browser;
    const errors: string[] = [];
    const remote: string[] = [];
    page.on('pageerror', (err) => errors.push(err.message));
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    page.on('request', (r) => {
      if (!r.url().startsWith(server.url) && !r.url().startsWith('about:') && !r.url().startsWith('data:'))
        remote.push(r.url());
    });
    page.on('dialog', (d) => void d.accept());

    const html =
      '<p>Goedemiddag,</p><p>Wij hebben een <b>mogelijk slachtoffer</b> aangetroffen.</p><img src="http://track.example/pixel.gif"><script>document.title="pwned"</script>';
    await sendRaw(
      e.listener.port,
      'jan@politie.nl',
      DESK,
      rawMessage(
        {
          From: 'Jan Jansen <jan@politie.nl>',
          To: DESK,
          Subject: 'Mogelijk slachtoffer Rotterdam',
          'Message-ID': '<origineel-1@politie.nl>',
          'MIME-Version': '1.0',
          'Content-Type': 'text/html; charset=utf-8',
        },
        html,
      ),
    );
    const [incoming] = await messages(e.t);

    await page.goto(`${server.url}/login`);
    // The sign-in page speaks the desk's default language (Dutch); the agent's own choice is English.
    await page.locator('#email').fill(user.email);
    await page.locator('#password').fill(user.password);
    await page.locator('#password').press('Enter');
    await page.waitForURL(`${server.url}/contacts`);

    await page.locator('#inbox-results a', { hasText: 'Mogelijk slachtoffer Rotterdam' }).click();
    await page.waitForURL(/\/contacts\/\d+$/);
    const panel = page.locator('#email-panel');
    await expect.poll(() => panel.locator('.mail-in .mail-text').textContent()).toContain('mogelijk slachtoffer');
    // The formatted version renders inside the sandboxed frame, without its script or pixel.
    const frame = page.frameLocator('#email-panel iframe');
    await page.locator('#email-panel details.mail-html summary').first().click();
    await expect.poll(() => frame.locator('b').textContent()).toBe('mogelijk slachtoffer');
    expect(await page.title()).not.toBe('pwned');
    // The safe-contact flag is on the reply screen before the agent writes.
    await expect.poll(() => panel.locator('.safe-flag').first().textContent()).toContain('May send email: ?');

    await page.getByLabel('Your reply').fill('Beste Jan,\n\nDank voor uw melding. Wij bellen u vandaag terug.');
    await page.getByRole('button', { name: 'Send reply' }).click();
    await expect.poll(() => page.locator('#timeline').textContent()).toContain('replied by email');
    const caught = await catcher.waitFor(2);
    await expect
      .poll(
        async () => {
          await page.reload();
          return panel.locator('.mail-kind-reply .outbox-state').textContent();
        },
        { timeout: 10_000 },
      )
      .toMatch(/^Sent /);

    const reply = caught.find((m) => m.parsed.subject?.startsWith('Re:'))!;
    const reference = (
      await e.t.deps.db
        .selectFrom('contacts')
        .select('reference')
        .where('id', '=', incoming!.contact_id)
        .executeTakeFirstOrThrow()
    ).reference!;
    expect(reply.envelope.to).toEqual(['jan@politie.nl']);
    expect(reply.parsed.subject).toBe(`Re: Mogelijk slachtoffer Rotterdam [#${reference}]`);
    expect(reply.header('in-reply-to')).toBe('<origineel-1@politie.nl>');
    expect(reply.header('references')).toContain('<origineel-1@politie.nl>');
    expect(reply.parsed.messageId).toMatch(new RegExp(`^<hd\\.${incoming!.contact_id}\\.`));
    expect(reply.parsed.text).toContain('Wij bellen u vandaag terug.');
    expect(remote).toEqual([]);
    expect(errors.filter((x) => !/favicon/.test(x))).toEqual([]);
  });
});
