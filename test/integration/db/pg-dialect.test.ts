import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { toTsquery } from '../../../src/db/contact-search.js';
import { isPostgres } from '../../../src/db/database.js';
import { hoursBetween, jsonHas, jsonWithout } from '../../../src/db/dialect.js';
import { isUniqueViolation } from '../../../src/db/errors.js';
import { serializeOn } from '../../../src/db/locks.js';
import { insertionOrder } from '../../../src/db/row-order.js';
import { toSearch } from '../../../src/contacts/inbox-search.js';
import { createContact } from '../../../src/contacts/contacts.service.js';
import { onPostgres } from '../../support/database.js';
import { execSql } from '../../support/sqlite.js';
import { createTestApp, type TestApp } from '../../support/test-app.js';

// The seams of src/db/ on whichever database this run uses (TEST_DATABASE_URL): each behaves the same on both.

let t: TestApp | null = null;
afterEach(async () => {
  await t?.close();
  t = null;
});
const actor = { id: null, ip: null };

describe('the database seams on this run’s database', () => {
  it('runs on the database the run asked for', async () => {
    t = await createTestApp();
    expect(isPostgres(t.deps.db)).toBe(onPostgres());
    expect(Boolean(t.deps.config.databaseUrl)).toBe(onPostgres());
  });

  it('returns counts and sums as numbers and comparisons as 0 or 1, as SQLite does', async () => {
    t = await createTestApp();
    const r = await sql<{
      n: number;
      s: number;
      yes: number;
      no: number;
    }>`SELECT count(*) AS n, sum(use_count) AS s, (1 = 1) AS yes, (1 = 2) AS no FROM answers`.execute(t.deps.db);
    expect(r.rows[0]).toEqual({ n: expect.any(Number), s: 0, yes: 1, no: 0 });
    expect(r.rows[0]!.n).toBeGreaterThan(0);
  });

  it('recognises a unique-key violation by its code', async () => {
    t = await createTestApp();
    const add = () =>
      t!.deps.db.insertInto('mail_ack_log').values({ sender_hash: 'h', last_at: '2026-01-01T00:00:00Z' }).execute();
    await add();
    const err = await add().catch((e: unknown) => e);
    expect(isUniqueViolation(err)).toBe(true);
    const notNull = await sql`INSERT INTO mail_ack_log (sender_hash) VALUES ('k')`.execute(t.deps.db).catch((e) => e);
    expect(notNull).toBeInstanceOf(Error);
    expect(isUniqueViolation(notNull)).toBe(false);
  });

  it('keeps the audit log append-only: no update, no delete, no truncate', async () => {
    t = await createTestApp();
    await createContact(t.deps, { channel: 'manual', subject: 'x' }, actor);
    await expect(t.deps.db.updateTable('audit_log').set({ action: 'x' }).execute()).rejects.toThrow(/append-only/);
    await expect(t.deps.db.deleteFrom('audit_log').execute()).rejects.toThrow(/append-only/);
    if (onPostgres()) await expect(execSql(t.deps, 'TRUNCATE audit_log')).rejects.toThrow(/append-only/);
    expect((await t.deps.db.selectFrom('audit_log').select('id').execute()).length).toBeGreaterThan(0);
  });

  it('lists topics in the order they were inserted, not by name', async () => {
    t = await createTestApp();
    const c = await createContact(t.deps, { channel: 'manual', subject: 'x' }, actor);
    for (const topic of ['work', 'asylum', 'permit'])
      await t.deps.db.insertInto('contact_topics').values({ contact_id: c.id, topic }).execute();
    const rows = await t.deps.db
      .selectFrom('contact_topics')
      .select('topic')
      .where('contact_id', '=', c.id)
      .orderBy(insertionOrder())
      .execute();
    expect(rows.map((r) => r.topic)).toEqual(['work', 'asylum', 'permit']);
  });

  it('measures hours between ISO timestamps, and edits JSON text, the same way on both', async () => {
    t = await createTestApp();
    const db = t.deps.db;
    const h = await sql<{
      h: number;
    }>`SELECT ${hoursBetween(db, sql`${'2026-11-23T10:00:00.000Z'}`, sql`${'2026-11-23T13:30:00.000Z'}`)} AS h`.execute(
      db,
    );
    expect(Number(h.rows[0]!.h)).toBeCloseTo(3.5, 6);
    const c = await createContact(t.deps, { channel: 'manual', subject: 'x' }, actor);
    await db
      .insertInto('contact_events')
      .values([
        { contact_id: c.id, at: 'a', actor_id: null, kind: 'k', data: '{"body":"geheim","n":1}' },
        { contact_id: c.id, at: 'b', actor_id: null, kind: 'k', data: '{"body":null,"n":2}' },
      ])
      .execute();
    const has = await db
      .selectFrom('contact_events')
      .select('data')
      .where('kind', '=', 'k')
      .where(jsonHas(db, 'data', 'body'))
      .execute();
    expect(has).toHaveLength(1);
    await db
      .updateTable('contact_events')
      .set({ data: jsonWithout(db, 'data', 'body') })
      .where('kind', '=', 'k')
      .execute();
    const after = await db.selectFrom('contact_events').select('data').where('kind', '=', 'k').orderBy('at').execute();
    expect(after.map((r) => JSON.parse(r.data))).toEqual([{ n: 1 }, { n: 2 }]);
  });

  it('lets transactions that serialise on one key run one after another', async () => {
    t = await createTestApp();
    const db = t.deps.db;
    const order: string[] = [];
    const run = (name: string) =>
      db.transaction().execute(async (trx) => {
        await serializeOn(trx, 'the-key');
        order.push(`${name} in`);
        await new Promise((r) => setTimeout(r, 50));
        order.push(`${name} out`);
      });
    await Promise.all([run('a'), run('b')]);
    expect([order.slice(0, 2), order.slice(2)].map((p) => p[0]!.split(' ')[0] === p[1]!.split(' ')[0])).toEqual([
      true,
      true,
    ]);
  });
});

