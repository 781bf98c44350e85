import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DESK, emailTestApp, messages, type EmailTestApp } from '../../support/email-app.js';
import { ingestComposed, ingestMail, makeContact } from '../../support/factories.js';
import { rawMessage, startCatcher, type Catcher } from '../../support/mail.js';
import { Client, signedIn } from '../../support/test-app.js';
import { startOutboxWorker, type OutboxWorker } from '../../../src/email/outbound/outbox-worker.js';
import { registerAnswerLibrary } from '../../../src/email/answer-library.plugin.js';

let e: EmailTestApp;
let catcher: Catcher;
let worker: OutboxWorker;
let client: Client;
let clientId: number;
beforeEach(async () => {
  catcher = await startCatcher();
  e = await emailTestApp({ SMTP_URL: catcher.url, ATTACHMENT_MAX_BYTES: '2048' });
  worker = startOutboxWorker(e.t.deps, { intervalMs: 3_600_000 });
  ({
    client,
    user: { id: clientId },
  } = await signedIn(e.t));
});
afterEach(async () => {
  await worker.stop();
  await catcher.close();
  await e.close();
});

async function incoming(headers: Record<string, string> = {}, body = 'Graag advies over de B8-regeling.') {
  await ingestMail(
    e.t,
    'jan@politie.nl',
    rawMessage(
      {
        From: 'Jan Jansen <jan@politie.nl>',
        To: DESK,
        Subject: 'Vraag B8',
        'Message-ID': `<q${Math.random().toString(36).slice(2)}@politie.nl>`,
        ...headers,
      },
      body,
    ),
  );
  return (await messages(e.t)).at(-1)!;
}
const events = async (id: number) =>
  await e.t.deps.db
    .selectFrom('contact_events')
    .select(['kind', 'data'])
    .where('contact_id', '=', id)
    .orderBy('id')
    .execute();
const audit = (action: string) =>
  e.t.deps.db.selectFrom('audit_log').selectAll().where('action', '=', action).execute();

describe('the email panel on the contact page', () => {
  it('shows the message, the safe-contact flag "may email" before the reply box, and the sender in full', async () => {
    const m = await incoming();
    const html = await (await client.get(`/contacts/${m.contact_id}`)).text();
    expect(html).toContain('id="email-panel"');
    expect(html).toContain('Graag advies over de B8-regeling.');
    expect(html).toContain('Jan Jansen &lt;jan@politie.nl&gt;');
    const flag = html.indexOf('May send email: ?');
    expect(flag).toBeGreaterThan(0);
    expect(flag).toBeLessThan(html.indexOf('id="reply-body-'));
    expect(html).toContain('Not recorded whether we may email this party.');
  });

  it('shows HTML only sanitised, inside a sandboxed iframe without scripts, and escapes it as an attribute', async () => {
    await ingestComposed(e.t, {
      from: 'jan@politie.nl',
      to: DESK,
      subject: 'html',
      html: '<p onclick="x()">Hallo <b>wereld</b></p><script>alert("x")</script><img src="http://track.example/p.gif">',
    });
    const [m] = await messages(e.t);
    const html = await (await client.get(`/contacts/${m!.contact_id}`)).text();
    expect(html).toMatch(
      /<iframe sandbox="allow-popups allow-popups-to-escape-sandbox" referrerpolicy="no-referrer" srcdoc="[^"]*&lt;b&gt;wereld&lt;\/b&gt;[^"]*"/,
    );
    expect(html).not.toContain('<b>wereld</b>');
    expect(html).not.toMatch(/alert|track\.example|onclick/);
  });

  it('is absent from a phone contact that has no mail', async () => {
    const { id } = await makeContact(
      e.t,
      { channel: 'phone', direction: 'in', subject: 'Telefoon', queue: 'general', priority: 'normal' },
      clientId,
    );
    const html = await (await client.get(`/contacts/${id}`)).text();
    expect(html).not.toContain('id="email-panel"');
  });
});

