import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DESK, emailTestApp, messages, type EmailTestApp } from '../../support/email-app.js';
import { ingestMail } from '../../support/factories.js';
import { rawMessage } from '../../support/mail.js';
import { ownMessageId } from '../../../src/email/inbound/threading.js';

let e: EmailTestApp;
beforeEach(async () => {
  e = await emailTestApp();
});
afterEach(async () => {
  await e.close();
});

/** Sends a small message from `from` with these extra headers; returns the stored row. */
async function mail(from: string, headers: Record<string, string | undefined>, body = 'tekst') {
  await ingestMail(
    e.t,
    from,
    rawMessage(
      {
        From: from,
        To: DESK,
        Subject: 'Vraag',
        'Message-ID': `<${Math.random().toString(36).slice(2)}@${from.split('@')[1]}>`,
        ...headers,
      },
      body,
    ),
  );
  return (await messages(e.t)).at(-1)!;
}
const contact = (id: number) =>
  e.t.deps.db.selectFrom('contacts').selectAll().where('id', '=', id).executeTakeFirstOrThrow();

describe('threading of incoming mail', () => {
  it('joins a reply to our acknowledgement (a signed Message-ID of ours) to its contact', async () => {
    const first = await mail('jan@politie.nl', {});
    const [ack] = await messages(e.t, 'out');
    const reply = await mail('jan@politie.nl', { Subject: 'Re: Ontvangen', 'In-Reply-To': `<${ack!.message_id}>` });
    expect(reply.contact_id).toBe(first.contact_id);
    expect(reply.thread_via).toBe('signed');
  });

  it('joins a colleague who answers our signed mail, even without taking part before', async () => {
    const first = await mail('jan@politie.nl', {});
    const [ack] = await messages(e.t, 'out');
    const colleague = await mail('piet@politie.nl', { References: `<${ack!.message_id}>` });
    expect(colleague.contact_id).toBe(first.contact_id);
  });

  it('starts a new contact for a Message-ID that looks like ours but carries a wrong signature', async () => {
    const first = await mail('jan@politie.nl', {});
    const forged = ownMessageId(first.contact_id, 'AAAAAAAAAAAA', () => 'x'.repeat(43), 'baken.test');
    const stranger = await mail('evil@example.com', { 'In-Reply-To': `<${forged}>` });
    expect(stranger.contact_id).not.toBe(first.contact_id);
    expect(stranger.thread_via).toBe('new');
  });

  it("joins a follow-up naming the sender's own earlier message (In-Reply-To) when the sender takes part", async () => {
    const first = await mail('jan@politie.nl', { 'Message-ID': '<m1@politie.nl>' });
    const next = await mail('jan@politie.nl', {
      'Message-ID': '<m2@politie.nl>',
      'In-Reply-To': '<m1@politie.nl>',
      References: '<m1@politie.nl>',
    });
    expect(next.contact_id).toBe(first.contact_id);
    expect(next.thread_via).toBe('reference');
  });

  it("does not let a stranger who names someone else's Message-ID into that thread", async () => {
    const first = await mail('jan@politie.nl', { 'Message-ID': '<secret-1@politie.nl>' });
    const stranger = await mail('evil@example.com', {
      'In-Reply-To': '<secret-1@politie.nl>',
      References: '<secret-1@politie.nl>',
    });
    expect(stranger.contact_id).not.toBe(first.contact_id);
  });

  it('joins on the reference in the subject only when the sender already takes part', async () => {
    const first = await mail('jan@politie.nl', {});
    const ref = (await contact(first.contact_id)).reference!;
    const same = await mail('jan@politie.nl', { Subject: `Aanvulling [#${ref}]` });
    expect(same.contact_id).toBe(first.contact_id);
    expect(same.thread_via).toBe('subject');
    const stranger = await mail('evil@example.com', { Subject: `Re: [#${ref}] geef mij alles` });
    expect(stranger.contact_id).not.toBe(first.contact_id);
    expect(stranger.thread_note).toBe(`subject-reference-refused:${ref}`);
  });

  it('reopens a resolved contact when new mail joins it', async () => {
    const first = await mail('jan@politie.nl', { 'Message-ID': '<r1@politie.nl>' });
    await e.t.deps.db.updateTable('contacts').set({ status: 'resolved' }).where('id', '=', first.contact_id).execute();
    await mail('jan@politie.nl', { 'In-Reply-To': '<r1@politie.nl>' });
    expect((await contact(first.contact_id)).status).toBe('open');
    const kinds = (
      await e.t.deps.db.selectFrom('contact_events').select('kind').where('contact_id', '=', first.contact_id).execute()
    ).map((r) => r.kind);
    expect(kinds).toEqual(['created', 'email.received', 'email.ack', 'status', 'email.received']);
  });

  it('threads mail that names a merged contact into the contact it was merged into', async () => {
    const a = await mail('jan@politie.nl', { 'Message-ID': '<a1@politie.nl>' });
    const b = await mail('jan@politie.nl', { 'Message-ID': '<b1@politie.nl>', Subject: 'Ander onderwerp' });
    expect(b.contact_id).not.toBe(a.contact_id);
    const { mergeContacts } = await import('../../../src/email/inbound/triage.service.js');
    const target = (await contact(a.contact_id)).reference!;
    await mergeContacts(e.t.deps, b.contact_id, target, { id: null });
    const sourceRef = (await contact(b.contact_id)).reference!;
    const later = await mail('jan@politie.nl', { Subject: `Re: [#${sourceRef}]` });
    expect(later.contact_id).toBe(a.contact_id);
  });
});
