// Queries built and compiled once and run with new values (src/db/compiled.ts), on the test database (SQLite, or
// PostgreSQL when TEST_DATABASE_URL names one).
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compiled, compiledByKey } from '../../../src/db/compiled.js';
import { createTestApp, type TestApp } from '../../support/test-app.js';

describe('compiled queries', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => {
    await t?.close();
  });

  const byKey = compiled<{ key: string }>()((db, v) =>
    db.selectFrom('login_failures').select(['key', 'at']).where('key', '=', v('key')),
  );
  const insert = compiled<{ key: string; value: string }>()((db, v) =>
    db.insertInto('login_failures').values({ key: v('key'), at: v('value') }),
  );

  it('runs the same compiled query with the values of each call', async () => {
    await insert.run(t.deps.db, { key: 'compiled.a', value: 'one' });
    await insert.run(t.deps.db, { key: 'compiled.b', value: 'two' });
    expect((await byKey.run(t.deps.db, { key: 'compiled.a' })).rows).toEqual([{ key: 'compiled.a', at: 'one' }]);
    expect((await byKey.run(t.deps.db, { key: 'compiled.b' })).rows).toEqual([{ key: 'compiled.b', at: 'two' }]);
    expect((await byKey.run(t.deps.db, { key: 'compiled.none' })).rows).toEqual([]);
  });

  it('runs inside a transaction, and a rollback takes its write back', async () => {
    await expect(
      t.deps.db.transaction().execute(async (trx) => {
        await insert.run(trx, { key: 'compiled.rolled', value: 'x' });
        expect((await byKey.run(trx, { key: 'compiled.rolled' })).rows).toHaveLength(1);
        throw new Error('roll back');
      }),
    ).rejects.toThrow('roll back');
    expect((await byKey.run(t.deps.db, { key: 'compiled.rolled' })).rows).toEqual([]);
  });

  it('passes hostile values only as parameters, never as SQL', async () => {
    const hostile = "x'); DROP TABLE login_failures; --";
    await insert.run(t.deps.db, { key: 'compiled.hostile', value: hostile });
    expect((await byKey.run(t.deps.db, { key: 'compiled.hostile' })).rows).toEqual([
      { key: 'compiled.hostile', at: hostile },
    ]);
  });

  it('keeps the constants the query was built with beside the values', async () => {
    await insert.run(t.deps.db, { key: 'compiled.c1', value: 'kept' });
    const withConstant = compiled<{ value: string }>()((db, v) =>
      db.selectFrom('login_failures').select('key').where('key', '=', 'compiled.c1').where('at', '=', v('value')),
    );
    expect((await withConstant.run(t.deps.db, { value: 'kept' })).rows).toEqual([{ key: 'compiled.c1' }]);
    expect((await withConstant.run(t.deps.db, { value: 'other' })).rows).toEqual([]);
  });

  it('refuses a query that puts a value into the SQL text', async () => {
    const bad = compiled<{ column: string }>()((db, v) =>
      db.selectFrom('login_failures').select(sql.raw<string>(v('column')).as('c')),
    );
    await expect(bad.run(t.deps.db, { column: 'key' })).rejects.toThrow('a value marker ended up in the SQL text');
  });

  it('refuses a query that names a value it never uses as a parameter', async () => {
    const bad = compiled<{ key: string; unused: string }>()((db, v) => {
      v('unused');
      return db.selectFrom('login_failures').select('key').where('key', '=', v('key'));
    });
    await expect(bad.run(t.deps.db, { key: 'k', unused: 'u' })).rejects.toThrow('the value unused is not a parameter');
  });

  it('compiles one query per key of a query whose shape varies', async () => {
    let made = 0;
    const insertRows = compiledByKey((n) => {
      made++;
      return compiled<Record<string, string>>()((db, v) =>
        db
          .insertInto('login_failures')
          .values(Array.from({ length: Number(n) }, (_, i) => ({ key: v(`k${i}`), at: v(`v${i}`) }))),
      );
    });
    await insertRows('2').run(t.deps.db, { k0: 'compiled.r0', v0: 'a', k1: 'compiled.r1', v1: 'b' });
    await insertRows('1').run(t.deps.db, { k0: 'compiled.r2', v0: 'c' });
    await insertRows('2').run(t.deps.db, { k0: 'compiled.r3', v0: 'd', k1: 'compiled.r4', v1: 'e' });
    expect(made).toBe(2);
    const keys = await t.deps.db
      .selectFrom('login_failures')
      .select('key')
      .where('key', 'like', 'compiled.r%')
      .execute();
    expect(keys.map((k) => k.key).sort()).toEqual([
      'compiled.r0',
      'compiled.r1',
      'compiled.r2',
      'compiled.r3',
      'compiled.r4',
    ]);
  });
});
