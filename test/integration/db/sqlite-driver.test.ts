import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type SQLite from 'better-sqlite3';
import { openSqliteHandle } from '../../../src/db/sqlite-handle.js';
import { Kysely, sql, type Driver, type Generated } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { BakenSqliteDialect, type BakenSqliteDriver, FifoLock } from '../../../src/db/sqlite-driver.js';

interface T {
  t: { id: Generated<number>; v: string };
  child: { id: Generated<number>; t_id: number };
}

let dir = '';
const open: Array<{ db: Kysely<T>; reader: SQLite.Database }> = [];
afterEach(async () => {
  for (const o of open.splice(0)) {
    o.reader.close();
    await o.db.destroy();
  }
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = '';
});

/** A database on Baken's driver, the driver itself (for its counters) and a second connection that reads the file. */
function database() {
  dir = mkdtempSync(join(tmpdir(), 'baken-driver-'));
  const path = join(dir, 'd.sqlite');
  const handle = openSqliteHandle(path);
  handle.pragma('journal_mode = WAL');
  handle.pragma('foreign_keys = ON');
  handle.exec(
    'CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT NOT NULL UNIQUE); CREATE TABLE child (id INTEGER PRIMARY KEY, t_id INTEGER NOT NULL REFERENCES t(id))',
  );
  let driver: BakenSqliteDriver | null = null;
  class Dialect extends BakenSqliteDialect {
    override createDriver(): Driver {
      driver = super.createDriver() as BakenSqliteDriver;
      return driver;
    }
  }
  const db = new Kysely<T>({ dialect: new Dialect({ database: handle }) });
  const reader = openSqliteHandle(path, { readonly: true });
  open.push({ db, reader });
  const stored = () => (reader.prepare('SELECT v FROM t ORDER BY id').pluck().all() as string[]).sort();
  return { db, stats: () => driver!.stats(), stored };
}

const insert = (db: Kysely<T>, v: string) => db.insertInto('t').values({ v }).execute();

describe("Baken's SQLite driver", () => {
  it('hands the lock to waiters in the order they asked for it', async () => {
    const lock = new FifoLock();
    const order: number[] = [];
    await lock.acquire();
    const waiters = [1, 2, 3, 4, 5].map((n) =>
      lock.acquire().then(() => {
        order.push(n);
        lock.release();
      }),
    );
    expect(lock.waiting).toBe(5);
    lock.release();
    await Promise.all(waiters);
    expect(order).toEqual([1, 2, 3, 4, 5]);
    expect(lock.held).toBe(false);
  });

  it('commits transactions that arrive together in one COMMIT, each answered only once its rows are on disk', async () => {
    const { db, stats, stored } = database();
    const seenAtAnswer: string[][] = [];
    await Promise.all(
      ['a', 'b', 'c', 'd'].map((v) =>
        db
          .transaction()
          .execute((trx) => insert(trx, v))
          .then(() => seenAtAnswer.push(stored())),
      ),
    );
    expect(stats().transactions).toBe(4);
    expect(stats().commits).toBe(1);
    // Another connection already reads every row of the group when the first transaction is answered.
    for (const seen of seenAtAnswer) expect(seen).toEqual(['a', 'b', 'c', 'd']);
  });

  it('rolls back a transaction that throws alone, and keeps the others of its group', async () => {
    const { db, stats, stored } = database();
    const results = await Promise.allSettled([
      db.transaction().execute((trx) => insert(trx, 'kept-1')),
      db.transaction().execute(async (trx) => {
        await insert(trx, 'rolled-back');
        throw new Error('the caller changed its mind');
      }),
      db.transaction().execute(async (trx) => {
        await insert(trx, 'kept-2');
        await insert(trx, 'kept-1'); // UNIQUE: this transaction fails, and takes its own first row with it
      }),
      db.transaction().execute((trx) => insert(trx, 'kept-3')),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'rejected', 'fulfilled']);
    expect(stored()).toEqual(['kept-1', 'kept-3']);
    expect(stats().commits).toBe(1);
  });

  it('commits an open group before a write outside a transaction, and answers that write once it is on disk', async () => {
    const { db, stats, stored } = database();
    let inserted = () => {};
    const ready = new Promise<void>((resolve) => {
      inserted = resolve;
    });
    const group = db.transaction().execute(async (trx) => {
      await insert(trx, 'in-group');
      inserted();
    });
    await ready;
    // The plain write waits for the transaction, whose group is then still open (its COMMIT waits for the event
    // loop's turn): the driver commits the group first.
    await insert(db, 'on-its-own');
    expect(stored()).toEqual(['in-group', 'on-its-own']);
    await group;
    expect(stats().commits).toBe(1); // the group's; the plain write committed by itself (autocommit)
  });

  it('rejects every transaction of a group whose COMMIT fails, and stores none of them', async () => {
    const { db, stored } = database();
    const results = await Promise.allSettled([
      db.transaction().execute((trx) => insert(trx, 'first')),
      db.transaction().execute(async (trx) => {
        // A foreign key checked only at COMMIT: the whole group's COMMIT fails.
        await sql`PRAGMA defer_foreign_keys = ON`.execute(trx);
        await trx.insertInto('child').values({ t_id: 999 }).execute();
      }),
      db.transaction().execute((trx) => insert(trx, 'third')),
    ]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected', 'rejected']);
    expect(stored()).toEqual([]);
    // The connection works on afterwards.
    await db.transaction().execute((trx) => insert(trx, 'after'));
    expect(stored()).toEqual(['after']);
  });

  it('commits a lone transaction on its own when nothing else is waiting', async () => {
    const { db, stats, stored } = database();
    await db.transaction().execute((trx) => insert(trx, 'one'));
    await db.transaction().execute((trx) => insert(trx, 'two'));
    expect(stored()).toEqual(['one', 'two']);
    expect(stats().commits).toBe(2);
  });
});
