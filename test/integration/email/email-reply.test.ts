import { execSql } from '../../support/sqlite.js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DESK, emailTestApp, messages, type EmailTestApp } from '../../support/email-app.js';
import { ingestMail } from '../../support/factories.js';
import { rawMessage, startCatcher, type Catcher } from '../../support/mail.js';
import { Client, signedIn } from '../../support/test-app.js';
import { startOutboxWorker, type OutboxWorker } from '../../../src/email/outbound/outbox-worker.js';

// The worker is started only when a test wants mail to leave, so queued mail can be cancelled before it does.
let e: EmailTestApp;
let catcher: Catcher;
let worker: OutboxWorker | undefined;
let client: Client;
beforeEach(async () => {
  catcher = await startCatcher();
  e = await emailTestApp({ SMTP_URL: catcher.url });
  ({ client } = await signedIn(e.t, ['agent'], 'Eva de Vries'));
});
afterEach(async () => {
  await worker?.stop();
  worker = undefined;
  await catcher.close();
  await e.close();
});

/** Starts the outbox worker and lets it send whatever is due. */
async function deliver() {
  worker ??= startOutboxWorker(e.t.deps, { intervalMs: 3_600_000 });
  await worker.runOnce();
}
const replies = () => catcher.messages.filter((m) => m.parsed.subject?.startsWith('Re:'));

async function incoming(
  body = 'Graag advies over de B8-regeling.\n\nMet groet,\nJan',
  subject = 'Vraag B8',
  headers: Record<string, string> = {},
) {
  await ingestMail(
    e.t,
    'jan@politie.nl',
    rawMessage(
      {
        From: 'Jan Jansen <jan@politie.nl>',
        To: DESK,
        Subject: subject,
        'Message-ID': `<q${Math.random().toString(36).slice(2)}@politie.nl>`,
        ...headers,
      },
      body,
    ),
  );
  return (await messages(e.t)).at(-1)!;
}

/** The reply box's hidden fields as the contact page draws them. */
async function replyBox(contactId: number) {
  const html = await (await client.get(`/contacts/${contactId}`)).text();
  return {
    html,
    last_message: /name="last_message" value="(\d*)"/.exec(html)?.[1] ?? 'missing',
    version: /name="version" value="(\d+)"/.exec(html)?.[1],
  };
}
async function reply(contactId: number, form: Record<string, string>, headers: Record<string, string> = {}) {
  const box = await replyBox(contactId);
  return client.post(`/email/contacts/${contactId}/reply`, { last_message: box.last_message, ...form }, headers);
}
const contact = (id: number) =>
  e.t.deps.db.selectFrom('contacts').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
const outbox = () => e.t.deps.db.selectFrom('mail_outbox').selectAll().orderBy('id').execute();
const audit = (action: string) =>
  e.t.deps.db.selectFrom('audit_log').selectAll().where('action', '=', action).orderBy('id').execute();
const events = async (id: number) =>
  await e.t.deps.db
    .selectFrom('contact_events')
    .select(['kind', 'data'])
    .where('contact_id', '=', id)
    .orderBy('id')
    .execute();
const setSignatures = (nl: string, en: string) =>
  client.post('/account/signature', { signature_nl: nl, signature_en: en });