describe('full-text search expressions on PostgreSQL', () => {
  it('turns the inbox’s safe expressions into tsquery text, whole words or word beginnings, all required', () => {
    const s = toSearch('Bedenktijd  cliënte!') as { value: string; prefix: string };
    expect(toTsquery(s.value)).toBe('Bedenktijd & cliënte');
    expect(toTsquery(s.prefix)).toBe('Bedenktijd:* & cliënte:*');
  });

  it('drops everything but letters and digits from hostile input, so the tsquery is never malformed', () => {
    for (const hostile of [`"a' | !b & (c"`, '"x:*"*', '""', '"\\\\"', `"'; DROP TABLE contacts; --"`])
      expect(toTsquery(hostile)).toMatch(/^(''|[\p{L}\p{N}]+(:\*)?( & [\p{L}\p{N}]+(:\*)?)*)$/u);
    expect(toTsquery('"a b" AND "c"')).toBe('ab & c');
  });

  it('finds contacts by words without regard to case or accents, by word beginnings, and not by a part inside a word', async () => {
    t = await createTestApp();
    const a = await createContact(t.deps, { channel: 'manual', subject: 'Cliënte zoekt OPVANG in Zeeland' }, actor);
    await createContact(t.deps, { channel: 'manual', subject: 'Vraag over loon' }, actor);
    const { contactsMatching } = await import('../../../src/db/contact-search.js');
    const ids = async (match: string) =>
      (await contactsMatching(t!.deps.db, match).select('contacts.id').execute()).map((r) => r.id);
    expect(await ids('"clientE"')).toEqual([a.id]);
    expect(await ids('"opvang" AND "zeeland"')).toEqual([a.id]);
    expect(await ids('"opva"*')).toEqual([a.id]);
    expect(await ids('"opva"')).toEqual([]);
    expect(await ids('"vang"*')).toEqual([]);
    expect(await ids('"opvang" AND "loon"')).toEqual([]);
  });

  it('lists a common word’s and a rare word’s matches newest first, a page at a time, on either plan', async () => {
    t = await createTestApp();
    const { listInbox } = await import('../../../src/contacts/contacts.queries.js');
    const ids: number[] = [];
    for (let i = 0; i < 64; i++)
      ids.push(
        (await createContact(t.deps, { channel: 'manual', subject: i % 20 === 3 ? 'vaak en zelden' : 'vaak' }, actor))
          .id,
      );
    const page = async (match: string, before?: number) =>
      (await listInbox(t!.deps.db, { match, limit: 5, before: before ? { id: before } : undefined })).map((r) => r.id);
    const newest = [...ids].reverse();
    expect(await page('"vaak"')).toEqual(newest.slice(0, 5));
    expect(await page('"vaak"', newest[4])).toEqual(newest.slice(5, 10));
    const rare = newest.filter((id) => ids.indexOf(id) % 20 === 3);
    expect(rare).toHaveLength(4);
    expect(await page('"zelden"')).toEqual(rare);
    expect(await page('"zeld"*', rare[1])).toEqual(rare.slice(2));
  });

  it.skipIf(!onPostgres())(
    'runs a transaction the server chose as a deadlock’s victim again, so both succeed',
    async () => {
      t = await createTestApp();
      const db = t.deps.db;
      const at = '2026-01-01T00:00:00Z';
      await db
        .insertInto('mail_ack_log')
        .values([
          { sender_hash: 'a', last_at: at },
          { sender_hash: 'b', last_at: at },
        ])
        .execute();
      let arrived = 0;
      let release = () => {};
      const bothHoldOne = new Promise<void>((r) => (release = r));
      let attempts = 0;
      // Each takes one row, waits until the other holds its row too, then wants the other's row: a deadlock.
      const run = (first: string, second: string, value: string) =>
        db.transaction().execute(async (trx) => {
          attempts++;
          await trx.updateTable('mail_ack_log').set({ last_at: value }).where('sender_hash', '=', first).execute();
          if (++arrived === 2) release();
          await bothHoldOne;
          await trx.updateTable('mail_ack_log').set({ last_at: value }).where('sender_hash', '=', second).execute();
        });
      await Promise.all([run('a', 'b', 'one'), run('b', 'a', 'two')]);
      expect(attempts).toBe(3);
      const rows = await db.selectFrom('mail_ack_log').select('last_at').execute();
      expect(new Set(rows.map((r) => r.last_at)).size).toBe(1);
    },
  );

  it('changes many contacts at once, moving their counts in opposite directions, without a single failure', async () => {
    t = await createTestApp();
    const { changeContact } = await import('../../../src/contacts/contact-change.service.js');
    const channels = ['manual', 'phone', 'email', 'voicemail'] as const;
    const ids: number[] = [];
    for (let i = 0; i < 24; i++)
      ids.push(
        (
          await createContact(
            t.deps,
            { channel: channels[i % 4]!, subject: 'x', queue: i % 3 ? 'legal' : 'general' },
            actor,
          )
        ).id,
      );
    for (let round = 0; round < 2; round++) {
      const results = await Promise.allSettled(
        ids.map((id, i) => changeContact(t!.deps, id, { queue: (i + round) % 2 ? 'general' : 'legal' }, { id: null })),
      );
      expect(results.filter((r) => r.status === 'rejected')).toEqual([]);
    }
    const queues = await t.deps.db.selectFrom('contacts').select(['id', 'queue']).orderBy('id').execute();
    expect(queues.map((q) => q.queue)).toEqual(ids.map((_, i) => ((i + 1) % 2 ? 'general' : 'legal')));
  });
});