describe('replying from the contact page', () => {
  it('stores the reply, shows it in the timeline and sends it with In-Reply-To and References to the thread', async () => {
    const m = await incoming({ References: '<older@politie.nl>' });
    const res = await client.post(`/email/contacts/${m.contact_id}/reply`, {
      body: 'Beste Jan,\nDe B8-regeling geldt hier.',
    });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`/contacts/${m.contact_id}`);
    await worker.runOnce();
    await catcher.waitFor(2);
    const reply = catcher.messages.find((x) => x.parsed.subject?.startsWith('Re:'))!;
    const ref = (
      await e.t.deps.db
        .selectFrom('contacts')
        .select('reference')
        .where('id', '=', m.contact_id)
        .executeTakeFirstOrThrow()
    ).reference!;
    expect(reply.envelope.to).toEqual(['jan@politie.nl']);
    expect(reply.parsed.subject).toBe(`Re: Vraag B8 [#${ref}]`);
    expect(reply.header('in-reply-to')).toBe(`<${m.message_id}>`);
    const [ack] = await messages(e.t, 'out');
    expect(reply.header('references')).toBe(`<${m.message_id}> <${ack!.message_id}>`);
    expect(reply.header('auto-submitted')).toBeUndefined();
    expect(reply.parsed.text).toContain('De B8-regeling geldt hier.');
    const timeline = await events(m.contact_id);
    expect(timeline.at(-1)).toMatchObject({ kind: 'email.reply' });
    expect(JSON.parse(timeline.at(-1)!.data).body).toContain('De B8-regeling geldt hier.');
    expect(await audit('email.reply')).toHaveLength(1);
    const page = await (await client.get(`/contacts/${m.contact_id}`)).text();
    expect(page).toContain('replied by email');
    expect(page).toMatch(/Reply by Agent \d+/);
    expect(page).toMatch(/Sent \d\d-\d\d-2026 \d\d:\d\d\./);
  });

  it("threads the contact's answer to our reply back into the same contact", async () => {
    const m = await incoming();
    await client.post(`/email/contacts/${m.contact_id}/reply`, { body: 'Antwoord' });
    const [, ours] = await messages(e.t, 'out');
    const answer = await incoming({ 'In-Reply-To': `<${ours!.message_id}>`, Subject: 'Re: Vraag B8' });
    expect(answer.contact_id).toBe(m.contact_id);
  });

  it('answers an empty reply with 422 and the error next to the field, sending nothing', async () => {
    const m = await incoming();
    const res = await client.post(`/email/contacts/${m.contact_id}/reply`, { body: '   ' }, { 'HX-Request': 'true' });
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toContain('id="email-panel"');
    expect(html).toContain('This field is required.');
    expect(await messages(e.t, 'out')).toHaveLength(1);
  });

  it('answers a reply that is too long with 422 and keeps the text', async () => {
    const m = await incoming();
    const res = await client.post(`/email/contacts/${m.contact_id}/reply`, { body: 'a'.repeat(20_001) });
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toContain('at most 20000 characters');
    expect(html).toContain('aaaaaaaaaa');
    expect(html).toContain('<html');
  });

  it('sends hostile text as plain text and shows it escaped, never as markup', async () => {
    const m = await incoming();
    await client.post(`/email/contacts/${m.contact_id}/reply`, {
      body: '<script>alert(1)</script><img src=x onerror=alert(2)>',
    });
    const page = await (await client.get(`/contacts/${m.contact_id}`)).text();
    expect(page).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(page).not.toContain('<script>alert(1)');
    await worker.runOnce();
    const reply = (await catcher.waitFor(2)).find((x) => x.parsed.subject?.startsWith('Re:'))!;
    expect(reply.parsed.html).toBeFalsy();
    expect(reply.parsed.text).toContain('<script>alert(1)</script>');
  });

  it('refuses to email a party that asked not to be emailed, and says so before anyone types', async () => {
    const m = await incoming();
    await e.t.deps.db.updateTable('contacts').set({ may_email: 0 }).where('id', '=', m.contact_id).execute();
    const page = await (await client.get(`/contacts/${m.contact_id}`)).text();
    expect(page).toContain('May send email: ✗');
    expect(page).toContain('Replying by email is blocked.');
    const res = await client.post(
      `/email/contacts/${m.contact_id}/reply`,
      { body: 'Toch mailen' },
      { 'HX-Request': 'true' },
    );
    expect(res.status).toBe(422);
    expect(await messages(e.t, 'out')).toHaveLength(1);
  });

  it('refuses a reply to a contact without an address, to an unknown contact and to a bad id', async () => {
    const { id } = await makeContact(
      e.t,
      { channel: 'phone', direction: 'in', subject: 'Telefoon', queue: 'general', priority: 'normal' },
      clientId,
    );
    expect((await client.post(`/email/contacts/${id}/reply`, { body: 'x' })).status).toBe(422);
    expect((await client.post('/email/contacts/999999/reply', { body: 'x' })).status).toBe(404);
    expect((await client.post('/email/contacts/1x/reply', { body: 'x' })).status).toBe(404);
  });

  it('refuses a reply without the CSRF token, without a session, and from a role that does not answer mail', async () => {
    const m = await incoming();
    expect(
      (
        await client.post(`/email/contacts/${m.contact_id}/reply`, {
          body: 'x',
          _csrf: 'wrong-token-wrong-token-wrong-token',
        })
      ).status,
    ).toBe(403);
    const anonymous = new Client(e.t.app);
    const res = await anonymous.post(`/email/contacts/${m.contact_id}/reply`, { body: 'x' });
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toMatch(/^\/login/);
    const { client: coordinator } = await signedIn(e.t, ['coordinator']);
    expect((await coordinator.post(`/email/contacts/${m.contact_id}/reply`, { body: 'x' })).status).toBe(403);
    expect(await messages(e.t, 'out')).toHaveLength(1);
  });

  it('offers the answer library in the reply box when one is registered, and inserts the chosen answer', async () => {
    const m = await incoming();
    const answers = async () => [
      {
        id: 'b8',
        title: 'B8-regeling',
        text: 'De B8-regeling biedt bedenktijd.',
        macro: { topic: 'reflection' as const, queue: 'legal' as const, status: null },
      },
    ];
    registerAnswerLibrary(e.t.deps, { answers, recordUse: async () => {} });
    const page = await (await client.get(`/contacts/${m.contact_id}`)).text();
    expect(page).toContain('Answer from the library');
    const res = await client.post(
      `/email/contacts/${m.contact_id}/reply/insert`,
      { body: 'Beste Jan,', answer: 'b8' },
      { 'HX-Request': 'true' },
    );
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('Beste Jan,\n\nDe B8-regeling biedt bedenktijd.');
    expect(
      (await client.post(`/email/contacts/${m.contact_id}/reply/insert`, { body: '', answer: 'nope' })).status,
    ).toBe(404);
  });
});