describe('the signature and the quoted message', () => {
  it("appends the agent's Dutch signature and quotes the message in Dutch when the contact's language is not known", async () => {
    expect((await setSignatures('Met vriendelijke groet,\nEva de Vries', 'Kind regards,\nEva de Vries')).status).toBe(
      303,
    );
    const m = await incoming();
    const box = await replyBox(m.contact_id);
    expect(box.html).toMatch(/<option value="nl" selected="">Dutch<\/option>/);
    expect(box.html).toContain('Met vriendelijke groet,\nEva de Vries');
    expect((await reply(m.contact_id, { body: 'Beste Jan,\nDe B8-regeling geldt hier.' })).status).toBe(303);
    await deliver();
    const [sent] = replies();
    expect(sent!.parsed.text?.trimEnd()).toBe(
      [
        'Beste Jan,',
        'De B8-regeling geldt hier.',
        '',
        '-- ',
        'Met vriendelijke groet,',
        'Eva de Vries',
        '',
        'Op 23-11-2026 11:00 schreef Jan Jansen <jan@politie.nl>:',
        '> Graag advies over de B8-regeling.',
        '>',
        '> Met groet,',
        '> Jan',
      ].join('\n'),
    );
    expect(sent!.parsed.text).not.toContain('Kind regards');
    // The timeline and the search keep the agent's own words, not the quote.
    const timeline = await events(m.contact_id);
    expect(JSON.parse(timeline.at(-1)!.data).body).toBe('Beste Jan,\nDe B8-regeling geldt hier.');
    expect(JSON.parse((await audit('email.reply'))[0]!.details)).toMatchObject({ lang: 'nl' });
  });

  it("goes out in English with the English signature when the contact's language is English, or when the agent chooses it", async () => {
    await setSignatures('Groet, Eva', 'Kind regards, Eva');
    const m = await incoming('Can you help?', 'Question');
    await e.t.deps.db.updateTable('contacts').set({ language: 'en' }).where('id', '=', m.contact_id).execute();
    expect((await replyBox(m.contact_id)).html).toMatch(/<option value="en" selected="">English<\/option>/);
    expect((await reply(m.contact_id, { body: 'Yes.' })).status).toBe(303);
    expect((await reply(m.contact_id, { body: 'Toch in het Nederlands.', lang: 'nl' })).status).toBe(303);
    await deliver();
    const [first, second] = replies();
    expect(first!.parsed.text).toContain('Yes.\n\n-- \nKind regards, Eva\n\nOn 23-11-2026 11:00, Jan Jansen');
    expect(first!.parsed.text).toContain('wrote:\n> Can you help?');
    expect(second!.parsed.text).toContain('-- \nGroet, Eva\n\nOp 23-11-2026 11:00 schreef Jan Jansen');
  });

  it('sends no signature when the agent has none in that language, and the box says where to set one', async () => {
    const m = await incoming();
    const box = await replyBox(m.contact_id);
    expect(box.html).toContain('You have no signature in Dutch; set one on your account page.');
    await reply(m.contact_id, { body: 'Kort antwoord.' });
    await deliver();
    expect(replies()[0]!.parsed.text).toMatch(/^Kort antwoord\.\n\nOp 23-11-2026 11:00 schreef/);
  });
});

describe('send and resolve, send and wait', () => {
  it.each([
    ['resolved', 'Send and resolve'],
    ['waiting', 'Send and wait for an answer'],
  ] as const)(
    'sets the contact %s through the contacts service, with its timeline event, and sends the reply',
    async (status, label) => {
      const m = await incoming();
      const box = await replyBox(m.contact_id);
      expect(box.html).toContain(`<button type="submit" name="after" value="${status}">${label}</button>`);
      const res = await reply(m.contact_id, { body: 'Afgehandeld.', after: status });
      expect(res.status).toBe(303);
      expect((await contact(m.contact_id)).status).toBe(status);
      const statusEvent = (await events(m.contact_id)).find((x) => x.kind === 'status');
      expect(JSON.parse(statusEvent!.data)).toMatchObject({ to: status });
      expect(await audit('contact.update')).toHaveLength(1);
      await deliver();
      expect(replies()).toHaveLength(1);
    },
  );

  it('leaves the status to the agent with the plain send button (a new contact becomes open)', async () => {
    const m = await incoming();
    await reply(m.contact_id, { body: 'Antwoord.' });
    expect((await contact(m.contact_id)).status).toBe('open');
  });

  it('assigns an unassigned contact to the agent who replies, and leaves a contact another agent holds with them', async () => {
    const m = await incoming();
    const eva = await e.t.deps.db
      .selectFrom('users')
      .select('id')
      .where('name', '=', 'Eva de Vries')
      .executeTakeFirstOrThrow();
    expect((await contact(m.contact_id)).assignee_id).toBeNull();
    expect((await reply(m.contact_id, { body: 'Antwoord.' })).status).toBe(303);
    expect((await contact(m.contact_id)).assignee_id).toBe(eva.id);
    expect((await events(m.contact_id)).map((x) => x.kind)).toContain('assigned');

    const other = await incoming('Nog een vraag', 'Tweede vraag');
    const { user: rik } = await signedIn(e.t, ['agent'], 'Rik');
    await e.t.deps.db.updateTable('contacts').set({ assignee_id: rik.id }).where('id', '=', other.contact_id).execute();
    expect((await reply(other.contact_id, { body: 'Antwoord van Eva.' })).status).toBe(303);
    expect((await contact(other.contact_id)).assignee_id).toBe(rik.id);
  });

  it('refuses a status the buttons do not offer, keeping the text and sending nothing', async () => {
    const m = await incoming();
    const res = await reply(m.contact_id, { body: 'Mijn tekst', after: 'deleted' }, { 'HX-Request': 'true' });
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toContain('Mijn tekst');
    expect(html).toContain('This value is not valid.');
    expect((await contact(m.contact_id)).status).toBe('new');
    expect(await outbox()).toHaveLength(1);
  });
});

