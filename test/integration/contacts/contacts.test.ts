import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, signedIn, type TestApp, type Client } from '../../support/test-app.js';

const base = { channel: 'phone', direction: 'in', queue: 'general', priority: 'normal' };

describe('contacts', () => {
  let t: TestApp;
  let client: Client;
  beforeEach(async () => {
    t = await createTestApp({}, { now: '2026-11-23T10:00:00Z' }); // Monday 11:00 in Amsterdam: open
    ({ client } = await signedIn(t, ['agent'], 'Eva'));
  });
  afterEach(async () => {
    await t.close();
  });

  async function logContact(fields: Record<string, string>) {
    const res = await client.post('/contacts', { ...base, ...fields });
    expect(res.status).toBe(303);
    return Number(/\/contacts\/(\d+)/.exec(res.headers.get('location')!)![1]);
  }

  it('logs a contact with the party encrypted, masked and findable by exact number', async () => {
    const id = await logContact({
      subject: 'Bedenktijd',
      partyName: 'Jan Jansen',
      phone: '06-12 34 56 78',
      email: 'J.Jansen@Politie.nl',
      partyOrg: 'Politie',
    });
    const row = await t.deps.db.selectFrom('contacts').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    expect(row.reference).toBe(`HD-2026-${String(id).padStart(6, '0')}`);
    expect(row.in_office_hours).toBe(1);
    expect(row.party_name_enc).not.toContain('Jansen');
    expect(row.party_phone_enc).not.toContain('12345678');
    expect(row.party_phone_mask).toBe('+316••••••78');
    expect(row.party_email_mask).toBe('j•••@politie.nl');
    const page = await (await client.get(`/contacts/${id}`)).text();
    expect(page).toContain('Jan Jansen');
    expect(page).toContain('+31612345678');
    for (const q of ['+31 6 12345678', '0612345678', 'j.jansen@politie.nl', row.reference!]) {
      const html = await (await client.get(`/contacts?q=${encodeURIComponent(q)}`)).text();
      expect(html, q).toContain(`href="/contacts/${id}"`);
    }
    const list = await (await client.get('/contacts')).text();
    expect(list).not.toContain('Jan Jansen');
    expect(list).not.toContain('+31612345678');
  });

  it('records that a contact came in after hours', async () => {
    t.clock.set('2026-11-23T17:30:00Z'); // 18:30 in Amsterdam
    ({ client } = await signedIn(t));
    const id = await logContact({ subject: 'Avond' });
    const row = await t.deps.db
      .selectFrom('contacts')
      .select('in_office_hours')
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(row.in_office_hours).toBe(0);
    expect(await (await client.get('/contacts?after_hours=1')).text()).toContain(`/contacts/${id}"`);
  });

  it('gives a new contact a due time in working hours and flags it once overdue', async () => {
    const id = await logContact({ subject: 'Juridische vraag', queue: 'legal' });
    const row = await t.deps.db.selectFrom('contacts').select('due_at').where('id', '=', id).executeTakeFirstOrThrow();
    expect(row.due_at).toBe('2026-11-25T10:00:00.000Z'); // Monday 11:00 + 16 working hours = Wednesday 11:00
    expect(await (await client.get('/contacts?overdue=1')).text()).not.toContain(`/contacts/${id}"`);
    t.clock.set('2026-11-25T10:30:00Z');
    ({ client } = await signedIn(t));
    const html = await (await client.get('/contacts?overdue=1')).text();
    expect(html).toContain(`/contacts/${id}"`);
    expect(html).toContain('overdue');
  });

  it('comes back with 422, the message next to the field and what was typed, and saves nothing', async () => {
    const res = await client.post('/contacts', {
      ...base,
      subject: '',
      notes: 'Belangrijke notitie',
      phone: 'not a number',
      email: 'nope',
    });
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toContain('id="subject-error"');
    expect(html).toContain('id="phone-error"');
    expect(html).toContain('id="email-error"');
    expect(html).toContain('Belangrijke notitie');
    expect(await t.deps.db.selectFrom('contacts').select('id').execute()).toHaveLength(0);
  });

  it.each([
    ['an unknown channel', { channel: 'pigeon' }, 'channel-error'],
    ['an unknown queue', { queue: 'nowhere' }, 'queue-error'],
    ['an oversized subject', { subject: 'x'.repeat(201) }, 'subject-error'],
  ])('rejects %s with 422', async (_, fields, errorId) => {
    const res = await client.post('/contacts', { ...base, subject: 'ok', ...fields });
    expect(res.status).toBe(422);
    expect(await res.text()).toContain(`id="${errorId}"`);
  });

  it('refuses a body over the size limit with 413 and stores nothing', async () => {
    const res = await client.post('/contacts', { ...base, subject: 'big', notes: 'x'.repeat(1_100_000) });
    expect(res.status).toBe(413);
    expect(await t.deps.db.selectFrom('contacts').select('id').execute()).toHaveLength(0);
  });

  it('escapes hostile text everywhere it is shown', async () => {
    const id = await logContact({ subject: '<script>alert(1)</script>', notes: '<img src=x onerror=alert(1)>' });
    const html = await (await client.get(`/contacts/${id}`)).text();
    expect(html).not.toContain('<script>alert(1)</script>');
    expect(html).not.toContain('<img src=x');
    expect(html).toContain('&lt;script&gt;');
  });

  it('finds contacts by words in notes with full-text search, with accents folded', async () => {
    const a = await logContact({ subject: 'Opvang', notes: 'Cliënte zoekt een noodbed in Rotterdam' });
    await logContact({ subject: 'Iets anders', notes: 'Vraag over werkvergunning' });
    const html = await (await client.get('/contacts?q=client%20noodbed')).text();
    expect(html).toContain(`/contacts/${a}"`);
    expect(html).toContain('1 shown');
    const hostile = await client.get('/contacts?q=%22%20OR%20*%20NEAR(');
    expect(hostile.status).toBe(200);
  });

  it('filters the inbox by queue, status, channel, assignee and "mine"', async () => {
    const legal = await logContact({ subject: 'Juridisch', queue: 'legal' });
    const mail = await logContact({ subject: 'Mail', channel: 'email' });
    await client.post(`/contacts/${mail}/update`, { assignee: 'me', version: '1' });
    const q = async (qs: string) => await (await client.get(`/contacts?${qs}`)).text();
    expect(await q('queue=legal')).toContain(`/contacts/${legal}"`);
    expect(await q('queue=legal')).not.toContain(`/contacts/${mail}"`);
    expect(await q('channel=email')).toContain(`/contacts/${mail}"`);
    expect(await q('mine=1')).toContain(`/contacts/${mail}"`);
    expect(await q('mine=1')).not.toContain(`/contacts/${legal}"`);
    expect(await q('status=open')).toContain(`/contacts/${mail}"`);
    expect(await q('assignee=none')).toContain(`/contacts/${legal}"`);
    expect((await client.get('/contacts?queue=bogus')).status).toBe(400);
  });

  it('answers an htmx filter request with the result fragment only', async () => {
    await logContact({ subject: 'Fragment' });
    const res = await client.get('/contacts?q=Fragment', { 'HX-Request': 'true', 'HX-Target': 'div#inbox-results' });
    const html = await res.text();
    expect(res.headers.get('vary')).toContain('HX-Request');
    expect(html.startsWith('<div id="inbox-results"')).toBe(true);
    expect(html).not.toContain('<html');
  });

  it('pages through the inbox newest first', async () => {
    for (let i = 0; i < 55; i++)
      await t.deps.db.transaction().execute(async (trx) => {
        const { createContactIn } = await import('../../../src/contacts/contacts.service.js');
        await createContactIn(t.deps, trx, { channel: 'manual', subject: `Nr ${i}` }, { id: null });
      });
    const first = await (await client.get('/contacts')).text();
    expect(first).toContain('Nr 54');
    expect(first).not.toContain('>Nr 4<');
    const next = /href="(\/contacts\?before=[\w.:%-]+)"/.exec(first)![1]!;
    const second = await (await client.get(next.replace(/&amp;/g, '&'))).text();
    expect(second).toContain('>Nr 4<');
    expect(second).not.toContain('Nr 54');
  });

  it('records every change as a timeline event and in the audit log', async () => {
    const id = await logContact({ subject: 'Tijdlijn', notes: 'Eerste notitie' });
    const r1 = await client.post(
      `/contacts/${id}/update`,
      { queue: 'legal', status: 'waiting', priority: 'high', assignee: 'me', version: '1' },
      { 'HX-Request': 'true', 'HX-Target': 'div#contact-main' },
    );
    expect(r1.status).toBe(200);
    const frag = await r1.text();
    expect(frag.startsWith('<div id="contact-main"')).toBe(true);
    expect(frag).toContain('moved from General to Legal questions');
    const r2 = await client.post(`/contacts/${id}/notes`, { body: 'Teruggebeld' });
    expect(r2.status).toBe(303);
    const kinds = (
      await t.deps.db.selectFrom('contact_events').select('kind').where('contact_id', '=', id).orderBy('id').execute()
    ).map((e) => e.kind);
    expect(kinds).toEqual(['created', 'note', 'queue', 'status', 'priority', 'assigned', 'note']);
    const audit = (
      await t.deps.db.selectFrom('audit_log').select('action').where('subject_id', '=', String(id)).execute()
    ).map((a) => a.action);
    expect(audit).toEqual(expect.arrayContaining(['contact.create', 'contact.update', 'contact.note', 'contact.view']));
    expect(await (await client.get(`/contacts?q=Teruggebeld`)).text()).toContain(`/contacts/${id}"`);
  });

  it('keeps the typed note and answers 422 when a note is empty or an update is invalid', async () => {
    const id = await logContact({ subject: 'Leeg' });
    const empty = await client.post(
      `/contacts/${id}/notes`,
      { body: '   ' },
      { 'HX-Request': 'true', 'HX-Target': 'div#contact-main' },
    );
    expect(empty.status).toBe(422);
    expect(await empty.text()).toContain('id="note-error"');
    const bad = await client.post(`/contacts/${id}/update`, { status: 'exploded' });
    expect(bad.status).toBe(422);
    const unknownUser = await client.post(`/contacts/${id}/update`, { assignee: '99999' });
    expect(unknownUser.status).toBe(422);
    expect(
      await t.deps.db.selectFrom('contact_events').select('kind').where('contact_id', '=', id).execute(),
    ).toHaveLength(1);
  });

  it('answers 404 for unknown or malformed contact ids', async () => {
    expect((await client.get('/contacts/999999')).status).toBe(404);
    expect((await client.get('/contacts/abc')).status).toBe(404);
    expect((await client.post('/contacts/999999/notes', { body: 'x' })).status).toBe(404);
  });

  it('answers an expired session on an htmx request with HX-Redirect to sign in', async () => {
    const id = await logContact({ subject: 'Verlopen' });
    t.clock.advance(60 * 60_000);
    const res = await client.post(
      `/contacts/${id}/notes`,
      { body: 'late' },
      { 'HX-Request': 'true', 'HX-Current-URL': `http://baken.test/contacts/${id}` },
    );
    expect(res.headers.get('HX-Redirect')).toBe(`/login?next=%2Fcontacts%2F${id}&expired=1`);
  });
});
