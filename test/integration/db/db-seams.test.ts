import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../../src/db/database.js';
import { isUniqueViolation } from '../../../src/db/errors.js';
import { migrate } from '../../../src/db/migrator.js';
import { createContact } from '../../../src/contacts/contacts.service.js';
import { createTestApp, type TestApp } from '../../support/test-app.js';

const SRC = join(import.meta.dirname, '../../../src');
const sources = (dir = SRC): { path: string; code: string }[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = join(dir, e.name);
    if (e.isDirectory()) return sources(full);
    if (!/\.tsx?$/.test(e.name)) return [];
    // Code only: comments may name SQLite.
    const code = readFileSync(full, 'utf8')
      .split('\n')
      .filter((l) => !/^\s*(\*|\/\/|\/\*)/.test(l))
      .join('\n');
    return [{ path: relative(SRC, full), code }];
  });

let dir = '';
let db: Db | null = null;
let t: TestApp | null = null;
afterEach(async () => {
  await db?.destroy();
  await t?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
  db = null;
  t = null;
  dir = '';
});
const freshDatabase = () => {
  dir = mkdtempSync(join(tmpdir(), 'baken-db-'));
  db = openDatabase(join(dir, 'baken.sqlite')).db;
  return db;
};

describe('the SQLite seams under src/db/', () => {
  it('keeps better-sqlite3, FTS5, rowid and SQLite error codes out of every module outside src/db/', () => {
    const files = sources().filter((f) => !f.path.startsWith('db/'));
    expect(files.length).toBeGreaterThan(50);
    const seams = [/from 'better-sqlite3'/, /from 'pg'/, /\bMATCH\b/, /\browid\b/, /UNIQUE constraint/, /SQLITE_/];
    const offenders = files
      .filter((f) => !f.path.endsWith('.table.ts')) // a table's type may name its key column
      .flatMap((f) => seams.filter((re) => re.test(f.code)).map((re) => `${f.path}: ${re}`));
    expect(offenders).toEqual([]);
  });

  it('applies each migration once, and nothing the second time', async () => {
    const d = freshDatabase();
    const first = await migrate(d);
    expect(first[0]).toBe('0001_foundation.sql');
    expect(first).toEqual([...first].sort());
    expect(await migrate(d)).toEqual([]);
    const applied = await sql<{ n: number }>`SELECT count(*) AS n FROM schema_migrations`.execute(d);
    expect(applied.rows[0]!.n).toBe(first.length);
  });

  it('recognises a unique-key violation by its code, and nothing else as one', async () => {
    const d = freshDatabase();
    await migrate(d);
    const add = () => sql`INSERT INTO schema_migrations (name, applied_at) VALUES ('x', 'now')`.execute(d);
    await add();
    const duplicate = await add().catch((e: unknown) => e);
    expect(duplicate).toBeInstanceOf(Error);
    expect(isUniqueViolation(duplicate)).toBe(true);
    const notNull = await sql`INSERT INTO schema_migrations (name) VALUES ('y')`.execute(d).catch((e: unknown) => e);
    expect(notNull).toBeInstanceOf(Error);
    expect(isUniqueViolation(notNull)).toBe(false);
    for (const other of [new Error('UNIQUE constraint failed: mail_messages.message_id'), null, undefined, 'x'])
      expect(isUniqueViolation(other)).toBe(false);
  });

  it('takes a new contact’s id from the database and makes its reference of that id', async () => {
    t = await createTestApp();
    const actor = { id: null, ip: null };
    const a = await createContact(t.deps, { channel: 'manual', subject: 'one' }, actor);
    const b = await createContact(t.deps, { channel: 'manual', subject: 'two' }, actor);
    expect(b.id).toBe(a.id + 1);
    for (const c of [a, b]) {
      expect(c.reference).toBe(`HD-2026-${String(c.id).padStart(6, '0')}`);
      const row = await t.deps.db
        .selectFrom('contacts')
        .select('reference')
        .where('id', '=', c.id)
        .executeTakeFirstOrThrow();
      expect(row.reference).toBe(c.reference);
    }
  });
});
