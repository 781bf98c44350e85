import { execSql, failingInserts, noFailingInserts } from '../../support/sqlite.js';
import { connect } from 'node:net';
import { existsSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DESK, emailTestApp, messages, type EmailTestApp } from '../../support/email-app.js';
import { rawMessage, sendMail, sendRaw, smtpCode } from '../../support/mail.js';
import { AttachmentStore } from '../../../src/email/inbound/attachment-store.js';

let e: EmailTestApp;
afterEach(async () => {
  await e?.close();
});

describe('the SMTP listener', () => {
  beforeEach(async () => {
    e = await emailTestApp({ MAIL_MAX_BYTES: String(64 * 1024), ATTACHMENT_MAX_BYTES: String(2048) });
  });

  it('stores a message as a new email contact before it answers 250', async () => {
    const info = await sendMail(e.listener.port, {
      from: 'Jan Jansen <jan@politie.nl>',
      to: DESK,
      subject: 'Vraag over bedenktijd',
      text: 'Wij hebben een mogelijk slachtoffer.',
    });
    expect(info.response).toMatch(/^250 /);
    const [m] = await messages(e.t);
    expect(m).toMatchObject({
      direction: 'in',
      source: 'smtp',
      subject: 'Vraag over bedenktijd',
      thread_via: 'new',
      from_mask: 'j•••@politie.nl',
    });
    expect(m!.text_body).toContain('mogelijk slachtoffer');
    expect(m!.from_enc).not.toContain('jan@politie.nl');
    const c = await e.t.deps.db
      .selectFrom('contacts')
      .selectAll()
      .where('id', '=', m!.contact_id)
      .executeTakeFirstOrThrow();
    expect(c).toMatchObject({
      channel: 'email',
      direction: 'in',
      queue: 'legal', // issue 10: a question about bedenktijd is routed to the legal queue at intake
      in_office_hours: 1,
      party_email_mask: 'j•••@politie.nl',
      subject: 'Vraag over bedenktijd',
    });
    expect(e.t.deps.crypto.decrypt(c.party_email_enc)).toBe('jan@politie.nl');
    expect(c.due_at).not.toBeNull();
  });

  it('answers 550 for a recipient that is not a help desk address and stores nothing', async () => {
    const code = await smtpCode(
      sendMail(e.listener.port, { from: 'jan@politie.nl', to: 'someone-else@baken.test', subject: 'x', text: 'x' }),
    );
    expect(code).toBe(550);
    expect(await messages(e.t)).toHaveLength(0);
  });

  it('accepts the help desk address in any letter case', async () => {
    const info = await sendMail(e.listener.port, {
      from: 'jan@politie.nl',
      to: DESK.toUpperCase(),
      subject: 'x',
      text: 'x',
    });
    expect(info.response).toMatch(/^250 /);
  });

  it('refuses a message over the size limit with 552 and stores nothing', async () => {
    const code = await smtpCode(
      sendMail(e.listener.port, { from: 'jan@politie.nl', to: DESK, subject: 'big', text: 'x'.repeat(100 * 1024) }),
    );
    expect(code).toBe(552);
    expect(await messages(e.t)).toHaveLength(0);
    const after = await sendMail(e.listener.port, { from: 'jan@politie.nl', to: DESK, subject: 'small', text: 'ok' });
    expect(after.response).toMatch(/^250 /);
  });

  it('stores the same message delivered twice (another relay, another Received header) only once', async () => {
    const body = rawMessage(
      {
        From: 'jan@politie.nl',
        To: DESK,
        Subject: 'Dubbel',
        'Message-ID': '<abc-1@politie.nl>',
        Date: 'Mon, 23 Nov 2026 10:00:00 +0100',
      },
      'Eén keer bewaren.',
    );
    const first = await sendRaw(e.listener.port, 'jan@politie.nl', DESK, `Received: from relay-a\r\n${body}`);
    const second = await sendRaw(e.listener.port, 'jan@politie.nl', DESK, `Received: from relay-b\r\n${body}`);
    expect(first.response).toMatch(/^250 .*Stored/);
    expect(second.response).toMatch(/^250 .*Already stored/);
    expect(await messages(e.t)).toHaveLength(1);
  });

  it("keeps a different message that reuses a Message-ID as its own message, outside the first sender's thread", async () => {
    await sendRaw(
      e.listener.port,
      'jan@politie.nl',
      DESK,
      rawMessage(
        { From: 'jan@politie.nl', To: DESK, Subject: 'Melding', 'Message-ID': '<same@politie.nl>' },
        'Het echte bericht.',
      ),
    );
    const forged = await sendRaw(
      e.listener.port,
      'evil@example.com',
      DESK,
      rawMessage(
        { From: 'evil@example.com', To: DESK, Subject: 'Melding', 'Message-ID': '<same@politie.nl>' },
        'Iets anders.',
      ),
    );
    expect(forged.response).toMatch(/^250 .*Stored/);
    const [real, copy] = await messages(e.t);
    expect(copy!.id_conflict).toBe(1);
    expect(copy!.contact_id).not.toBe(real!.contact_id);
    expect(real!.text_body).toContain('Het echte bericht.');
    // A reply from the stranger naming that Message-ID does not get into the real sender's thread either.
    await sendRaw(
      e.listener.port,
      'evil@example.com',
      DESK,
      rawMessage(
        {
          From: 'evil@example.com',
          To: DESK,
          Subject: 'Re: Melding',
          'In-Reply-To': '<same@politie.nl>',
          'Message-ID': '<e2@example.com>',
        },
        'Nog iets.',
      ),
    );
    const third = (await messages(e.t))[2]!;
    expect(third.contact_id).not.toBe(real!.contact_id);
    expect(third.contact_id).toBe(copy!.contact_id);
  });

  it('stores malformed MIME safely, with its unreadable embedded message kept as an attachment', async () => {
    const raw =
      'From: jan@politie.nl\r\nTo: meldpunt@baken.test\r\nContent-Type: multipart/mixed; boundary="b"\r\nContent-Transfer-Encoding: base64\r\n\r\n--b\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\n!!!not base64!!!\r\n--b\r\nContent-Type: message/rfc822\r\n\r\n\x00\x01\x02 garbage';
    const info = await sendRaw(e.listener.port, 'jan@politie.nl', DESK, raw);
    expect(info.response).toMatch(/^250 /);
    const all = await messages(e.t);
    expect(all).toHaveLength(1);
    const kept = await e.t.deps.db.selectFrom('mail_attachments').selectAll().execute();
    expect(all[0]!.text_body.length + kept.length).toBeGreaterThan(0);
    expect(kept).toHaveLength(1);
    expect(kept[0]!.content_type).toBe('message/rfc822');
    const store = AttachmentStore.forDataDir(e.t.deps.config.dataDir, e.t.deps.crypto);
    expect((await store.readAll(kept[0]!.sha256!, !!kept[0]!.encrypted)).toString('latin1')).toContain(
      '\x00\x01\x02 garbage',
    );
  });

  it('stores text that is no MIME at all (no headers) with the whole source attached', async () => {
    const info = await sendRaw(
      e.listener.port,
      'jan@politie.nl',
      DESK,
      'dit is geen mail maar wel een bericht\r\nmet twee regels',
    );
    expect(info.response).toMatch(/^250 /);
    const [m] = await messages(e.t);
    expect(m!.malformed).toBe(1);
    expect(m!.text_body).toContain('dit is geen mail');
    const [a] = await e.t.deps.db.selectFrom('mail_attachments').selectAll().execute();
    expect(a!.content_type).toBe('message/rfc822');
    const store = AttachmentStore.forDataDir(e.t.deps.config.dataDir, e.t.deps.crypto);
    expect((await store.readAll(a!.sha256!, !!a!.encrypted)).toString('utf8')).toContain('met twee regels');
  });

  it('stores a message without Message-ID, From, Date or Subject, and sends no acknowledgement', async () => {
    const info = await sendRaw(e.listener.port, 'jan@politie.nl', DESK, 'To: meldpunt@baken.test\r\n\r\nAlleen tekst.');
    expect(info.response).toMatch(/^250 /);
    const [m] = await messages(e.t);
    expect(m!.message_id).toMatch(/^missing\.[0-9a-f]{40}@baken\.invalid$/);
    expect(m!.auto_reason).toBe('no-sender');
    expect(m!.subject).toBe('');
    expect(await e.t.deps.db.selectFrom('mail_outbox').selectAll().execute()).toHaveLength(0);
  });

  it.each([
    ['windows-1252', Buffer.from('Caf\xe9 \x80 5', 'latin1'), 'Café € 5'],
    ['iso-8859-1', Buffer.from('Stra\xdfe', 'latin1'), 'Straße'],
    ['koi8-r', Buffer.from([0xf0, 0xd2, 0xc9, 0xd7, 0xc5, 0xd4]), 'Привет'],
    ['x-made-up', Buffer.from('caf\xe9', 'latin1'), 'café'],
  ])('decodes a %s body without losing characters', async (charset, bytes, expected) => {
    const raw = Buffer.concat([
      Buffer.from(
        `From: jan@politie.nl\r\nTo: ${DESK}\r\nSubject: tekens\r\nContent-Type: text/plain; charset=${charset}\r\nContent-Transfer-Encoding: 8bit\r\n\r\n`,
      ),
      bytes,
      Buffer.from('\r\n'),
    ]);
    const info = await sendRaw(e.listener.port, 'jan@politie.nl', DESK, raw);
    expect(info.response).toMatch(/^250 /);
    const [m] = await messages(e.t);
    expect(m!.text_body.trim()).toBe(expected);
  });

  it('decodes encoded-word subjects and sender names', async () => {
    await sendRaw(
      e.listener.port,
      'jan@politie.nl',
      DESK,
      rawMessage(
        {
          From: '=?UTF-8?Q?Jos=C3=A9_M=C3=BCller?= <jose@politie.nl>',
          To: DESK,
          Subject: '=?ISO-8859-1?Q?Caf=E9_melding?=',
        },
        'x',
      ),
    );
    const [m] = await messages(e.t);
    expect(m!.subject).toBe('Café melding');
    expect(e.t.deps.crypto.decrypt(m!.from_name_enc)).toBe('José Müller');
  });

  it('sanitises HTML: scripts, event handlers, styles, remote images and tracking pixels are gone, links kept without referrer', async () => {
    const html =
      '<html><head><style>body{background:url(http://t.example/bg.png)}</style><script>alert(1)</script></head><body onload="steal()">' +
      '<p style="color:red">Hallo <b>team</b></p><img src="http://track.example/pixel.gif?u=1" width="1" height="1"><img src="cid:logo" alt="logo">' +
      '<a href="javascript:alert(2)">klik</a> <a href="https://www.comensha.nl/">site</a><iframe src="http://evil.example"></iframe><form action="http://evil.example"><input name="p"></form></body></html>';
    await sendMail(e.listener.port, { from: 'jan@politie.nl', to: DESK, subject: 'html', html });
    const [m] = await messages(e.t);
    const safe = m!.html_safe!;
    expect(safe).toContain('<b>team</b>');
    expect(safe).not.toMatch(/script|onload|style|<img|track\.example|javascript:|iframe|<form|<input|evil\.example/i);
    expect(safe).toContain('[logo]');
    expect(safe).toContain(
      '<a href="https://www.comensha.nl/" target="_blank" rel="noopener noreferrer nofollow">site</a>',
    );
    expect(m!.text_body).toContain('Hallo');
  });

  it('keeps attachments once on disk by their sha256 and withholds one over the attachment limit, saying so', async () => {
    const small = Buffer.from('%PDF-1.4 kleine bijlage');
    const big = Buffer.alloc(4096, 7);
    await sendMail(e.listener.port, {
      from: 'jan@politie.nl',
      to: DESK,
      subject: 'bijlagen',
      text: 'zie bijlagen',
      attachments: [
        { filename: 'verklaring.pdf', content: small },
        { filename: 'groot.bin', content: big },
      ],
    });
    await sendMail(e.listener.port, {
      from: 'piet@politie.nl',
      to: DESK,
      subject: 'zelfde bijlage',
      text: 'nog eens',
      attachments: [{ filename: 'kopie.pdf', content: small }],
    });
    const rows = await e.t.deps.db.selectFrom('mail_attachments').selectAll().orderBy('id').execute();
    expect(rows.map((r) => [e.t.deps.crypto.decrypt(r.filename_enc), r.size_bytes, r.withheld])).toEqual([
      ['verklaring.pdf', small.length, null],
      ['groot.bin', 4096, 'too-large'],
      ['kopie.pdf', small.length, null],
    ]);
    expect(rows[0]!.sha256).toBe(rows[2]!.sha256);
    expect(rows[1]!.sha256).toBeNull();
    const store = AttachmentStore.forDataDir(e.t.deps.config.dataDir, e.t.deps.crypto);
    expect(await store.readAll(rows[0]!.sha256!, true)).toEqual(small);
    expect(existsSync(store.pathOf(rows[0]!.sha256!))).toBe(true);
  });

  it('makes the body searchable from the inbox', async () => {
    await sendMail(e.listener.port, {
      from: 'jan@politie.nl',
      to: DESK,
      subject: 'Onderwerp',
      text: 'Het woord verblijfsvergunning staat hier.',
    });
    const { signedIn } = await import('../../support/test-app.js');
    const { client } = await signedIn(e.t);
    const html = await (await client.get('/contacts?q=verblijfsvergunning')).text();
    expect(html).toContain('Onderwerp');
    const none = await (await client.get('/contacts?q=nietsgevonden')).text();
    expect(none).not.toContain('Onderwerp');
  });

  it('survives a client speaking garbage and keeps serving other mail', async () => {
    await new Promise<void>((resolve) => {
      const s = connect(e.listener.port, '127.0.0.1', () => {
        s.write(
          'HELO x\r\nMAIL FROM:<<<>>>\r\nRCPT TO:\r\nDATA\r\n\x00\xff\r\n.\r\nBLAH BLAH\r\n' +
            'A'.repeat(10_000) +
            '\r\nQUIT\r\n',
        );
        setTimeout(() => {
          s.destroy();
          resolve();
        }, 200);
      });
      s.on('error', () => resolve());
    });
    const info = await sendMail(e.listener.port, {
      from: 'jan@politie.nl',
      to: DESK,
      subject: 'nog steeds',
      text: 'ok',
    });
    expect(info.response).toMatch(/^250 /);
  });
});

