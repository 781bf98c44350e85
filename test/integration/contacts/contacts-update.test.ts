import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, signedIn, type Client, type TestApp } from '../../support/test-app.js';
import { makeCall, makeContact } from '../../support/factories.js';
import { sid } from '../../support/twilio.js';

const TOKEN = 'test-twilio-auth-token-0123456789';
const PUBLIC = 'https://baken.example.org';
const HX = { 'HX-Request': 'true', 'HX-Target': 'div#contact-main' };

describe('changing a contact (POST /contacts/:id/update)', () => {
  let t: TestApp;
  let eva: Client;
  let rik: Client;
  let rikId: number;
  let evaId: number;

  beforeEach(async () => {
    t = await createTestApp({ TWILIO_AUTH_TOKEN: TOKEN, PUBLIC_URL: PUBLIC }, { now: '2026-11-23T10:00:00Z' });
    const e = await signedIn(t, ['agent'], 'Eva');
    eva = e.client;
    evaId = e.user.id;
    const r = await signedIn(t, ['agent'], 'Rik');
    rik = r.client;
    rikId = r.user.id;
  });
  afterEach(async () => {
    const logs = t.logs.join('\n');
    expect(logs).not.toContain('612345678');
    expect(logs).not.toContain('Jansen');
    await t.close();
  });

  const contact = (id: number) =>
    t.deps.db.selectFrom('contacts').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  const kinds = async (id: number) =>
    (
      await t.deps.db.selectFrom('contact_events').select('kind').where('contact_id', '=', id).orderBy('id').execute()
    ).map((e) => e.kind);
  const audits = async (id: number, action: string) =>
    t.deps.db
      .selectFrom('audit_log')
      .select(['action', 'details'])
      .where('subject_id', '=', String(id))
      .where('action', '=', action)
      .execute();
  /** A contact Eva logs by hand, through the contacts service as the new-contact form does. */
  const logContact = (subject = 'Vraag over bedenktijd') =>
    makeContact(t, { channel: 'manual', direction: 'in', subject, queue: 'general', priority: 'normal' }, evaId).then(
      (c) => c.id,
    );
  /** A call's contact with its call row, through the calls service as the voice and menu webhooks make it. */
  const callContact = (n: number) => makeCall(t, { callSid: sid('CA', n), from: '+31612345678', digits: '1' });

  it('completes a call’s contact: party fields, flags, language and topics, each in the timeline and audited', async () => {
    const id = await callContact(1);
    const before = await contact(id);
    const res = await eva.post(
      `/contacts/${id}/update`,
      {
        version: String(before.version),
        subject: 'Bedenktijd voor cliënte',
        partyName: 'Jan Jansen',
        partyOrg: 'Politie Rotterdam',
        partyType: 'police',
        phone: '06 12345678',
        email: 'j.jansen@politie.example',
        language: 'nl',
        mayCallBack: 'yes',
        mayLeaveVoicemail: 'no',
        mayEmail: 'yes',
        viaProfessionalOnly: 'no',
        topics: ['reflection', 'permit'],
      },
      HX,
    );
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('changed the party type from — to Police');
    expect(html).toContain('set the topics to Reflection period, Residence permit');
    expect(html).toContain('changed “May leave a voicemail” from Not asked to No');
    expect(html).not.toContain('Jan Jansen changed'); // the name itself never goes into an event

    const c = await contact(id);
    expect(c.version).toBe(before.version + 1);
    expect(c).toMatchObject({
      subject: 'Bedenktijd voor cliënte',
      party_org: 'Politie Rotterdam',
      party_type: 'police',
      language: 'nl',
      may_call_back: 1,
      may_leave_voicemail: 0,
      may_email: 1,
      via_professional_only: 0,
      topic: 'reflection',
    });
    expect(t.deps.crypto.decrypt(c.party_name_enc)).toBe('Jan Jansen');
    expect(c.party_name_enc).not.toContain('Jansen');
    expect(t.deps.crypto.decrypt(c.party_email_enc)).toBe('j.jansen@politie.example');
    expect(c.party_email_hash).toBe(t.deps.crypto.hash('email', 'j.jansen@politie.example'));
    expect(c.party_email_mask).toMatch(/^j•+@politie\.example$/);
    const topics = await t.deps.db
      .selectFrom('contact_topics')
      .select('topic')
      .where('contact_id', '=', id)
      .orderBy(sql`rowid`)
      .execute();
    expect(topics.map((x) => x.topic)).toEqual(['reflection', 'permit']);
    const k = await kinds(id);
    for (const kind of ['subject', 'party.name', 'party.org', 'party.type', 'party.email', 'language', 'topics'])
      expect(k).toContain(kind);
    expect(k.filter((x) => x === 'flag')).toHaveLength(4);
    // The number was already the caller's: normalised the same, so no event for it.
    expect(k).not.toContain('party.phone');
    const [audit] = await audits(id, 'contact.update').then((a) => a.filter((x) => x.details.includes('partyName')));
    expect(JSON.parse(audit!.details).fields).toEqual(
      expect.arrayContaining(['subject', 'partyName', 'partyOrg', 'mayCallBack', 'topics']),
    );
    expect(audit!.details).not.toContain('Jansen');
    // The page shows it all, readable.
    const page = await (await eva.get(`/contacts/${id}`)).text();
    expect(page).toContain('value="Jan Jansen"');
    expect(page).toContain('Reflection period');
  });

  it('leaves fields that are not posted as they are', async () => {
    const id = await logContact();
    await eva.post(`/contacts/${id}/update`, { version: '1', partyOrg: 'COA', mayEmail: 'no' });
    await eva.post(`/contacts/${id}/update`, { version: '2', priority: 'high' });
    const c = await contact(id);
    expect(c).toMatchObject({ party_org: 'COA', may_email: 0, priority: 'high', subject: 'Vraag over bedenktijd' });
    expect(c.version).toBe(3);
  });

  it('answers a change on an older version with 409, changes nothing, shows the other change and keeps the input', async () => {
    const id = await logContact();
    // Eva resolves and takes it.
    const first = await eva.post(`/contacts/${id}/update`, { version: '1', status: 'resolved', assignee: 'me' });
    expect(first.status).toBe(303);
    const after = await contact(id);
    const eventsBefore = (await kinds(id)).length;
    // Rik raises the priority from the page he opened before.
    const stale = await rik.post(
      `/contacts/${id}/update`,
      {
        version: '1',
        priority: 'urgent',
        status: 'open',
        assignee: '',
        subject: 'Rik zijn onderwerp',
        notes: 'Rik zijn notitie',
      },
      HX,
    );
    expect(stale.status).toBe(409);
    const html = await stale.text();
    expect(html).toContain('Someone else changed this contact');
    expect(html).toContain('changed status from New to Resolved');
    expect(html).toMatch(/assigned to Eva/);
    expect(html).toContain('value="Rik zijn onderwerp"');
    expect(html).toMatch(/<option value="urgent" selected/);
    // The form now carries the current version, so Rik can apply his input again knowingly.
    expect(html).toContain(`name="version" value="${after.version}"`);
    expect(await contact(id)).toEqual(after);
    expect(await kinds(id)).toHaveLength(eventsBefore);

    const page = await rik.post(`/contacts/${id}/update`, { version: '1', priority: 'urgent', notes: 'Zonder htmx' });
    expect(page.status).toBe(409);
    expect(await page.text()).toContain('Zonder htmx</textarea>');
  });

  it('after a 409, shows the other agent’s value where this agent left a field as their page showed it', async () => {
    const id = await logContact();
    await eva.post(`/contacts/${id}/update`, { version: '1', status: 'resolved', queue: 'legal' });
    // Rik's page showed status New and queue General; he only raised the priority and moved it to care.
    const res = await rik.post(
      `/contacts/${id}/update`,
      { version: '1', status: 'new', queue: 'care', priority: 'urgent' },
      HX,
    );
    expect(res.status).toBe(409);
    const html = await res.text();
    expect(html).toMatch(/<option value="resolved" selected/); // Eva's, since Rik did not touch it
    expect(html).toMatch(/<option value="care" selected/); // both changed it: Rik's input, to decide again
    expect(html).toMatch(/<option value="urgent" selected/);
  });

  it('makes one change of a double submit: the second is stale and answers 409', async () => {
    const id = await logContact();
    const form = { version: '1', status: 'waiting', notes: 'Wacht op stukken' };
    expect((await eva.post(`/contacts/${id}/update`, form)).status).toBe(303);
    expect((await eva.post(`/contacts/${id}/update`, form)).status).toBe(409);
    expect(await kinds(id)).toEqual(['created', 'status', 'note']);
  });

  it('lets one of two agents saving the same version at the same moment win; the other gets 409', async () => {
    const id = await logContact();
    const statuses = await Promise.all([
      eva.post(`/contacts/${id}/update`, { version: '1', status: 'waiting' }).then((r) => r.status),
      rik.post(`/contacts/${id}/update`, { version: '1', priority: 'urgent' }).then((r) => r.status),
    ]);
    expect(statuses.sort()).toEqual([303, 409]);
    expect((await contact(id)).version).toBe(2);
    expect((await kinds(id)).filter((k) => k === 'status' || k === 'priority')).toHaveLength(1);
  });

  it('adds the same note once when it is submitted twice, and a note alone never conflicts', async () => {
    const id = await logContact();
    await rik.post(`/contacts/${id}/update`, { version: '1', priority: 'high' });
    for (let i = 0; i < 2; i++)
      expect((await eva.post(`/contacts/${id}/update`, { intent: 'note', version: '1', notes: 'Gebeld' })).status).toBe(
        303,
      );
    expect((await kinds(id)).filter((k) => k === 'note')).toHaveLength(1);
    const empty = await eva.post(`/contacts/${id}/update`, { intent: 'note', notes: '  ' }, HX);
    expect(empty.status).toBe(422);
    expect(await empty.text()).toContain('id="note-error"');
  });

  it('refuses a change without a version (422) but takes a note without one', async () => {
    const id = await logContact();
    const res = await eva.post(`/contacts/${id}/update`, { status: 'resolved' });
    expect(res.status).toBe(422);
    expect(await res.text()).toContain('does not say which version');
    expect((await contact(id)).status).toBe('new');
    expect((await eva.post(`/contacts/${id}/update`, { notes: 'Alleen een notitie' })).status).toBe(303);
    expect(await kinds(id)).toEqual(['created', 'note']);
  });

  it.each([
    ['a 1 MB subject', 'subject', 'x'.repeat(1_000_000), 'too long'],
    ['an empty subject', 'subject', '   ', 'required'],
    ['a flag "maybe"', 'mayCallBack', 'maybe', 'not valid'],
    ['an unknown queue', 'queue', 'nowhere', 'not valid'],
    ['an unknown party type', 'partyType', 'alien', 'not valid'],
    ['an unknown language', 'language', 'klingon', 'not valid'],
    ['a phone number that is none', 'phone', 'call me maybe', 'phone number'],
    ['an unknown topic', 'topics', 'astrology', 'not valid'],
  ])('answers 422 with the message by the field for %s, and saves nothing', async (_, field, value, message) => {
    const id = await logContact();
    const res = await eva.post(`/contacts/${id}/update`, { version: '1', partyOrg: 'Saved?', [field]: value }, HX);
    expect(res.status).toBe(422);
    const html = await res.text();
    const error = new RegExp(`id="u-${field}-error"[^>]*>[^<]*${message}`);
    expect(html).toMatch(error);
    expect(html).toContain('value="Saved?"');
    const c = await contact(id);
    expect(c.party_org).toBeNull();
    expect(c.version).toBe(1);
    expect(await kinds(id)).toEqual(['created']);
  });

  it('answers 404 for a contact that does not exist and 403 for a role that may not change contacts', async () => {
    expect((await eva.post('/contacts/999999/update', { version: '1', status: 'open' })).status).toBe(404);
    const id = await logContact();
    const { client: admin } = await signedIn(t, ['admin'], 'Admin');
    expect((await admin.post(`/contacts/${id}/update`, { version: '1', status: 'resolved' })).status).toBe(403);
    expect((await contact(id)).status).toBe('new');
  });

  it('opens a new contact when it is taken, and recomputes the due time when the queue changes', async () => {
    const id = await logContact();
    const due = (await contact(id)).due_at;
    const res = await rik.post(`/contacts/${id}/update`, { version: '1', intent: 'take' });
    expect(res.status).toBe(303);
    const taken = await contact(id);
    expect(taken).toMatchObject({ assignee_id: rikId, status: 'open' });
    await rik.post(`/contacts/${id}/update`, { version: String(taken.version), queue: 'care' });
    // Care: four working hours from the start instead of general's sixteen.
    expect((await contact(id)).due_at).toBe('2026-11-23T14:00:00.000Z');
    expect(due).not.toBe('2026-11-23T14:00:00.000Z');
  });

  it('logs a callback with the note, and refuses one the safe-contact flags forbid (422, nothing saved)', async () => {
    const res = await eva.post('/contacts', {
      channel: 'phone',
      direction: 'in',
      subject: 'Terugbellen',
      phone: '06 12345678',
      queue: 'general',
      priority: 'normal',
      mayCallBack: 'no',
    });
    const id = Number(/\/contacts\/(\d+)/.exec(res.headers.get('location')!)![1]);
    const page = await (await eva.get(`/contacts/${id}`)).text();
    expect(page).toContain('This party may not be called back.');
    expect(page).not.toContain('id="cb-reached"');
    const refused = await eva.post(`/contacts/${id}/update`, { intent: 'callback-reached', notes: 'Gebeld' }, HX);
    expect(refused.status).toBe(422);
    expect(await refused.text()).toContain('This party may not be called back.');
    expect(await kinds(id)).toEqual(['created']);

    await eva.post(`/contacts/${id}/update`, { version: '1', mayCallBack: 'yes', mayLeaveVoicemail: 'no' });
    const voicemail = await eva.post(`/contacts/${id}/update`, { intent: 'callback-voicemail' });
    expect(voicemail.status).toBe(422);
    expect(await voicemail.text()).toContain('No voicemail may be left for this party.');
    const ok = await eva.post(`/contacts/${id}/update`, {
      intent: 'callback-no-answer',
      notes: 'Geen gehoor, morgen opnieuw',
    });
    expect(ok.status).toBe(303);
    expect((await kinds(id)).slice(-2)).toEqual(['callback', 'note']);
    expect(await audits(id, 'contact.callback')).toHaveLength(1);
    expect(await (await eva.get(`/contacts/${id}`)).text()).toContain('called back: no answer');
  });

  it('marks a contact created by mistake: kept, audited, gone from the inbox, and can be unmarked', async () => {
    const id = await logContact('nnnnn per ongeluk');
    expect(await (await eva.get('/contacts')).text()).toContain(`/contacts/${id}"`);
    expect((await eva.post(`/contacts/${id}/mistaken`, { version: '1', mistaken: 'yes' })).status).toBe(303);
    const c = await contact(id);
    expect(c.mistaken_at).not.toBeNull();
    expect(await (await eva.get('/contacts')).text()).not.toContain(`/contacts/${id}"`);
    expect(await (await eva.get(`/contacts/${id}`)).text()).toContain('Marked as created by mistake');
    expect(await audits(id, 'contact.update')).toHaveLength(1);
    expect((await eva.post(`/contacts/${id}/mistaken`, { version: '1', mistaken: 'no' })).status).toBe(409);
    expect((await eva.post(`/contacts/${id}/mistaken`, { version: '2', mistaken: 'no' })).status).toBe(303);
    expect(await (await eva.get('/contacts')).text()).toContain(`/contacts/${id}"`);
    expect(await kinds(id)).toEqual(['created', 'mistaken', 'not-mistaken']);
  });
});
