import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, signedIn, type Client, type TestApp } from '../../support/test-app.js';
import { createContact, createContactIn, type NewContact } from '../../../src/contacts/contacts.service.js';
import type { LiveEvent } from '../../../src/shared/event-bus.js';

const ids = (html: string) => [...html.matchAll(/<tr [^>]*data-id="(\d+)"/g)].map((m) => Number(m[1]));
const nextHref = (html: string) => /href="(\/contacts\?[^"]*before=[^"]+)"/.exec(html)?.[1]?.replace(/&amp;/g, '&');

describe('the inbox fits the work', () => {
  let t: TestApp;
  let eva: Client;
  let evaId: number;
  beforeEach(async () => {
    t = await createTestApp({}, { now: '2026-11-23T10:00:00Z' });
    const s = await signedIn(t, ['agent'], 'Eva');
    eva = s.client;
    evaId = (
      await t.deps.db.selectFrom('users').select('id').where('email', '=', s.user.email).executeTakeFirstOrThrow()
    ).id;
  });
  afterEach(async () => {
    await t.close();
  });

  const log = async (input: Partial<NewContact>) =>
    (await createContact(t.deps, { channel: 'manual', subject: 'x', ...input }, { id: null })).id;

  it('shows open contacts by default and resolved ones only when asked', async () => {
    const open = await log({ subject: 'Open vraag' });
    const waiting = await log({ subject: 'Wacht', status: 'waiting' });
    const done = await log({ subject: 'Klaar', status: 'resolved' });
    const html = await (await eva.get('/contacts')).text();
    expect(ids(html).sort()).toEqual([open, waiting].sort());
    expect(ids(await (await eva.get('/contacts?status=resolved')).text())).toEqual([done]);
    expect(ids(await (await eva.get('/contacts?status=all')).text()).sort()).toEqual([open, waiting, done].sort());
    // A search looks at every status.
    expect(ids(await (await eva.get('/contacts?q=Klaar')).text())).toEqual([done]);
  });

  it('orders by urgency, then due time with overdue first and no due time last, then newest', async () => {
    const lowSoon = await log({ priority: 'low', dueAt: '2026-11-20T10:00:00.000Z' });
    const normalLate = await log({ priority: 'normal', dueAt: '2026-11-30T10:00:00.000Z' });
    const normalOverdue = await log({ priority: 'normal', dueAt: '2026-11-22T10:00:00.000Z' });
    const normalNone = await log({ priority: 'normal', dueAt: null });
    const high = await log({ priority: 'high', dueAt: '2026-12-01T10:00:00.000Z' });
    const urgent = await log({ priority: 'urgent', dueAt: null });
    const normalOverdue2 = await log({ priority: 'normal', dueAt: '2026-11-22T10:00:00.000Z' });
    const html = await (await eva.get('/contacts')).text();
    expect(ids(html)).toEqual([urgent, high, normalOverdue2, normalOverdue, normalLate, normalNone, lowSoon]);
  });

  it('pages through the urgency order without skipping or repeating a contact', async () => {
    const prios = ['low', 'normal', 'high', 'urgent'] as const;
    const dues = [null, '2026-11-20T10:00:00.000Z', '2026-11-24T09:00:00.000Z', '2026-11-24T09:00:00.000Z'];
    const made: { id: number; rank: number; due: string }[] = [];
    await t.deps.db.transaction().execute(async (trx) => {
      for (let i = 0; i < 137; i++) {
        const priority = prios[(i * 7) % 4]!;
        const dueAt = dues[(i * 5) % 4]!;
        const { id } = await createContactIn(
          t.deps,
          trx,
          { channel: 'manual', subject: `Nr ${i}`, priority, dueAt },
          {
            id: null,
          },
        );
        made.push({ id, rank: { urgent: 0, high: 1, normal: 2, low: 3 }[priority], due: dueAt ?? '~' });
      }
    });
    const expected = made
      .sort((a, b) => a.rank - b.rank || (a.due < b.due ? -1 : a.due > b.due ? 1 : 0) || b.id - a.id)
      .map((c) => c.id);
    const seen: number[] = [];
    let href: string | undefined = '/contacts';
    let pages = 0;
    while (href) {
      const res = await eva.get(href);
      expect(res.status).toBe(200);
      const html = await res.text();
      seen.push(...ids(html));
      href = nextHref(html);
      pages += 1;
      expect(pages).toBeLessThan(10);
    }
    expect(pages).toBe(3);
    expect(seen).toEqual(expected);
    expect((await eva.get('/contacts?before=u_9_x_1')).status).toBe(400);
  });

  it('shows how many open contacts wait in each queue, as links that keep the other filters', async () => {
    await log({ queue: 'legal' });
    await log({ queue: 'legal' });
    await log({ queue: 'legal', status: 'resolved' });
    await log({ queue: 'care' });
    const html = await (await eva.get('/contacts?channel=manual')).text();
    expect(html).toMatch(
      /href="\/contacts\?channel=manual&amp;queue=legal"[^>]*>Legal questions <span class="n">2 open<\/span>/,
    );
    expect(html).toMatch(/queue=care"[^>]*>Care coordination <span class="n">1 open<\/span>/);
    expect(html).toMatch(/All queues <span class="n">3 open<\/span>/);
    const legal = await (await eva.get('/contacts?queue=legal')).text();
    expect(legal).toMatch(/aria-current="page"[^>]*>Legal questions/);
  });

  it('finds a contact by its organisation and by the exact name of its party, accents and word order aside', async () => {
    const org = await log({ subject: 'Vraag', party: { org: 'Leger des Heils' } });
    const named = await log({ subject: 'Melding', party: { name: 'Piet Jänsen' } });
    await log({ subject: 'Iets', party: { name: 'Piet Pietersen' } });
    expect(ids(await (await eva.get('/contacts?q=heils')).text())).toEqual([org]);
    expect(ids(await (await eva.get(`/contacts?q=${encodeURIComponent('jansen piet')}`)).text())).toEqual([named]);
    expect(ids(await (await eva.get(`/contacts?q=${encodeURIComponent('Piet JANSEN')}`)).text())).toEqual([named]);
    // Only the whole name: a part of it finds nothing (the name is never stored readable).
    expect(ids(await (await eva.get('/contacts?q=piet')).text())).toEqual([]);
    const row = await t.deps.db
      .selectFrom('contacts')
      .select('party_name_hash')
      .where('id', '=', named)
      .executeTakeFirstOrThrow();
    expect(row.party_name_hash).toBeTruthy();
    expect(row.party_name_hash).not.toContain('ansen');
  });

  it('audits every search with its kind and never the searched text', async () => {
    await log({ subject: 'Melding', party: { name: 'Piet Jansen', phone: '0612345678' } });
    for (const q of ['nagelstudio', '0612345678', 'a@b.nl', 'HD-2026-000001', 'Piet Jansen'])
      await eva.get(`/contacts?q=${encodeURIComponent(q)}`);
    await eva.get('/contacts');
    const rows = await t.deps.db
      .selectFrom('audit_log')
      .select(['action', 'details', 'actor_id'])
      .where('action', '=', 'contact.search')
      .orderBy('id')
      .execute();
    expect(rows.map((r) => (JSON.parse(r.details) as { kind: string }).kind)).toEqual([
      'text',
      'phone',
      'email',
      'reference',
      'name',
    ]);
    expect(rows.every((r) => r.actor_id === evaId)).toBe(true);
    const all = JSON.stringify(rows);
    for (const secret of ['nagelstudio', '612345678', 'a@b.nl', 'Piet', 'Jansen', '000001'])
      expect(all).not.toContain(secret);
  });

  it('counts new contacts that match the filters since the list was drawn, without redrawing it', async () => {
    await log({ queue: 'legal' });
    const html = await (await eva.get('/contacts?queue=legal')).text();
    const since = /data-since="(\d+)"/.exec(html)![1];
    expect(html).not.toContain('refresh-inbox');
    await log({ queue: 'legal' });
    await log({ queue: 'legal' });
    await log({ queue: 'care' });
    const res = await eva.get(`/contacts/fresh?queue=legal&after=${since}`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ n: 2 });
    expect(await (await eva.get(`/contacts/fresh?after=${since}`)).json()).toEqual({ n: 3 });
    expect((await eva.get('/contacts/fresh?after=x')).status).toBe(400);
  });
});

describe('take this call', () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await createTestApp({}, { now: '2026-11-23T10:00:00Z' });
  });
  afterEach(async () => {
    await t.close();
  });

  it('assigns the contact to the agent and opens it; a second agent gets 409 with who took it', async () => {
    const { id } = await createContact(t.deps, { channel: 'phone', subject: 'Inkomend' }, { id: null });
    const events: LiveEvent[] = [];
    t.deps.events.subscribe((e) => events.push(e));
    const { client: eva } = await signedIn(t, ['agent'], 'Eva');
    const { client: rik } = await signedIn(t, ['agent'], 'Rik');
    const res = await eva.post(`/contacts/${id}/take`);
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`/contacts/${id}?focus=note`);
    const row = await t.deps.db
      .selectFrom('contacts')
      .innerJoin('users', 'users.id', 'contacts.assignee_id')
      .select(['users.name', 'contacts.status'])
      .where('contacts.id', '=', id)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ name: 'Eva', status: 'open' });
    expect(events.find((e) => e.type === 'contact.taken')?.data).toMatchObject({ contactId: id, byName: 'Eva' });

    const again = await rik.post(`/contacts/${id}/take`, {}, { Accept: 'application/json' });
    expect(again.status).toBe(409);
    expect(await again.json()).toEqual({ taken: false, byName: 'Eva' });
    const page = await rik.post(`/contacts/${id}/take`);
    expect(page.status).toBe(409);
    expect(await page.text()).toContain('Already taken by Eva.');
    // Taking one's own contact again changes nothing.
    expect((await eva.post(`/contacts/${id}/take`)).status).toBe(303);
    const assigned = await t.deps.db
      .selectFrom('contact_events')
      .select('kind')
      .where('contact_id', '=', id)
      .where('kind', '=', 'assigned')
      .execute();
    expect(assigned).toHaveLength(1);
  });

  it('gives the call to exactly one of two agents pressing at the same moment', async () => {
    const { id } = await createContact(t.deps, { channel: 'phone', subject: 'Tegelijk' }, { id: null });
    const { client: eva } = await signedIn(t, ['agent'], 'Eva');
    const { client: rik } = await signedIn(t, ['agent'], 'Rik');
    const [a, b] = await Promise.all([eva.post(`/contacts/${id}/take`), rik.post(`/contacts/${id}/take`)]);
    expect([a.status, b.status].sort()).toEqual([303, 409]);
  });

  it('refuses without the CSRF token, for a role that may not, and for an unknown contact', async () => {
    const { id } = await createContact(t.deps, { channel: 'phone', subject: 'Rollen' }, { id: null });
    const { client: eva } = await signedIn(t, ['agent'], 'Eva');
    expect((await eva.post(`/contacts/${id}/take`, {}, {}, { csrf: false })).status).toBe(403);
    const { client: admin } = await signedIn(t, ['admin'], 'Admin');
    expect((await admin.post(`/contacts/${id}/take`)).status).toBe(403);
    expect((await eva.post('/contacts/99999/take')).status).toBe(404);
    const row = await t.deps.db
      .selectFrom('contacts')
      .select('assignee_id')
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(row.assignee_id).toBeNull();
  });
});

describe('exact name search for contacts logged before it existed', () => {
  it('gives older contacts their name hash in the background, so their party is found by name', async () => {
    const t = await createTestApp({}, { now: '2026-11-23T10:00:00Z' });
    try {
      const { startNameHashBackfill } = await import('../../../src/contacts/name-hash.backfill.js');
      const { client } = await signedIn(t, ['agent'], 'Eva');
      const old = await createContact(
        t.deps,
        { channel: 'phone', subject: 'Oud', party: { name: 'Fatima El Amrani' } },
        { id: null },
      );
      await createContact(t.deps, { channel: 'phone', subject: 'Geen naam' }, { id: null });
      await t.deps.db.updateTable('contacts').set({ party_name_hash: null }).execute();
      const find = async () =>
        ids(await (await client.get(`/contacts?q=${encodeURIComponent('el amrani fatima')}`)).text());
      expect(await find()).toEqual([]);
      const stop = startNameHashBackfill(t.deps, 1, 0);
      await expect.poll(find).toEqual([old.id]);
      await stop();
    } finally {
      await t.close();
    }
  });
});