describe('the SMTP listener under a flood', () => {
  beforeEach(async () => {
    e = await emailTestApp(
      {},
      {
        listener: {
          rate: {
            clientBurst: 100,
            clientPerSecond: 0.001,
            senderBurst: 3,
            senderPerSecond: 0.001,
            connectionsPerClient: 20,
          },
        },
      },
    );
  });

  it('answers a sender over its limit with a temporary 451 while other senders still get through', async () => {
    const codes: number[] = [];
    for (let i = 0; i < 5; i++)
      codes.push(
        await smtpCode(sendMail(e.listener.port, { from: 'flood@example.com', to: DESK, subject: `x${i}`, text: 'x' })),
      );
    expect(codes).toEqual([0, 0, 0, 451, 451]);
    expect(
      await smtpCode(sendMail(e.listener.port, { from: 'jan@politie.nl', to: DESK, subject: 'echt', text: 'x' })),
    ).toBe(0);
    expect(await messages(e.t)).toHaveLength(4);
  });
});

describe('the SMTP listener with a flooding client address', () => {
  beforeEach(async () => {
    e = await emailTestApp(
      {},
      {
        listener: {
          rate: {
            clientBurst: 2,
            clientPerSecond: 0.001,
            senderBurst: 100,
            senderPerSecond: 1,
            connectionsPerClient: 20,
          },
        },
      },
    );
  });

  it('answers a client address over its limit with a temporary 451', async () => {
    const codes: number[] = [];
    for (let i = 0; i < 3; i++)
      codes.push(
        await smtpCode(sendMail(e.listener.port, { from: `p${i}@example.com`, to: DESK, subject: 'x', text: 'x' })),
      );
    expect(codes).toEqual([0, 0, 451]);
  });
});

