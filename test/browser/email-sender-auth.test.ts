import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserAvailable, launchBrowser, startServer } from '../support/browser.js';
import { dkimKey, dkimSigned, type DnsStandIn, startDnsStandIn } from '../support/dns-server.js';
import { DESK, emailTestApp, messages, type EmailTestApp } from '../support/email-app.js';
import { rawMessage, sendRaw } from '../support/mail.js';
import { makeUser } from '../support/test-app.js';

describe.skipIf(!browserAvailable)('who sent a mail, in a real browser', () => {
  const police = dkimKey();
  const impostor = dkimKey();
  let dns: DnsStandIn;
  let e: EmailTestApp;
  let server: Awaited<ReturnType<typeof startServer>>;
  let browser: Awaited<ReturnType<typeof launchBrowser>>;
  let user: Awaited<ReturnType<typeof makeUser>>;

  beforeAll(async () => {
    dns = await startDnsStandIn({
      'sel._domainkey.politie.test': { TXT: [police.record] },
      '_dmarc.politie.test': { TXT: ['v=DMARC1; p=reject'] },
    });
    e = await emailTestApp({ DNS_SERVERS: dns.server, MAIL_AUTH_TIMEOUT_MS: '20000' });
    user = await makeUser(e.t.deps, ['agent'], 'Eva');
    server = await startServer(e.t);
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await e?.close();
    await dns?.close();
  });

  const mail = (subject: string, id: string) =>
    rawMessage(
      {
        From: 'Inspecteur Bos <bos@politie.test>',
        To: DESK,
        Subject: subject,
        'Message-ID': `<${id}@politie.test>`,
        Date: 'Mon, 23 Nov 2026 10:00:00 +0000',
      },
      'Wij hebben een mogelijk slachtoffer aangetroffen.',
    );

  it('an agent sees the forged police mail marked in the inbox and on its page, and the real one verified', async () => {
    const { page } = browser;
    const errors: string[] = [];
    page.on('pageerror', (err) => errors.push(err.message));
    await sendRaw(
      e.listener.port,
      'bos@politie.test',
      DESK,
      await dkimSigned(mail('Echte melding', 'echt-1'), 'politie.test', police.privateKey),
    );
    await sendRaw(
      e.listener.port,
      'bos@politie.test',
      DESK,
      await dkimSigned(mail('Valse melding', 'vals-1'), 'politie.test', impostor.privateKey),
    );
    expect((await messages(e.t)).map((m) => m.auth_verdict)).toEqual(['verified', 'failed']);

    await page.goto(`${server.url}/login`);
    await page.locator('#email').fill(user.email);
    await page.locator('#password').fill(user.password);
    await page.locator('#password').press('Enter');
    await page.waitForURL(`${server.url}/contacts`);
    const forgedRow = page.locator('#inbox-results tr', { hasText: 'Valse melding' });
    await expect.poll(() => forgedRow.locator('.tag.sender-refused').textContent()).toBe('forged sender (DMARC)');
    const realRow = page.locator('#inbox-results tr', { hasText: 'Echte melding' });
    expect(await realRow.locator('.tag.sender-refused, .tag.sender-failed').count()).toBe(0);

    await forgedRow.locator('a', { hasText: 'Valse melding' }).click();
    await page.waitForURL(/\/contacts\/\d+$/);
    const panel = page.locator('#email-panel');
    await expect.poll(() => panel.locator('.sender-warning').textContent()).toContain('Treat it as forged');
    expect(await panel.locator('.mail-auth .auth-verdict').textContent()).toBe('failed');
    await panel.locator('.mail-auth-details summary').click();
    await expect.poll(() => panel.locator('.mail-auth-details').textContent()).toContain('DMARC fail');

    await page.goto(`${server.url}/contacts`);
    await realRow.locator('a', { hasText: 'Echte melding' }).click();
    await page.waitForURL(/\/contacts\/\d+$/);
    await expect.poll(() => panel.locator('.mail-auth .auth-verdict').textContent()).toBe('verified: politie.test');
    expect(await panel.locator('.sender-warning').count()).toBe(0);
    expect(errors).toEqual([]);
  });
});