describe('cancelling a queued mail', () => {
  it('cancels a reply before it leaves: the worker never sends it, audited, in the timeline, shown as cancelled', async () => {
    const m = await incoming();
    await reply(m.contact_id, { body: 'Dit had niet weg gemogen.' });
    const queued = (await outbox()).find((o) => o.kind === 'reply')!;
    expect(queued.status).toBe('queued');
    expect((await replyBox(m.contact_id)).html).toContain(`action="/email/outbox/${queued.id}/cancel"`);
    expect(await (await client.get('/email/outbox')).text()).toContain(`action="/email/outbox/${queued.id}/cancel"`);

    const res = await client.post(`/email/outbox/${queued.id}/cancel`);
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`/contacts/${m.contact_id}`);
    await deliver();
    await catcher.waitFor(1);
    expect(catcher.messages).toHaveLength(1);
    expect(catcher.messages[0]!.parsed.subject).toMatch(/^Ontvangen/);
    expect(replies()).toHaveLength(0);
    const row = (await outbox()).find((o) => o.id === queued.id)!;
    expect(row.cancelled_at).not.toBeNull();
    expect(row.sent_at).toBeNull();
    expect((await events(m.contact_id)).at(-1)!.kind).toBe('email.cancelled');
    expect(await audit('email.cancel')).toHaveLength(1);
    const page = (await replyBox(m.contact_id)).html;
    expect(page).toContain('Cancelled; not sent.');
    expect(page).toContain('cancelled an outgoing email');
    expect(await (await client.get('/email/outbox')).text()).not.toContain(`/email/outbox/${queued.id}/`);

    // Cancelling twice, or sending a cancelled mail again, is refused.
    const again = await client.post(`/email/outbox/${queued.id}/cancel`);
    expect(again.status).toBe(409);
    expect(await again.text()).toContain('This mail was already cancelled.');
    expect((await client.post(`/email/outbox/${queued.id}/retry`)).status).toBe(409);
    await deliver();
    expect(replies()).toHaveLength(0);
  });

  it('refuses to cancel a mail that was already sent, and says so', async () => {
    const m = await incoming();
    await reply(m.contact_id, { body: 'Al weg.' });
    await deliver();
    const sent = (await outbox()).find((o) => o.kind === 'reply')!;
    expect(sent.status).toBe('sent');
    const res = await client.post(`/email/outbox/${sent.id}/cancel`, {}, { 'HX-Request': 'true' });
    expect(res.status).toBe(409);
    expect(await res.text()).toContain('This mail was already sent; it can no longer be cancelled.');
    expect((await outbox()).find((o) => o.id === sent.id)!.cancelled_at).toBeNull();
    expect(await audit('email.cancel')).toHaveLength(0);
  });

  it('refuses to cancel a mail a worker has claimed: the claim and the cancel cannot both win', async () => {
    const m = await incoming();
    await reply(m.contact_id, { body: 'Onderweg.' });
    const o = (await outbox()).find((x) => x.kind === 'reply')!;
    await e.t.deps.db.updateTable('mail_outbox').set({ status: 'sending' }).where('id', '=', o.id).execute();
    const res = await client.post(`/email/outbox/${o.id}/cancel`);
    expect(res.status).toBe(409);
    expect(await res.text()).toContain('being handed to the mail server right now');
    expect((await outbox()).find((x) => x.id === o.id)).toMatchObject({ status: 'sending', cancelled_at: null });
  });

  it('cancels a mail that failed, so it is no longer offered for sending again', async () => {
    const m = await incoming();
    await reply(m.contact_id, { body: 'Mislukt.' });
    catcher.failNext(2, 550);
    await deliver();
    const o = (await outbox()).find((x) => x.kind === 'reply')!;
    expect(o.status).toBe('failed');
    expect((await client.post(`/email/outbox/${o.id}/cancel`)).status).toBe(303);
    expect((await replyBox(m.contact_id)).html).not.toContain(`/email/outbox/${o.id}/retry`);
  });

  it('answers 404 for an unknown or malformed id, 403 without the CSRF token or for a role that does not answer mail', async () => {
    const m = await incoming();
    await reply(m.contact_id, { body: 'x' });
    const o = (await outbox()).find((x) => x.kind === 'reply')!;
    expect((await client.post('/email/outbox/999999/cancel')).status).toBe(404);
    expect((await client.post('/email/outbox/1%20OR%201/cancel')).status).toBe(404);
    expect((await client.post(`/email/outbox/${o.id}/cancel`, { _csrf: 'x'.repeat(32) })).status).toBe(403);
    const { client: coordinator } = await signedIn(e.t, ['coordinator']);
    expect((await coordinator.post(`/email/outbox/${o.id}/cancel`)).status).toBe(403);
    const anonymous = await new Client(e.t.app).post(`/email/outbox/${o.id}/cancel`);
    expect(anonymous.status).toBe(302);
    expect((await outbox()).find((x) => x.id === o.id)!.cancelled_at).toBeNull();
  });
});

