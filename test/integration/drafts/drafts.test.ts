import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, signedIn, type Client, type TestApp } from '../../support/test-app.js';
import { createContact } from '../../../src/contacts/contacts.service.js';

describe('drafts', () => {
  let t: TestApp;
  let eva: Client;
  let contactId: number;
  beforeEach(async () => {
    t = await createTestApp({}, { now: '2026-11-23T10:00:00Z' });
    ({ client: eva } = await signedIn(t, ['agent'], 'Eva'));
    ({ id: contactId } = await createContact(t.deps, { channel: 'phone', subject: 'Bellen' }, { id: null }));
  });
  afterEach(async () => {
    await t.close();
  });

  const read = async (c: Client, key: string | number) => {
    const res = await c.get(`/drafts/${key}`);
    expect(res.status).toBe(200);
    return ((await res.json()) as { drafts: Record<string, string> }).drafts;
  };

  it('keeps a note being typed, encrypted, gives it back, and replaces it with the newer text', async () => {
    expect((await eva.post(`/drafts/${contactId}`, { field: 'note', text: 'Jan de Vries belt over' })).status).toBe(
      204,
    );
    expect(
      (await eva.post(`/drafts/${contactId}`, { field: 'note', text: 'Jan de Vries belt over zijn zus' })).status,
    ).toBe(204);
    expect(await read(eva, contactId)).toEqual({ note: 'Jan de Vries belt over zijn zus' });
    const rows = await t.deps.db.selectFrom('drafts').selectAll().execute();
    expect(rows).toHaveLength(1);
    expect(rows[0]!.text_enc).not.toContain('Vries');
  });

  it('keeps the new-contact form as a draft and removes it once the contact is logged', async () => {
    const form = JSON.stringify({ subject: 'Melding nagelstudio', partyName: 'Piet' });
    expect((await eva.post('/drafts/new', { field: 'form', text: form })).status).toBe(204);
    expect(await read(eva, 'new')).toEqual({ form });
    const res = await eva.post('/contacts', {
      channel: 'phone',
      direction: 'in',
      queue: 'general',
      priority: 'normal',
      subject: 'Melding nagelstudio',
    });
    expect(res.status).toBe(303);
    expect(await read(eva, 'new')).toEqual({});
  });

  it('removes the note draft when the note is saved, and on request', async () => {
    await eva.post(`/drafts/${contactId}`, { field: 'note', text: 'Teruggebeld' });
    await eva.post(`/drafts/${contactId}`, { field: 'reply', text: 'Beste mevrouw' });
    expect((await eva.post(`/contacts/${contactId}/notes`, { body: 'Teruggebeld' })).status).toBe(303);
    expect(await read(eva, contactId)).toEqual({ reply: 'Beste mevrouw' });
    expect((await eva.post(`/drafts/${contactId}/delete`, { field: 'reply' })).status).toBe(204);
    expect(await read(eva, contactId)).toEqual({});
    // An emptied field is no draft either.
    await eva.post(`/drafts/${contactId}`, { field: 'note', text: 'iets' });
    await eva.post(`/drafts/${contactId}`, { field: 'note', text: '   ' });
    expect(await read(eva, contactId)).toEqual({});
  });

  it("never shows one agent another agent's draft", async () => {
    await eva.post(`/drafts/${contactId}`, { field: 'note', text: 'Alleen voor Eva' });
    const { client: rik } = await signedIn(t, ['agent'], 'Rik');
    expect(await read(rik, contactId)).toEqual({});
    await rik.post(`/drafts/${contactId}/delete`, {});
    expect(await read(eva, contactId)).toEqual({ note: 'Alleen voor Eva' });
  });

  it('refuses an oversized draft with 413 and keeps the one before', async () => {
    await eva.post(`/drafts/${contactId}`, { field: 'note', text: 'kort' });
    const res = await eva.post(`/drafts/${contactId}`, { field: 'note', text: 'x'.repeat(60_001) });
    expect(res.status).toBe(413);
    expect(await read(eva, contactId)).toEqual({ note: 'kort' });
  });

  it('refuses a wrong CSRF token with 403 and stores nothing', async () => {
    const res = await eva.post(`/drafts/${contactId}`, { field: 'note', text: 'x', _csrf: 'wrong'.repeat(8) });
    expect(res.status).toBe(403);
    const none = await eva.post(`/drafts/${contactId}`, { field: 'note', text: 'x' }, {}, { csrf: false });
    expect(none.status).toBe(403);
    expect(await t.deps.db.selectFrom('drafts').selectAll().execute()).toHaveLength(0);
  });

  it('answers 404 for an unknown contact, 422 for a bad field name, and sends the signed-out to sign in', async () => {
    expect((await eva.post('/drafts/99999', { field: 'note', text: 'x' })).status).toBe(404);
    expect((await eva.get('/drafts/abc')).status).toBe(404);
    expect((await eva.post(`/drafts/${contactId}`, { field: '<script>', text: 'x' })).status).toBe(422);
    const { client: admin } = await signedIn(t, ['admin'], 'Admin');
    expect((await admin.get(`/drafts/${contactId}`)).status).toBe(403);
    await eva.post('/logout', {});
    const res = await eva.post(`/drafts/${contactId}`, { field: 'note', text: 'x' });
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toMatch(/^\/login\?next=/);
    expect(await t.deps.db.selectFrom('drafts').selectAll().execute()).toHaveLength(0);
  });

  it('sends a plain form posted after the session ended back to that form after sign-in', async () => {
    await t.deps.db.deleteFrom('sessions').execute();
    const res = await eva.post(
      '/contacts',
      { channel: 'phone', direction: 'in', queue: 'general', priority: 'normal', subject: 'Lang gesprek' },
      { Referer: 'http://baken.test/contacts/new', Origin: 'http://baken.test' },
    );
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toMatch(/^\/login\?next=%2Fcontacts%2Fnew(&|$)/);
    expect(await t.deps.db.selectFrom('contacts').select('id').execute()).toHaveLength(1);
  });
});
