import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, signedIn, type Client, type TestApp } from '../../support/test-app.js';

const MONDAY_11 = '2026-11-23T10:00:00Z'; // Monday 11:00 in Amsterdam: open

describe('the legal queue (/routing/legal)', () => {
  let t: TestApp;
  let eva: Client;

  beforeEach(async () => {
    t = await createTestApp({}, { now: MONDAY_11 });
    eva = (await signedIn(t, ['agent'], 'Eva')).client;
  });
  afterEach(async () => {
    await t.close();
  });

  async function logContact(subject: string, queue = 'general', notes = '') {
    const res = await eva.post('/contacts', {
      channel: 'manual',
      direction: 'in',
      subject,
      notes,
      queue,
      priority: 'normal',
    });
    expect(res.status).toBe(303);
    return Number(/\/contacts\/(\d+)/.exec(res.headers.get('location')!)![1]);
  }
  const contact = (id: number) =>
    t.deps.db.selectFrom('contacts').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  /** The contact ids listed under each topic group, in page order. */
  function groups(html: string) {
    const out: Record<string, number[]> = {};
    for (const part of html.split('<section class="legal-group" data-topic="').slice(1)) {
      const topic = part.slice(0, part.indexOf('"'));
      out[topic] = [...part.matchAll(/<tr class="[^"]*" data-id="(\d+)"/g)].map((m) => Number(m[1]));
    }
    return out;
  }

  it('lists open legal contacts grouped by topic with their due times, overdue marked, and nothing else', async () => {
    const early = await logContact('Vraag over bedenktijd');
    t.clock.advance(20 * 60_000);
    const late = await logContact('Bedenktijd en verblijfsvergunning B8/3');
    const noTopic = await logContact('Terugbelverzoek advocaat', 'legal');
    const general = await logContact('Hoeveel meldingen waren er vorig jaar? Cijfers voor de pers');
    const resolved = await logContact('Bedenktijd duur');
    const r = await contact(resolved);
    await eva.post(`/contacts/${resolved}/update`, { version: String(r.version), status: 'resolved' });
    expect((await contact(general)).queue).toBe('general');

    const { client: legal } = await signedIn(t, ['legal'], 'Lotte');
    const res = await legal.get('/routing/legal');
    expect(res.status).toBe(200);
    const html = await res.text();
    const g = groups(html);
    // A contact with two topics (permit first, the classifier's best) is listed once, under its first, the other
    // named beside it.
    expect(g.reflection).toEqual([early]);
    expect(g.permit).toEqual([late]);
    expect(g.none).toEqual([noTopic]);
    expect(
      Object.values(g)
        .flat()
        .filter((id) => id === late),
    ).toHaveLength(1);
    expect(html).toContain('<span class="also-topics"> (also: Reflection period)</span>');
    expect(Object.values(g).flat()).not.toContain(general);
    expect(Object.values(g).flat()).not.toContain(resolved);
    // Due in 16 working hours: Wednesday 11:00 for the first; nothing overdue yet.
    expect(html).toContain('25-11-2026');
    expect(html).not.toContain('class="tag overdue"');

    // Three working days later every one of them is overdue, and says so.
    t.clock.advance(3 * 24 * 60 * 60_000);
    const { client: again } = await signedIn(t, ['legal'], 'Lotte'); // the session idled out meanwhile
    const later = await (await again.get('/routing/legal')).text();
    expect(later.match(/class="tag overdue"/g)?.length).toBe(3); // reflection, permit, no topic: each contact once
    expect(later).toContain(`<tr class="prio-normal overdue" data-id="${early}"`);
  });

  it('lets a legal advisor take a question (assigned to them, opened) and refuses a second taker with a name', async () => {
    const id = await logContact('Vraag over bedenktijd');
    const { client: lotte, user } = await signedIn(t, ['legal'], 'Lotte');
    const html = await (await lotte.get('/routing/legal')).text();
    expect(html).toContain(`action="/routing/legal/${id}/take"`);
    const res = await lotte.post(`/routing/legal/${id}/take`);
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`/contacts/${id}`);
    expect(await contact(id)).toMatchObject({ assignee_id: user.id, status: 'open' });
    // Taking it again is harmless; another advisor is told who has it.
    expect((await lotte.post(`/routing/legal/${id}/take`)).status).toBe(303);
    const { client: sam } = await signedIn(t, ['legal'], 'Sam');
    const refused = await sam.post(`/routing/legal/${id}/take`);
    expect(refused.status).toBe(409);
    expect(await refused.text()).toContain('Lotte');
    expect((await contact(id)).assignee_id).toBe(user.id);
    const events = await t.deps.db
      .selectFrom('contact_events')
      .select('kind')
      .where('contact_id', '=', id)
      .where('kind', '=', 'assigned')
      .execute();
    expect(events).toHaveLength(1);
    // The taker's page shows the contact, with its reply box's answers (the library) on it.
    expect((await lotte.get(`/contacts/${id}`)).status).toBe(200);
  });

  it('is for legal advisors, agents and supervisors only; a legal user cannot take a contact outside the legal queue', async () => {
    const { client: admin } = await signedIn(t, ['admin'], 'Ada');
    expect((await admin.get('/routing/legal')).status).toBe(403);
    expect((await admin.post('/routing/legal/1/take')).status).toBe(403);
    const { client: sup } = await signedIn(t, ['supervisor'], 'Sue');
    expect((await sup.get('/routing/legal')).status).toBe(200);
    const general = await logContact('Cijfers voor de pers');
    const { client: lotte } = await signedIn(t, ['legal'], 'Lotte');
    expect((await lotte.post(`/routing/legal/${general}/take`)).status).toBe(404);
    expect((await contact(general)).assignee_id).toBeNull();
    expect((await lotte.post('/routing/legal/abc/take')).status).toBe(404);
    expect((await lotte.post('/routing/legal/424242/take')).status).toBe(404);
  });

  it('shows the legal queue in the navigation of a legal advisor', async () => {
    const { client: lotte } = await signedIn(t, ['legal'], 'Lotte');
    expect(await (await lotte.get('/answers')).text()).toContain('href="/routing/legal"');
  });

  it('offers the answers for a phone contact’s topics on its page, linked to the library', async () => {
    const res = await eva.post('/contacts', {
      channel: 'phone',
      direction: 'in',
      subject: 'Vraag over bedenktijd',
      notes: '',
      queue: 'general',
      priority: 'normal',
      language: 'nl',
    });
    const id = Number(/\/contacts\/(\d+)/.exec(res.headers.get('location')!)![1]);
    const html = await (await eva.get(`/contacts/${id}`)).text();
    const reflection = await t.deps.db
      .selectFrom('answers')
      .select('id')
      .where('topic', '=', 'reflection')
      .where('language', '=', 'nl')
      .executeTakeFirstOrThrow();
    expect(html).toContain('class="routing-answers"');
    expect(html).toContain(`href="/answers/${reflection.id}"`);
  });

  it('counts a use each time an answer is inserted into a reply', async () => {
    const { createContact } = await import('../../../src/contacts/contacts.service.js');
    const { client, user } = await signedIn(t, ['legal'], 'Lotte');
    const { id } = await createContact(
      t.deps,
      {
        channel: 'email',
        subject: 'Q',
        topic: 'reflection',
        queue: 'legal',
        language: 'en',
        party: { email: 'desk@politie.example' },
      },
      { id: user.id },
    );
    const a = await t.deps.db
      .selectFrom('answers')
      .select('id')
      .where('topic', '=', 'reflection')
      .where('language', '=', 'en')
      .executeTakeFirstOrThrow();
    expect((await client.post(`/email/contacts/${id}/reply/insert`, { answer: String(a.id), body: '' })).status).toBe(
      200,
    );
    expect((await client.post(`/email/contacts/${id}/reply/insert`, { answer: String(a.id), body: 'x' })).status).toBe(
      200,
    );
    const row = await t.deps.db
      .selectFrom('answers')
      .select('use_count')
      .where('id', '=', a.id)
      .executeTakeFirstOrThrow();
    expect(row.use_count).toBe(2);
    const uses = await t.deps.db.selectFrom('answer_uses').selectAll().where('answer_id', '=', a.id).execute();
    expect(uses.map((u) => [u.contact_id, u.user_id])).toEqual([
      [id, user.id],
      [id, user.id],
    ]);
    // An unknown answer counts nothing.
    expect((await client.post(`/email/contacts/${id}/reply/insert`, { answer: '99999', body: '' })).status).toBe(404);
  });
});
