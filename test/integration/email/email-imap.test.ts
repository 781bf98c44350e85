import { execSql, failingInserts, noFailingInserts } from '../../support/sqlite.js';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ImapFlow } from 'imapflow';
import { dovecotAvailable, startDovecot, type Dovecot } from '../../support/dovecot.js';
import { DESK, messages } from '../../support/email-app.js';
import { rawMessage } from '../../support/mail.js';
import { createTestApp, type TestApp } from '../../support/test-app.js';
import { parseImapUrl, pollImapOnce, startImapPoller, TAKEN } from '../../../src/email/inbound/imap-poller.js';
import { ingestRaw } from '../../../src/email/inbound/ingest.service.js';

describe('reading IMAP_URL', () => {
  it.each([
    [
      'imaps://desk%40org.nl:p%40ss@imap.example.nl/INBOX',
      { host: 'imap.example.nl', port: 993, secure: true, user: 'desk@org.nl', pass: 'p@ss', mailbox: 'INBOX' },
    ],
    [
      'imap://u:p@127.0.0.1:1143/Help%20desk',
      { host: '127.0.0.1', port: 1143, secure: false, user: 'u', pass: 'p', mailbox: 'Help desk' },
    ],
    ['imaps://u:p@host', { host: 'host', port: 993, secure: true, user: 'u', pass: 'p', mailbox: 'INBOX' }],
  ])('%s', (url, expected) => {
    expect(parseImapUrl(url)).toEqual(expected);
  });
});

