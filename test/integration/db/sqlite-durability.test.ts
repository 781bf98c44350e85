import { afterEach, describe, expect, it } from 'vitest';
import { sqliteHandleOf } from '../../../src/db/database.js';
import { onPostgres } from '../../support/database.js';
import { createTestApp, type TestApp } from '../../support/test-app.js';

// Durable means durable (issue 21): an answered webhook and an accepted mail survive a power loss, not only a
// crash of the process. On SQLite that takes synchronous=FULL in WAL mode: every COMMIT syncs the WAL before it
// returns (NORMAL syncs at checkpoints only). bench/durability.ts measures its cost.
let t: TestApp | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

describe.skipIf(onPostgres())('the SQLite database as the app opens it', () => {
  it('syncs every commit to disk (WAL, synchronous=FULL) before a transaction counts as done', async () => {
    t = await createTestApp();
    const sqlite = sqliteHandleOf(t.deps.db);
    expect(sqlite.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(sqlite.pragma('synchronous', { simple: true })).toBe(2); // 0 OFF, 1 NORMAL, 2 FULL, 3 EXTRA
  });
});