describe('the SMTP listener with its memory budget spent', () => {
  beforeEach(async () => {
    e = await emailTestApp({}, { listener: { maxInFlightBytes: 2000 } });
  });

  it('asks the sender to come back later (451) instead of holding more mail in memory, and still takes small mail', async () => {
    expect(
      await smtpCode(
        sendMail(e.listener.port, { from: 'jan@politie.nl', to: DESK, subject: 'groot', text: 'x'.repeat(5000) }),
      ),
    ).toBe(451);
    expect(await messages(e.t)).toHaveLength(0);
    expect(
      await smtpCode(sendMail(e.listener.port, { from: 'jan@politie.nl', to: DESK, subject: 'klein', text: 'x' })),
    ).toBe(0);
  });
});

describe('the SMTP listener when the database fails', () => {
  beforeEach(async () => {
    e = await emailTestApp();
  });

  it('answers 451 so the sending server keeps the message and tries again, and logs no personal data', async () => {
    await execSql(e.t.deps, failingInserts('mail_messages', 'disk full'));
    expect(
      await smtpCode(
        sendMail(e.listener.port, {
          from: 'jan@politie.nl',
          to: DESK,
          subject: 'Geheim onderwerp',
          text: 'Geheime tekst',
        }),
      ),
    ).toBe(451);
    expect(await e.t.deps.db.selectFrom('contacts').selectAll().execute()).toHaveLength(0);
    const logs = e.t.logs.join('\n');
    expect(logs).toContain('incoming mail not stored');
    expect(logs).not.toMatch(/jan@politie|Geheim/);
    await execSql(e.t.deps, noFailingInserts('mail_messages'));
    expect(
      await smtpCode(
        sendMail(e.listener.port, {
          from: 'jan@politie.nl',
          to: DESK,
          subject: 'Geheim onderwerp',
          text: 'Geheime tekst',
        }),
      ),
    ).toBe(0);
  });
});

describe('the SMTP listener outside office hours', () => {
  beforeEach(async () => {
    e = await emailTestApp({}, { now: '2026-11-21T20:00:00Z' });
  });

  it('puts mail that arrives while the desk is closed in the after-hours queue, marked after hours', async () => {
    await sendMail(e.listener.port, { from: 'jan@politie.nl', to: DESK, subject: 'zaterdagavond', text: 'x' });
    const [m] = await messages(e.t);
    const c = await e.t.deps.db
      .selectFrom('contacts')
      .selectAll()
      .where('id', '=', m!.contact_id)
      .executeTakeFirstOrThrow();
    expect(c).toMatchObject({ queue: 'after-hours', in_office_hours: 0 });
    // 16 working hours from Saturday night: Monday 09:00 + 16 h = Tuesday 17:00 Amsterdam.
    expect(c.due_at).toBe('2026-11-24T16:00:00.000Z');
  });
});