describe.skipIf(!dovecotAvailable)('the IMAP poller against Dovecot', () => {
  let d: Dovecot;
  let t: TestApp;
  let box = 0;
  let mailbox: string;
  beforeAll(async () => {
    d = await startDovecot();
  });
  afterAll(async () => {
    await d?.stop();
  });

  async function imap<T>(fn: (c: ImapFlow) => Promise<T>): Promise<T> {
    const c = new ImapFlow({
      host: '127.0.0.1',
      port: d.port,
      secure: false,
      auth: { user: d.user, pass: d.pass },
      logger: false,
    });
    await c.connect();
    try {
      return await fn(c);
    } finally {
      await c.logout();
    }
  }
  const append = (raw: string) => imap((c) => c.append(mailbox, raw));
  const flags = () =>
    imap(async (c) => {
      const lock = await c.getMailboxLock(mailbox);
      try {
        return (await c.fetchAll('1:*', { uid: true, flags: true })).map((m) => [...(m.flags ?? [])]);
      } finally {
        lock.release();
      }
    });
  const target = () => parseImapUrl(d.url(mailbox));
  const mail = (n: number, extra: Record<string, string> = {}) =>
    rawMessage(
      {
        From: `sender${n}@politie.nl`,
        To: DESK,
        Subject: `IMAP ${n}`,
        'Message-ID': `<imap-${n}-${box}@politie.nl>`,
        ...extra,
      },
      `Bericht nummer ${n}`,
    );

  beforeEach(async () => {
    box++;
    mailbox = `Test${box}`;
    await imap((c) => c.mailboxCreate(mailbox));
    t = await createTestApp({
      HELPDESK_ADDRESSES: DESK,
      MAIL_FROM: DESK,
      IMAP_URL: d.url(mailbox),
      MAIL_MAX_BYTES: '4096',
    });
  });
  afterEach(async () => {
    await t.close();
  });

  it('stores every message once and flags it as taken only after it is stored', async () => {
    await append(mail(1));
    await append(mail(2));
    expect(await pollImapOnce(t.deps, target())).toEqual({ stored: 2, duplicates: 0, oversized: 0 });
    const rows = await messages(t);
    expect(rows.map((r) => [r.source, r.subject])).toEqual([
      ['imap', 'IMAP 1'],
      ['imap', 'IMAP 2'],
    ]);
    expect((await flags()).every((f) => f.includes(TAKEN))).toBe(true);
    expect(await pollImapOnce(t.deps, target())).toEqual({ stored: 0, duplicates: 0, oversized: 0 });
    expect(await messages(t)).toHaveLength(2);
  });

  it('still takes a message a person already read in webmail (\\Seen is not "taken")', async () => {
    await imap((c) => c.append(mailbox, mail(3), ['\\Seen']));
    expect((await pollImapOnce(t.deps, target())).stored).toBe(1);
  });

  it('recognises a message stored before a crash but never flagged as a duplicate, and flags it', async () => {
    const raw = mail(4);
    await append(raw);
    await ingestRaw(t.deps, Buffer.from(raw), { source: 'imap' });
    expect(await pollImapOnce(t.deps, target())).toEqual({ stored: 0, duplicates: 1, oversized: 0 });
    expect(await messages(t)).toHaveLength(1);
    expect((await flags())[0]).toContain(TAKEN);
  });

  it('leaves a message unflagged when storing it fails, and stores it on the next poll', async () => {
    await append(mail(5));
    await execSql(t.deps, failingInserts('mail_messages', 'disk full'));
    await expect(pollImapOnce(t.deps, target())).rejects.toThrow(/disk full/);
    expect((await flags())[0]).not.toContain(TAKEN);
    expect(await messages(t)).toHaveLength(0);
    expect(await t.deps.db.selectFrom('contacts').selectAll().execute()).toHaveLength(0);
    await execSql(t.deps, noFailingInserts('mail_messages'));
    expect((await pollImapOnce(t.deps, target())).stored).toBe(1);
    expect((await flags())[0]).toContain(TAKEN);
  });

  it('records a message over the size limit from its headers, with a note, and leaves it in the mailbox', async () => {
    await append(`${mail(6)}\r\n${'x'.repeat(8000)}`);
    expect(await pollImapOnce(t.deps, target())).toEqual({ stored: 1, duplicates: 0, oversized: 1 });
    const [m] = await messages(t);
    expect(m!.subject).toBe('IMAP 6');
    expect(m!.text_body).toMatch(/larger than the limit of 4096 bytes.*stays in the mailbox/);
    expect(await flags()).toHaveLength(1);
  });

  it('takes a message of 300,000 nested <div>s once, marked too large to display, and does not fetch it again', async () => {
    await t.close();
    t = await createTestApp({ HELPDESK_ADDRESSES: DESK, MAIL_FROM: DESK, IMAP_URL: d.url(mailbox) });
    await append(
      rawMessage(
        { From: 'jan@politie.nl', To: DESK, Subject: 'Diep', 'Content-Type': 'text/html; charset=utf-8' },
        `${'<div>'.repeat(300_000)}Diep verstopt`,
      ),
    );
    expect(await pollImapOnce(t.deps, target())).toEqual({ stored: 1, duplicates: 0, oversized: 0 });
    const [m] = await messages(t);
    expect(m!.display_limit).toBe('html-too-deep');
    expect(m!.text_body).toContain('Diep verstopt');
    expect((await flags())[0]).toContain(TAKEN);
    expect(await pollImapOnce(t.deps, target())).toEqual({ stored: 0, duplicates: 0, oversized: 0 });
  });

  it('runs as a background poller, and logs a failed login without the user name or password', async () => {
    await append(mail(7));
    const poller = startImapPoller(t.deps, { intervalMs: 60_000 });
    const until = Date.now() + 10_000;
    while ((await messages(t)).length === 0 && Date.now() < until) await new Promise((r) => setTimeout(r, 50));
    await poller.stop();
    expect(await messages(t)).toHaveLength(1);

    const wrong = startImapPoller(t.deps, {
      url: `imap://${d.user}:wrong-password@127.0.0.1:${d.port}/${mailbox}`,
      intervalMs: 60_000,
    });
    expect(await wrong.pollNow()).toBeNull();
    await wrong.stop();
    const logs = t.logs.join('\n');
    expect(logs).toContain('imap poll failed');
    expect(logs).not.toContain('wrong-password');
    expect(logs).not.toContain(`"${d.user}"`);
  });
});