describe('attachments', () => {
  it('are downloadable by signed-in agents as files, and every download is audited', async () => {
    await ingestComposed(e.t, {
      from: 'jan@politie.nl',
      to: DESK,
      subject: 'bijlage',
      text: 'zie bijlage',
      attachments: [
        { filename: 'verklaring "1" <één>.html', content: '<script>alert(1)</script>' },
        { filename: 'groot.bin', content: Buffer.alloc(4096) },
      ],
    });
    const [m] = await messages(e.t);
    const [a, big] = await e.t.deps.db.selectFrom('mail_attachments').selectAll().orderBy('id').execute();
    const page = await (await client.get(`/contacts/${m!.contact_id}`)).text();
    expect(page).toContain(`href="/email/attachments/${a!.id}"`);
    expect(page).toContain('not kept: larger than the attachment limit');
    const res = await client.get(`/email/attachments/${a!.id}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/octet-stream');
    expect(res.headers.get('content-disposition')).toBe(
      `attachment; filename="verklaring _1_ <__n>.html"; filename*=UTF-8''${encodeURIComponent('verklaring "1" <één>.html')}`,
    );
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await res.text()).toBe('<script>alert(1)</script>');
    const logged = await audit('email.attachment.download');
    expect(logged).toHaveLength(1);
    expect(JSON.parse(logged[0]!.details)).toEqual({ attachment: a!.id });
    expect((await client.get(`/email/attachments/${big!.id}`)).status).toBe(404);
    expect((await client.get('/email/attachments/424242')).status).toBe(404);
    expect((await client.get('/email/attachments/..%2f..%2fetc%2fpasswd')).status).toBe(404);
    const anonymous = await new Client(e.t.app).get(`/email/attachments/${a!.id}`);
    expect(anonymous.status).toBe(302);
  });
});

describe('triage', () => {
  it('marks a contact as spam: resolved, hidden from the inbox, found with the spam filter, and can be undone', async () => {
    const m = await incoming({ Subject: 'Win een prijs' });
    const res = await client.post(`/email/contacts/${m.contact_id}/spam`, { spam: '1' });
    expect(res.status).toBe(303);
    const c = await e.t.deps.db
      .selectFrom('contacts')
      .selectAll()
      .where('id', '=', m.contact_id)
      .executeTakeFirstOrThrow();
    expect(c.status).toBe('resolved');
    expect(c.spam_at).not.toBeNull();
    expect((await events(m.contact_id)).map((x) => x.kind)).toContain('email.spam');
    expect(await audit('contact.spam')).toHaveLength(1);
    expect(await (await client.get('/contacts')).text()).not.toContain('Win een prijs');
    expect(await (await client.get('/contacts?spam=1')).text()).toContain('Win een prijs');
    expect(await (await client.get(`/contacts?q=${c.reference}`)).text()).toContain('Win een prijs');
    await client.post(`/email/contacts/${m.contact_id}/spam`, { spam: '0' });
    expect(await (await client.get('/contacts')).text()).toContain('Win een prijs');
    expect(
      (await client.post(`/email/contacts/${m.contact_id}/spam`, { spam: 'maybe' }, { 'HX-Request': 'true' })).status,
    ).toBe(422);
    expect((await client.post('/email/contacts/999999/spam', { spam: '1' })).status).toBe(404);
  });

  it('merges two contacts that are one conversation: messages and events move, the source is resolved with a pointer, both audited', async () => {
    const a = await incoming({ Subject: 'Eerste' });
    const b = await incoming({ Subject: 'Tweede' }, 'Het woord mensenhandelzaak staat alleen hier.');
    const target = (
      await e.t.deps.db
        .selectFrom('contacts')
        .select('reference')
        .where('id', '=', a.contact_id)
        .executeTakeFirstOrThrow()
    ).reference!;
    const res = await client.post(`/email/contacts/${b.contact_id}/merge`, { target: `[#${target.toLowerCase()}]` });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`/contacts/${a.contact_id}`);
    expect((await messages(e.t)).map((x) => x.contact_id)).toEqual([a.contact_id, a.contact_id]);
    // The source is resolved by the merge: that status change is on its timeline too.
    expect((await events(b.contact_id)).map((x) => x.kind)).toEqual(['status', 'email.merged-into']);
    expect((await events(a.contact_id)).map((x) => x.kind)).toContain('email.merged-from');
    const source = await e.t.deps.db
      .selectFrom('contacts')
      .selectAll()
      .where('id', '=', b.contact_id)
      .executeTakeFirstOrThrow();
    expect(source.status).toBe('resolved');
    expect(await e.t.deps.db.selectFrom('contact_merges').selectAll().execute()).toEqual([
      expect.objectContaining({ source_id: b.contact_id, target_id: a.contact_id }),
    ]);
    expect((await audit('contact.merge')).map((x) => x.subject_id)).toEqual([
      String(b.contact_id),
      String(a.contact_id),
    ]);
    const sourcePage = await (await client.get(`/contacts/${b.contact_id}`)).text();
    expect(sourcePage).toContain(`This contact was merged into ${target}.`);
    expect(sourcePage).not.toContain('id="reply-body-');
    expect(await (await client.get('/contacts?q=mensenhandelzaak')).text()).toContain(`/contacts/${a.contact_id}`);
    expect(
      (await client.post(`/email/contacts/${b.contact_id}/reply`, { body: 'x' }, { 'HX-Request': 'true' })).status,
    ).toBe(422);
  });

  it.each([
    ['an empty reference', '', 'This field is required.'],
    ['something that is no reference', 'DROP TABLE contacts', 'Enter a reference such as HD-2026-000123.'],
    ['an unknown reference', 'HD-2026-999999', 'No contact has that reference.'],
    ['an oversized value', `HD-2026-${'1'.repeat(5000)}`, 'Enter a reference such as HD-2026-000123.'],
  ])('refuses to merge into %s with 422', async (_name, target, message) => {
    const m = await incoming();
    const res = await client.post(`/email/contacts/${m.contact_id}/merge`, { target }, { 'HX-Request': 'true' });
    expect(res.status).toBe(422);
    expect(await res.text()).toContain(message);
    expect(await e.t.deps.db.selectFrom('contact_merges').selectAll().execute()).toHaveLength(0);
  });

  it('refuses to merge a contact into itself, or one that was already merged', async () => {
    const a = await incoming({ Subject: 'A' });
    const b = await incoming({ Subject: 'B' });
    const ref = async (id: number) =>
      (await e.t.deps.db.selectFrom('contacts').select('reference').where('id', '=', id).executeTakeFirstOrThrow())
        .reference!;
    const self = await client.post(
      `/email/contacts/${a.contact_id}/merge`,
      { target: await ref(a.contact_id) },
      { 'HX-Request': 'true' },
    );
    expect(self.status).toBe(422);
    expect(await self.text()).toContain('cannot be merged into itself');
    await client.post(`/email/contacts/${b.contact_id}/merge`, { target: await ref(a.contact_id) });
    const twice = await client.post(
      `/email/contacts/${b.contact_id}/merge`,
      { target: await ref(a.contact_id) },
      { 'HX-Request': 'true' },
    );
    expect(twice.status).toBe(422);
    // Merging the target back into the (merged) source would be merging it into itself.
    const back = await client.post(
      `/email/contacts/${a.contact_id}/merge`,
      { target: await ref(b.contact_id) },
      { 'HX-Request': 'true' },
    );
    expect(back.status).toBe(422);
  });
});
