import { readdirSync, readFileSync, statSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { afterEach, describe, expect, it } from 'vitest';
import { DESK, emailTestApp, messages, type EmailTestApp } from '../../support/email-app.js';
import { rawMessage, sendMail, sendRaw, smtpCode } from '../../support/mail.js';
import { signedIn } from '../../support/test-app.js';
import { signedTwilioPost, sid } from '../../support/twilio.js';
import { AttachmentStore } from '../../../src/email/inbound/attachment-store.js';
import { MAX_TEXT_CHARS } from '../../../src/email/inbound/mail-parse.js';

const TOKEN = 'test-twilio-auth-token-0123456789';
const PUBLIC = 'https://baken.example.org';
const MONDAY_11 = '2026-11-23T10:00:00Z';

let e: EmailTestApp;
afterEach(async () => {
  await e?.close();
});

/** Every file under the attachment store, with its name and content. */
function storedFiles(dataDir: string): { name: string; content: Buffer }[] {
  const root = join(dataDir, 'attachments');
  const out: { name: string; content: Buffer }[] = [];
  const walk = (dir: string) => {
    for (const n of readdirSync(dir)) {
      const p = join(dir, n);
      if (statSync(p).isDirectory()) walk(p);
      else out.push({ name: n, content: readFileSync(p) });
    }
  };
  try {
    walk(root);
  } catch {
    // no attachments folder yet
  }
  return out;
}

describe('a mail of 300,000 nested <div>s', () => {
  it('is answered 250, stored and shown "too large to display" while the event loop stays free and a voice webhook is answered within a second', async () => {
    e = await emailTestApp({ TWILIO_AUTH_TOKEN: TOKEN, PUBLIC_URL: PUBLIC }, { now: MONDAY_11 });
    const deep = `<html><body>${'<div>'.repeat(300_000)}Diep verstopt bericht</body></html>`;
    expect(deep.length).toBeLessThan(2 * 1024 * 1024);

    const loop = monitorEventLoopDelay({ resolution: 10 });
    loop.enable();
    let done = false;
    const sending = sendMail(e.listener.port, {
      from: 'jan@politie.nl',
      to: DESK,
      subject: 'Diep genest',
      html: deep,
    }).finally(() => {
      done = true;
    });
    const webhookTimes: number[] = [];
    let n = 0;
    while (!done) {
      const started = performance.now();
      const res = await signedTwilioPost(e.t.app, PUBLIC, TOKEN, '/twilio/voice', {
        AccountSid: `AC${'1'.repeat(32)}`,
        CallSid: sid('CA', `hostile-${n++}`),
        From: '+31612345678',
        To: '+31334481186',
        Direction: 'inbound',
        CallStatus: 'ringing',
      });
      expect(res.status).toBe(200);
      webhookTimes.push(performance.now() - started);
      await new Promise((r) => setTimeout(r, 25));
    }
    const info = await sending;
    loop.disable();

    expect(info.response).toMatch(/^250 /);
    expect(webhookTimes.length).toBeGreaterThan(0);
    expect(Math.max(...webhookTimes)).toBeLessThan(1000);
    expect(loop.max / 1e6).toBeLessThan(1000);

    const [m] = await messages(e.t);
    expect(m!.display_limit).toBe('html-too-deep');
    expect(m!.html_safe).toBeNull();
    expect(m!.text_body).toContain('Diep verstopt bericht');
    expect(m!.source_file).toMatch(/^[0-9a-f]{64}$/);

    const { client } = await signedIn(e.t);
    const page = await (await client.get(`/contacts/${m!.contact_id}`)).text();
    expect(page).toContain('Too large to display');
    expect(page).toContain('Diep verstopt bericht');
    expect(page).toContain(`href="/email/messages/${m!.id}/source"`);
    expect(page).not.toContain('<iframe');

    // The whole source is kept, encrypted on disk, and its download is audited.
    const onDisk = storedFiles(e.t.deps.config.dataDir);
    expect(onDisk.some((f) => f.content.includes('<div><div>'))).toBe(false);
    const res = await client.get(`/email/messages/${m!.id}/source`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toContain('attachment');
    const body = await res.text();
    expect(body).toContain('Diep genest');
    expect(body.length).toBe(m!.size_bytes);
    const audit = await e.t.deps.db
      .selectFrom('audit_log')
      .selectAll()
      .where('action', '=', 'email.source.download')
      .execute();
    expect(audit).toHaveLength(1);
    expect(Number(audit[0]!.subject_id)).toBe(m!.contact_id);
  });
});

describe('a 24 MB plain-text mail', () => {
  it('is stored with a bounded text and its source, and three agents opening it at once get a bounded page with the download', async () => {
    e = await emailTestApp();
    const line = `${'Dit is een heel lange regel tekst van een mail die maar doorgaat'.padEnd(75, '.')}\n`;
    const text = `Begin van het bericht\n${line.repeat(Math.floor((24 * 1024 * 1024) / line.length))}`;
    const info = await sendMail(e.listener.port, { from: 'jan@politie.nl', to: DESK, subject: 'Groot', text });
    expect(info.response).toMatch(/^250 /);
    const [m] = await messages(e.t);
    expect(m!.size_bytes).toBeGreaterThan(24 * 1024 * 1024);
    expect(m!.text_body.length).toBeLessThanOrEqual(MAX_TEXT_CHARS);
    expect(m!.text_body.startsWith('Begin van het bericht')).toBe(true);
    expect(m!.display_limit).toBe('text-truncated');
    expect(m!.source_file).not.toBeNull();

    const agents = await Promise.all([signedIn(e.t), signedIn(e.t), signedIn(e.t)]);
    global.gc?.();
    const before = process.memoryUsage().heapUsed;
    let peak = before;
    const sampler = setInterval(() => {
      peak = Math.max(peak, process.memoryUsage().heapUsed);
    }, 2);
    const pages = await Promise.all(
      agents.map(async ({ client }) => {
        const res = await client.get(`/contacts/${m!.contact_id}`);
        peak = Math.max(peak, process.memoryUsage().heapUsed);
        return { status: res.status, html: await res.text() };
      }),
    );
    clearInterval(sampler);
    for (const p of pages) {
      expect(p.status).toBe(200);
      expect(p.html.length).toBeLessThan(2 * MAX_TEXT_CHARS);
      expect(p.html).toContain('Begin van het bericht');
      expect(p.html).toContain('Too large to display whole');
      expect(p.html).toContain(`href="/email/messages/${m!.id}/source"`);
    }
    // Three times a 24 MB text (and its escaped copy) would be hundreds of MB; a bounded preview is a few.
    expect((peak - before) / 1024 / 1024).toBeLessThan(60);

    const download = await agents[0]!.client.get(`/email/messages/${m!.id}/source`);
    expect(download.status).toBe(200);
    expect(Number(download.headers.get('content-length'))).toBe(m!.size_bytes);
    const bytes = Buffer.from(await download.arrayBuffer());
    expect(bytes.length).toBe(m!.size_bytes);
    expect(bytes.includes('Begin van het bericht')).toBe(true);
  }, 60_000);
});

describe('the SMTP listener under more mail than its memory budget', () => {
  it('answers 451 past the budget, loses nothing it answered 250, and takes the rest when the sender comes back', async () => {
    e = await emailTestApp({}, { listener: { maxInFlightBytes: 2_500_000 } });
    const bodies = Array.from({ length: 6 }, (_, i) => `Bericht ${i}\n${'x'.repeat(75)}\n`.repeat(1 + 900_000 / 77));
    const send = (i: number) =>
      smtpCode(sendMail(e.listener.port, { from: 'jan@politie.nl', to: DESK, subject: `Groot ${i}`, text: bodies[i] }));
    const codes = await Promise.all(bodies.map((_, i) => send(i)));
    expect(codes.filter((c) => c === 451).length).toBeGreaterThan(0);
    expect(codes.every((c) => c === 0 || c === 451)).toBe(true);
    const stored = (await messages(e.t)).map((m) => m.subject).sort();
    expect(stored).toEqual(
      codes
        .map((c, i) => (c === 0 ? `Groot ${i}` : null))
        .filter(Boolean)
        .sort(),
    );
    // The sending server retries what got 451, one at a time: all of it is taken.
    for (const [i, c] of codes.entries()) if (c === 451) expect(await send(i)).toBe(0);
    expect((await messages(e.t)).map((m) => m.subject).sort()).toEqual(bodies.map((_, i) => `Groot ${i}`).sort());
  });
});

describe('attachments at rest', () => {
  it('are encrypted on disk under a keyed name, and still download whole and audited', async () => {
    e = await emailTestApp();
    const secret = Buffer.from('GEHEIM-bewijsstuk-4711: verklaring van het slachtoffer');
    await sendMail(e.listener.port, {
      from: 'jan@politie.nl',
      to: DESK,
      subject: 'bijlage',
      text: 'zie bijlage',
      attachments: [{ filename: 'verklaring.txt', content: secret }],
    });
    const files = storedFiles(e.t.deps.config.dataDir);
    expect(files).toHaveLength(1);
    expect(files[0]!.content.includes('GEHEIM-bewijsstuk')).toBe(false);
    expect(files[0]!.name).not.toBe(createHash('sha256').update(secret).digest('hex'));
    const [a] = await e.t.deps.db.selectFrom('mail_attachments').selectAll().execute();
    expect(a!.encrypted).toBe(1);

    const { client } = await signedIn(e.t);
    const res = await client.get(`/email/attachments/${a!.id}`);
    expect(res.status).toBe(200);
    expect(Buffer.from(await res.arrayBuffer())).toEqual(secret);
    const audit = await e.t.deps.db
      .selectFrom('audit_log')
      .select('action')
      .where('action', '=', 'email.attachment.download')
      .execute();
    expect(audit).toHaveLength(1);
  });

  it('still serves a plaintext file stored before encryption', async () => {
    e = await emailTestApp();
    await sendMail(e.listener.port, { from: 'jan@politie.nl', to: DESK, subject: 'oud', text: 'oud bericht' });
    const [m] = await messages(e.t);
    const old = Buffer.from('een bijlage van voor de versleuteling');
    const sha = createHash('sha256').update(old).digest('hex');
    const store = AttachmentStore.forDataDir(e.t.deps.config.dataDir, e.t.deps.crypto);
    const { mkdirSync, writeFileSync } = await import('node:fs');
    mkdirSync(join(e.t.deps.config.dataDir, 'attachments', sha.slice(0, 2)), { recursive: true });
    writeFileSync(store.pathOf(sha), old);
    const { id } = await e.t.deps.db
      .insertInto('mail_attachments')
      .values({
        message_id: m!.id,
        filename_enc: e.t.deps.crypto.encrypt('oud.txt'),
        content_type: 'text/plain',
        size_bytes: old.length,
        sha256: sha,
        withheld: null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const { client } = await signedIn(e.t);
    const res = await client.get(`/email/attachments/${id}`);
    expect(res.status).toBe(200);
    expect(Buffer.from(await res.arrayBuffer())).toEqual(old);
  });
});

describe('text from outside', () => {
  it('is stored without right-to-left overrides, isolates, NUL or other control characters, letters of every script intact', async () => {
    e = await emailTestApp();
    await sendMail(e.listener.port, {
      from: { name: 'Jan\u202E Jansen', address: 'jan@politie.nl' },
      to: DESK,
      subject: 'Factuur \u202Efdp.exe coöperatie',
      text: 'Hallo\u0000 wereld \u202Eomgekeerd\u2066x\u2069 مرحبا \u0007einde',
      attachments: [{ filename: 'scan\u202Efdp.exe', content: Buffer.from('x') }],
    });
    const [m] = await messages(e.t);
    expect(m!.subject).toBe('Factuur fdp.exe coöperatie');
    expect(m!.text_body.trim()).toBe('Hallo wereld omgekeerdx مرحبا einde');
    expect(e.t.deps.crypto.decrypt(m!.from_name_enc)).toBe('Jan Jansen');
    const [a] = await e.t.deps.db.selectFrom('mail_attachments').selectAll().execute();
    expect(e.t.deps.crypto.decrypt(a!.filename_enc)).toBe('scanfdp.exe');
  });
});

describe('a forged From naming a thread', () => {
  it('joins only as an earlier participant and gets no acknowledgement; a stranger naming the reference gets a new contact whose acknowledgement quotes nothing of the thread', async () => {
    e = await emailTestApp({}, { now: MONDAY_11 });
    const raw = (from: string, subject: string, body: string, id: string) =>
      rawMessage({ From: from, To: DESK, Subject: subject, 'Message-ID': `<${id}@example.org>` }, body);
    await sendRaw(
      e.listener.port,
      'jan@politie.nl',
      DESK,
      raw('jan@politie.nl', 'Slachtoffer Anna', 'Adres: Dorpsstraat 1', 'a1'),
    );
    const [first] = await messages(e.t);
    const ref = (await e.t.deps.db
      .selectFrom('contacts')
      .select('reference')
      .where('id', '=', first!.contact_id)
      .executeTakeFirstOrThrow())!.reference!;
    const acks = () => messages(e.t, 'out');
    expect(await acks()).toHaveLength(1);

    // Someone forging Jan's address with the reference joins the thread (Jan takes part) — and is not acknowledged.
    await sendRaw(e.listener.port, 'boef@example.org', DESK, raw('jan@politie.nl', `Re: [#${ref}]`, 'nep', 'a2'));
    const forged = (await messages(e.t)).at(-1)!;
    expect(forged.contact_id).toBe(first!.contact_id);
    expect(forged.thread_via).toBe('subject');
    expect(await acks()).toHaveLength(1);

    // A stranger naming the reference (in the subject and in References) starts a contact of their own.
    await sendRaw(
      e.listener.port,
      'derde@example.org',
      DESK,
      rawMessage(
        {
          From: 'derde@example.org',
          To: DESK,
          Subject: `Re: Slachtoffer Anna [#${ref}]`,
          'Message-ID': '<a3@example.org>',
          References: '<a1@example.org>',
        },
        'wat weten jullie?',
      ),
    );
    const stranger = (await messages(e.t)).at(-1)!;
    expect(stranger.contact_id).not.toBe(first!.contact_id);
    expect(stranger.thread_note).toBe(`subject-reference-refused:${ref}`);
    const out = await acks();
    expect(out).toHaveLength(2);
    const ack = out.at(-1)!;
    expect(ack.contact_id).toBe(stranger.contact_id);
    expect(JSON.parse(e.t.deps.crypto.decrypt(ack.to_enc)!)).toEqual(['derde@example.org']);
    const quoted = `${ack.subject}\n${ack.text_body}`;
    expect(quoted).not.toContain(ref);
    expect(quoted).not.toContain('Anna');
    expect(quoted).not.toContain('Dorpsstraat');
  });
});