describe('spam', () => {
  it('shows no reply box on a contact marked as spam, and the reply route refuses it', async () => {
    const m = await incoming();
    const { last_message } = await replyBox(m.contact_id);
    expect((await client.post(`/email/contacts/${m.contact_id}/spam`, { spam: '1' })).status).toBe(303);
    const page = await (await client.get(`/contacts/${m.contact_id}`)).text();
    expect(page).toContain('id="email-panel"');
    expect(page).not.toContain('id="reply-body-');
    const res = await client.post(
      `/email/contacts/${m.contact_id}/reply`,
      { body: 'Toch antwoorden', last_message },
      { 'HX-Request': 'true' },
    );
    expect(res.status).toBe(422);
    expect(await res.text()).toContain('This contact is marked as spam; it cannot be answered.');
    expect(await outbox()).toHaveLength(1);
  });
});

describe('no silent overwrites', () => {
  it('answers 409 with the text kept when a message arrived after the agent opened the contact, and sends on the second try', async () => {
    const m = await incoming();
    const seen = await replyBox(m.contact_id);
    const next = await incoming('Nog een vraag: geldt dit ook voor minderjarigen?', 'Re: Vraag B8', {
      'In-Reply-To': `<${m.message_id}>`,
    });
    expect(next.contact_id).toBe(m.contact_id);
    const res = await client.post(
      `/email/contacts/${m.contact_id}/reply`,
      { body: 'Mijn zorgvuldige antwoord', last_message: seen.last_message },
      { 'HX-Request': 'true' },
    );
    expect(res.status).toBe(409);
    const html = await res.text();
    expect(html).toContain('Mijn zorgvuldige antwoord</textarea>');
    expect(html).toContain('This conversation changed since you opened it');
    expect(html).toContain('geldt dit ook voor minderjarigen?');
    expect(await outbox()).toHaveLength(1);
    const fresh = /name="last_message" value="(\d+)"/.exec(html)![1]!;
    expect(fresh).not.toBe(seen.last_message);
    const again = await client.post(`/email/contacts/${m.contact_id}/reply`, {
      body: 'Mijn zorgvuldige antwoord',
      last_message: fresh,
    });
    expect(again.status).toBe(303);
    await deliver();
    // The quote is of the newest message, the one the agent saw last.
    expect(replies()[0]!.parsed.text).toContain('> Nog een vraag: geldt dit ook voor minderjarigen?');
  });

  it('sends a double-submitted reply once: the second submit is stale (409) and keeps its text', async () => {
    const m = await incoming();
    const { last_message } = await replyBox(m.contact_id);
    const form = { body: 'Eenmaal verstuurd', last_message };
    expect((await client.post(`/email/contacts/${m.contact_id}/reply`, form)).status).toBe(303);
    const second = await client.post(`/email/contacts/${m.contact_id}/reply`, form);
    expect(second.status).toBe(409);
    expect(await second.text()).toContain('Eenmaal verstuurd</textarea>');
    expect((await outbox()).filter((o) => o.kind === 'reply')).toHaveLength(1);
  });

  it('sends a reply although a colleague changed the contact meanwhile: only a newer message makes a reply stale', async () => {
    const m = await incoming();
    const box = await replyBox(m.contact_id);
    const before = await e.t.deps.db
      .selectFrom('contacts')
      .select('version')
      .where('id', '=', m.contact_id)
      .executeTakeFirstOrThrow();
    await execSql(e.t.deps, `UPDATE contacts SET version = version + 1, priority = 'high' WHERE id = ${m.contact_id}`);
    const res = await client.post(`/email/contacts/${m.contact_id}/reply`, {
      body: 'Na de wijziging van een collega',
      last_message: box.last_message,
      version: String(before.version),
    });
    expect(res.status).toBe(303);
    expect(await outbox()).toHaveLength(2);
  });

  it.each([
    ['a message id that is not a number', { last_message: '1 OR 1=1' }],
    ['a version that is not a number', { version: '-1' }],
    ['a language the desk does not write', { lang: 'xx' }],
  ])('refuses %s with 422, keeping the text', async (_name, extra) => {
    const m = await incoming();
    const res = await reply(m.contact_id, { body: 'Bewaar mij', ...extra });
    expect(res.status).toBe(422);
    expect(await res.text()).toContain('Bewaar mij</textarea>');
    expect(await outbox()).toHaveLength(1);
  });
});

