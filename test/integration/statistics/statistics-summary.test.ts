import { afterEach, describe, expect, it } from 'vitest';
import { createTestApp, signedIn, type TestApp } from '../../support/test-app.js';
import { makeContact, makeUser } from '../../support/factories.js';
import { changeContact } from '../../../src/contacts/contact-change.service.js';
import { mergeContacts } from '../../../src/contacts/contact-merge.service.js';
import { openItem } from '../../../src/review/review.service.js';
import { directContactStats, storedContactStats } from '../../../src/statistics/contact-stats.queries.js';

const apps: TestApp[] = [];
afterEach(async () => {
  for (const t of apps.splice(0)) await t.close();
});

async function app(now = '2026-11-20T10:00:00Z') {
  const t = await createTestApp({}, { now });
  apps.push(t);
  return t;
}

const key = (r: { dimension: string; day: string; value: string; n: number }) =>
  `${r.dimension}|${r.day}|${r.value}|${Number(r.n)}`;
const sorted = (rows: { dimension: string; day: string; value: string; n: number }[]) => rows.map(key).sort();

const parse = (csv: string) =>
  csv
    .trim()
    .split(/\r?\n/)
    .map((l) => l.split(','));

describe('the statistics summary', () => {
  it('counts exactly what a direct count of the contacts gives, after creates, changes, merges and mistakes', async () => {
    const t = await app();
    const agent = await makeUser(t.deps, ['agent']);
    const actor = { id: agent.id, ip: null };
    const a = await makeContact(t, { channel: 'phone', topics: ['reflection'], queue: 'legal' }, agent.id);
    const b = await makeContact(t, { channel: 'email', startedAt: '2026-11-14T02:00:00Z' });
    const c = await makeContact(t, { channel: 'voicemail', startedAt: '2025-12-31T23:30:00Z', queue: 'after-hours' });
    const d = await makeContact(t, { channel: 'manual', topic: 'shelter', queue: 'care' }, agent.id);
    // A first check: nothing acted on yet but the created events.
    expect(sorted(await storedContactStats(t.deps.db))).toEqual(sorted(await directContactStats(t.deps.db)));

    t.clock.advance(3_600_000);
    await changeContact(t.deps, b.id, { queue: 'legal', topics: ['permit', 'work'] }, actor);
    await changeContact(t.deps, c.id, { status: 'open' }, actor, { note: 'teruggebeld' });
    await changeContact(t.deps, a.id, { topics: [] }, actor);
    await changeContact(t.deps, d.id, { mistaken: true }, actor);
    await changeContact(t.deps, d.id, { mistaken: false, channel: 'phone' }, { id: null });
    t.clock.advance(30 * 86_400_000);
    await changeContact(t.deps, a.id, {}, actor, { note: 'late note, not the first action' });
    // The voicemail's timeline (and its early first action) moves into the mail contact.
    await mergeContacts(t.deps, c.id, String(b.id), actor, async () => {});

    const stored = await storedContactStats(t.deps.db);
    expect(sorted(stored)).toEqual(sorted(await directContactStats(t.deps.db)));
    expect(stored.filter((r) => r.dimension === 'sla').length).toBeGreaterThan(0);
    expect(stored.some((r) => r.dimension === 'topic' && r.value === 'permit')).toBe(true);
    // first_action_at is the first agent event of each contact's timeline (its creation aside).
    const firsts = await t.deps.db.selectFrom('contacts').select(['id', 'first_action_at']).orderBy('id').execute();
    for (const row of firsts) {
      const events = await t.deps.db
        .selectFrom('contact_events')
        .select('at')
        .where('contact_id', '=', row.id)
        .where('actor_id', 'is not', null)
        .where('kind', '<>', 'created')
        .orderBy('at')
        .execute();
      expect(row.first_action_at ?? null).toBe(events[0]?.at ?? null);
    }
  });

  it('shows the same desk tables as before a contact moved, counted once in its new queue and topic', async () => {
    const t = await app();
    const { client, user } = await signedIn(t, ['supervisor']);
    const x = await makeContact(t, { channel: 'phone', queue: 'general' });
    await makeContact(t, { channel: 'email', queue: 'general' });
    await changeContact(t.deps, x.id, { queue: 'legal', topics: ['permit'] }, { id: user.id, ip: null });
    const queue = parse(await (await client.get('/statistics/desk.csv?by=queue&period=year')).text());
    expect(queue[0]).toEqual(['period', 'general', 'legal', 'registration', 'care', 'after-hours', 'total']);
    expect(queue[1]).toEqual(['2026', '1', '1', '0', '0', '0', '2']);
    const topic = parse(await (await client.get('/statistics/desk.csv?by=topic&period=year')).text());
    expect(topic).toEqual([
      ['period', 'none', 'permit', 'total'],
      ['2026', '1', '1', '2'],
    ]);
    const sla = parse(await (await client.get('/statistics/desk.csv?by=sla&period=year')).text());
    expect(sla[1]).toEqual(['2026', '1', '0', '1', '2']);
  });
});

describe('time to first review on the statistics page', () => {
  it('counts from the next opening: a voicemail of Friday 22:00 reviewed Monday 09:30 took half an hour', async () => {
    // Friday 2026-11-20 22:00 in Amsterdam is 21:00 UTC; Monday 09:30 there is 08:30 UTC.
    const t = await app('2026-11-20T21:00:00Z');
    const agent = await makeUser(t.deps, ['agent']);
    const item = await makeContact(t, { channel: 'voicemail', queue: 'after-hours' });
    const waiting = await makeContact(t, { channel: 'email', queue: 'after-hours' });
    t.clock.set('2026-11-23T08:30:00Z');
    await openItem(t.deps, item.id, { id: agent.id, ip: null });
    const { client } = await signedIn(t, ['supervisor']);
    const review = parse(await (await client.get('/statistics/desk.csv?by=first_review&period=year')).text());
    expect(review).toEqual([
      ['period', 'h1', 'h4', 'h24', 'later', 'waiting', 'total'],
      ['2026', '1', '0', '0', '0', '1', '2'],
    ]);
    // Counted from here on as each item is first reviewed: the mail, opened Monday 14:00, waited 4.5 hours.
    t.clock.set('2026-11-23T13:00:00Z');
    await openItem(t.deps, waiting.id, { id: agent.id, ip: null });
    const again = (await signedIn(t, ['supervisor'])).client;
    const after = parse(await (await again.get('/statistics/desk.csv?by=first_review&period=year')).text());
    expect(after[1]).toEqual(['2026', '1', '0', '1', '0', '0', '2']);
  });
});
