import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, signedIn, type Client, type TestApp } from '../../support/test-app.js';
import { makeCall, makeContact } from '../../support/factories.js';
import { sid } from '../../support/twilio.js';
import { changeContact } from '../../../src/contacts/contacts.service.js';

const TOKEN = 'test-twilio-auth-token-0123456789';
const PUBLIC = 'https://baken.example.org';
const HX = { 'HX-Request': 'true', 'HX-Target': 'div#contact-main' };

/** Everything an agent fills in while wrapping up a call, as the contact page posts it. */
const WRAP_UP = {
  partyType: 'police',
  partyName: 'Jan Jansen',
  partyOrg: 'Politie Rotterdam',
  language: 'nl',
  mayCallBack: 'yes',
  mayLeaveVoicemail: 'no',
  mayEmail: 'yes',
  viaProfessionalOnly: 'no',
  topics: '',
  topicAdd: 'Opvang en plaatsing',
  queue: 'general',
  priority: 'normal',
  status: 'open',
  assignee: '',
};

describe('one save loses nothing: every button of the contact page saves every field posted with it', () => {
  let t: TestApp;
  let eva: Client;
  let evaId: number;

  beforeEach(async () => {
    t = await createTestApp({ TWILIO_AUTH_TOKEN: TOKEN, PUBLIC_URL: PUBLIC }, { now: '2026-11-23T10:00:00Z' });
    const e = await signedIn(t, ['agent'], 'Eva');
    eva = e.client;
    evaId = e.user.id;
  });
  afterEach(async () => {
    const logs = t.logs.join('\n');
    expect(logs).not.toContain('Jansen');
    await t.close();
  });

  const contact = (id: number) =>
    t.deps.db.selectFrom('contacts').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  const topics = async (id: number) =>
    (await t.deps.db.selectFrom('contact_topics').select('topic').where('contact_id', '=', id).execute()).map(
      (r) => r.topic,
    );
  const events = (id: number) =>
    t.deps.db
      .selectFrom('contact_events')
      .select(['kind', 'data'])
      .where('contact_id', '=', id)
      .orderBy('id')
      .execute();
  const callContact = (n: number) => makeCall(t, { callSid: sid('CA', n), from: '+31612345678', digits: '1' });
  const decrypt = (v: string | null) => t.deps.crypto.decrypt(v);

  it('"Add note" saves the note and every wrap-up field posted with it, the topic typed by its name', async () => {
    const id = await callContact(1);
    const before = await contact(id);
    const res = await eva.post(
      `/contacts/${id}/update`,
      { ...WRAP_UP, version: String(before.version), intent: 'note', notes: 'Beller zoekt opvang' },
      HX,
    );
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/html');
    const html = await res.text();
    expect(html).toContain('Saved.');
    const c = await contact(id);
    expect(decrypt(c.party_name_enc)).toBe('Jan Jansen');
    expect(c).toMatchObject({
      party_org: 'Politie Rotterdam',
      party_type: 'police',
      language: 'nl',
      may_call_back: 1,
      may_leave_voicemail: 0,
      may_email: 1,
      via_professional_only: 0,
    });
    expect(await topics(id)).toEqual(['shelter']);
    const kinds = (await events(id)).map((e) => e.kind);
    expect(kinds.filter((k) => k === 'note')).toHaveLength(1);
    // The topic field is free again, and the topic is among the chosen ones.
    expect(html).toMatch(/<input[^>]*id="u-topic"[^>]*value=""/);
    expect(html).toMatch(/name="topics" value="shelter" checked/);
  });

  it('"Assign to me" saves every field posted with it and leaves the note in the box, unsaved', async () => {
    const id = await callContact(2);
    const before = await contact(id);
    const res = await eva.post(
      `/contacts/${id}/update`,
      { ...WRAP_UP, version: String(before.version), intent: 'take', notes: 'Nog niet af', status: 'waiting' },
      HX,
    );
    expect(res.status).toBe(200);
    const c = await contact(id);
    expect(c).toMatchObject({ assignee_id: evaId, status: 'waiting', party_type: 'police', may_call_back: 1 });
    expect(decrypt(c.party_name_enc)).toBe('Jan Jansen');
    expect((await events(id)).map((e) => e.kind)).not.toContain('note');
    // The note box is kept as it is on the page (hx-preserve), never drawn anew from stored values.
    expect(await res.text()).toMatch(/<div id="note-field" hx-preserve="true">/);
  });

  it('"Save and resolve" resolves and saves everything else posted', async () => {
    const id = await callContact(3);
    const before = await contact(id);
    const res = await eva.post(
      `/contacts/${id}/update`,
      { ...WRAP_UP, version: String(before.version), intent: 'resolve', notes: 'Afgehandeld' },
      HX,
    );
    expect(res.status).toBe(200);
    const c = await contact(id);
    expect(c).toMatchObject({ status: 'resolved', party_type: 'police', via_professional_only: 0 });
    expect(await topics(id)).toEqual(['shelter']);
  });

  it('a logged callback saves the fields posted with it', async () => {
    const id = await callContact(4);
    const before = await contact(id);
    const res = await eva.post(
      `/contacts/${id}/update`,
      { ...WRAP_UP, version: String(before.version), intent: 'callback-no-answer', notes: '' },
      HX,
    );
    expect(res.status).toBe(200);
    const c = await contact(id);
    expect(c).toMatchObject({ party_type: 'police', language: 'nl' });
    expect((await events(id)).map((e) => e.kind)).toContain('callback');
  });

  it('a save on a stale version answers 409, saves nothing and shows every typed field again, the note too', async () => {
    const id = await callContact(5);
    const before = await contact(id);
    await changeContact(t.deps, id, { priority: 'high' }, { id: null });
    const res = await eva.post(
      `/contacts/${id}/update`,
      { ...WRAP_UP, version: String(before.version), intent: 'note', notes: 'Mijn getypte notitie' },
      HX,
    );
    expect(res.status).toBe(409);
    const html = await res.text();
    expect(html).toContain('Mijn getypte notitie</textarea>');
    expect(html).toContain('value="Jan Jansen"');
    expect(html).toContain('value="Politie Rotterdam"');
    expect(html).toMatch(/name="mayCallBack" value="yes" checked/);
    expect(html).toMatch(/name="viaProfessionalOnly" value="no" checked/);
    expect(html).toMatch(/<option value="police" selected/);
    expect(html).toContain('value="Opvang en plaatsing"');
    const c = await contact(id);
    expect(c.party_type).toBeNull();
    expect(c.may_call_back).toBeNull();
    expect((await events(id)).map((e) => e.kind)).not.toContain('note');
  });

  it.each([
    ['a name not in the list', 'Opvang op de maan'],
    ['hostile markup', '<script>alert(1)</script>'],
    ['an oversized text', 'x'.repeat(500)],
  ])('refuses a topic that is not in the list (%s) with 422 by the field, keeping the typed text', async (_, typed) => {
    const id = await callContact(6);
    const before = await contact(id);
    const res = await eva.post(
      `/contacts/${id}/update`,
      { ...WRAP_UP, version: String(before.version), topicAdd: typed, notes: 'Notitie blijft' },
      HX,
    );
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toMatch(/<small id="u-topic-error" class="error">/);
    expect(html).toContain(typed.length > 200 ? 'at most 200' : 'Not in the list');
    expect(html).not.toContain('<script>alert(1)</script>');
    if (typed.length <= 200) expect(html).toContain(`value="${typed.replace(/</g, '&lt;').replace(/>/g, '&gt;')}"`);
    expect(html).toContain('Notitie blijft</textarea>');
    const c = await contact(id);
    expect(c.party_type).toBeNull();
    expect(await topics(id)).toEqual([]);
  });

  it('finds a topic typed in another case and without accents, and keeps the chosen topics', async () => {
    const id = await makeContact(t, { subject: 'Vraag' }, evaId).then((c) => c.id);
    const before = await contact(id);
    const res = await eva.post(
      `/contacts/${id}/update`,
      { version: String(before.version), topics: ['reflection'], topicAdd: '  zorgcoordinatie ' },
      HX,
    );
    expect(res.status).toBe(200);
    expect((await topics(id)).sort()).toEqual(['coordination', 'reflection']);
  });

  it('adds a topic typed alone to the ones the contact has (a client that posts no topic list)', async () => {
    const id = await makeContact(t, { subject: 'Vraag' }, evaId).then((c) => c.id);
    const before = await contact(id);
    await eva.post(`/contacts/${id}/update`, { version: String(before.version), topics: ['reflection'] }, HX);
    const res = await eva.post(
      `/contacts/${id}/update`,
      { version: String(before.version + 1), topicAdd: 'Bedenktijd' },
      HX,
    );
    expect(res.status).toBe(200);
    expect(await topics(id)).toEqual(['reflection']);
    await eva.post(`/contacts/${id}/update`, { version: String(before.version + 1), topicAdd: 'minors' }, HX);
    expect((await topics(id)).sort()).toEqual(['minor', 'reflection']);
  });

  it('opens the contact with the note focused when asked (?focus=note), and only then', async () => {
    const id = await callContact(7);
    const focused = await (await eva.get(`/contacts/${id}?focus=note`)).text();
    expect(focused).toMatch(/<textarea id="note"[^>]*autofocus/);
    const plain = await (await eva.get(`/contacts/${id}`)).text();
    expect(plain).not.toMatch(/<textarea id="note"[^>]*autofocus/);
    // The contact page's keys are listed under "?".
    for (const key of ['Alt+N', 'Ctrl+Enter', 'Ctrl+Shift+Enter', 'Alt+A', 'Alt+G'])
      expect(plain).toContain(`<kbd>${key}</kbd>`);
  });

  it('shows a save as one timeline line listing what changed, with the note under it', async () => {
    const id = await callContact(8);
    const before = await contact(id);
    await eva.post(
      `/contacts/${id}/update`,
      { ...WRAP_UP, version: String(before.version), intent: 'resolve', notes: 'Alles besproken' },
      HX,
    );
    const html = await (await eva.get(`/contacts/${id}`)).text();
    const timeline = html.slice(html.indexOf('id="timeline"'));
    const saves = timeline.match(/<li class="event event-save[^"]*">[\s\S]*?<\/li>/g) ?? [];
    expect(saves).toHaveLength(1);
    const line = saves[0]!;
    for (const text of ['changed status from', 'Alles besproken', 'Politie Rotterdam', 'May call back'])
      expect(line).toContain(text);
  });

  it('draws the routing panel again after a save, with the contact’s new version in its accept form', async () => {
    const id = await callContact(9);
    const before = await contact(id);
    const res = await eva.post(
      `/contacts/${id}/update`,
      { version: String(before.version), notes: 'De cliënte vraagt hoe lang de bedenktijd duurt.' },
      HX,
    );
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('hx-swap-oob="outerHTML strip:true target:#routing-panel"');
    expect(html).toContain('id="routing-panel"');
  });
});