describe('the safe-contact flags first', () => {
  it('shows both flags above the text', async () => {
    const m = await incoming();
    const { html } = await replyBox(m.contact_id);
    const text = html.indexOf('id="reply-body-');
    expect(html.indexOf('May send email: ?')).toBeGreaterThan(0);
    expect(html.indexOf('May send email: ?')).toBeLessThan(text);
    expect(html.indexOf('Only through the professional: ?')).toBeGreaterThan(0);
    expect(html.indexOf('Only through the professional: ?')).toBeLessThan(text);
  });

  it.each([
    ['victim', 422],
    ['citizen', 422],
    [null, 422],
    ['police', 303],
    ['shelter', 303],
  ])('with "only through the professional", a party of type %s is answered with %i', async (partyType, status) => {
    const m = await incoming();
    await e.t.deps.db
      .updateTable('contacts')
      .set({ via_professional_only: 1, party_type: partyType })
      .where('id', '=', m.contact_id)
      .execute();
    const box = await replyBox(m.contact_id);
    const res = await reply(m.contact_id, { body: 'Antwoord' });
    expect(res.status).toBe(status);
    if (status === 422) {
      expect(box.html).toContain('Replying by email is blocked.');
      expect(box.html).toMatch(/<textarea[^>]*disabled=""/);
      expect(await res.text()).toContain('may be reached only through the professional');
      expect(await outbox()).toHaveLength(1);
    } else {
      expect(box.html).not.toMatch(/<textarea[^>]*disabled=""/);
      expect(await outbox()).toHaveLength(2);
    }
  });
});
