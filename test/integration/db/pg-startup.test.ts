import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../../src/db/database.js';
import { DatabaseStartError, migrate, migrationFiles } from '../../../src/db/migrator.js';
import { MIGRATIONS_DIR } from '../../../src/db/database.js';
import pg from 'pg';
import { freshEmptyPostgres, newDatabaseName, onPostgres, testPostgresUrl, urlOf } from '../../support/database.js';

const ROOT = join(import.meta.dirname, '..', '..', '..');
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

/** Starts Baken (src/main.ts) with `env` and returns what it printed and its exit code. */
function startBaken(env: Record<string, string>): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve) => {
    const dir = mkdtempSync(join(tmpdir(), 'baken-start-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      cwd: ROOT,
      env: { PATH: process.env.PATH, NODE_ENV: 'test', DATA_DIR: dir, PORT: '0', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout!.on('data', (d) => (out += d));
    child.stderr!.on('data', (d) => (out += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, out });
    });
  });
}

/** A one-line refusal: no stack trace, no password. */
function expectOneClearLine(out: string, secret: string) {
  const lines = out.trim().split('\n');
  expect(lines, out).toHaveLength(1);
  expect(lines[0]).toMatch(/^Baken could not start: /);
  expect(out).not.toMatch(/\n\s+at /);
  expect(out).not.toContain(secret);
}

describe('starting on PostgreSQL', () => {
  it('says in one line, without the password, that it cannot connect, and exits', async () => {
    const { code, out } = await startBaken({ DATABASE_URL: 'postgres://baken:s3cret-pw@127.0.0.1:1/baken' });
    expect(code).toBe(1);
    expectOneClearLine(out, 's3cret-pw');
    expect(out).toContain('cannot connect to PostgreSQL (127.0.0.1:1/baken as baken)');
  }, 40_000);

  it('says on `npm run backup` that PostgreSQL is backed up with pg_dump, and exits', async () => {
    const out = await new Promise<{ code: number | null; text: string }>((resolve) => {
      const child = spawn(process.execPath, ['--import', 'tsx', 'src/backup.ts'], {
        cwd: ROOT,
        env: { PATH: process.env.PATH, NODE_ENV: 'test', DATABASE_URL: 'postgres://baken:s3cret-pw@127.0.0.1:1/baken' },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let text = '';
      child.stdout!.on('data', (d) => (text += d));
      child.stderr!.on('data', (d) => (text += d));
      child.on('exit', (code) => resolve({ code, text }));
    });
    expect(out.code).toBe(1);
    expect(out.text.trim().split('\n')).toHaveLength(1);
    expect(out.text).toMatch(/^backup: the database is PostgreSQL; back it up with pg_dump/);
    expect(out.text).not.toContain('s3cret-pw');
  }, 40_000);

  it('refuses an SQLite file at a newer migration than the code knows, in one line', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'baken-newer-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const path = join(dir, 'baken.sqlite');
    const db = openDatabase(path).db;
    await migrate(db);
    await sql`INSERT INTO schema_migrations (name, applied_at) VALUES ('9999_from_the_future.sql', 'x')`.execute(db);
    await db.destroy();
    const { code, out } = await startBaken({ DATABASE_URL: path });
    expect(code).toBe(1);
    expectOneClearLine(out, 'no-password');
    expect(out).toContain('the database is at migration 9999_from_the_future.sql, newer than this version');
  }, 40_000);

  it.skipIf(!onPostgres())(
    'says in one line, without the password, that the password is wrong, and exits',
    async () => {
      const u = new URL(testPostgresUrl()!);
      u.password = 'wrong-pw-123';
      const { code, out } = await startBaken({ DATABASE_URL: u.toString() });
      expect(code).toBe(1);
      expectOneClearLine(out, 'wrong-pw-123');
      expect(out).toMatch(/password authentication failed/);
    },
    40_000,
  );

  it.skipIf(!onPostgres())('migrates once when two instances start together on an empty database', async () => {
    const target = await freshEmptyPostgres();
    cleanups.push(target.drop);
    const a = openDatabase(target.url).db;
    const b = openDatabase(target.url).db;
    cleanups.push(
      () => a.destroy(),
      () => b.destroy(),
    );
    const [ranA, ranB] = await Promise.all([migrate(a), migrate(b)]);
    const files = migrationFiles(join(MIGRATIONS_DIR, 'postgres'));
    // One of them applied every file; the other waited for the lock and found nothing left to do.
    expect([ranA, ranB].map((r) => r.length).sort((x, y) => x - y)).toEqual([0, files.length]);
    const rows = await sql<{ name: string }>`SELECT name FROM schema_migrations ORDER BY name`.execute(a);
    expect(rows.rows.map((r) => r.name)).toEqual(files);
  });

  it.skipIf(!onPostgres())(
    'refuses a database at a newer migration than the code knows, in one line, and changes nothing',
    async () => {
      const target = await freshEmptyPostgres();
      cleanups.push(target.drop);
      const db = openDatabase(target.url).db;
      await migrate(db);
      await sql`INSERT INTO schema_migrations (name, applied_at) VALUES ('9999_from_the_future.sql', 'x')`.execute(db);
      await db.destroy();
      const { code, out } = await startBaken({ DATABASE_URL: target.url });
      expect(code).toBe(1);
      expectOneClearLine(out, new URL(target.url).password || 'no-password');
      expect(out).toContain('the database is at migration 9999_from_the_future.sql, newer than this version');
    },
    40_000,
  );

  /** Creates a database `how` (after CREATE DATABASE name TEMPLATE template0 ENCODING 'UTF8'), dropped after. */
  async function databaseCreatedWith(how: string): Promise<string> {
    const name = newDatabaseName('loc');
    const admin = new pg.Client({ connectionString: testPostgresUrl()! });
    await admin.connect();
    cleanups.push(async () => {
      await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await admin.end();
    });
    await admin.query(`CREATE DATABASE "${name}" TEMPLATE template0 ENCODING 'UTF8' ${how}`);
    return urlOf(name);
  }

  // The managed services' default (en_US.UTF-8 sorts 'a' before 'B' and '~' before the digits) and ICU's Dutch
  // rules: Baken migrates either and its text columns still sort by bytes, as on SQLite.
  for (const [what, how] of [
    ['created with the managed services’ default, en_US.UTF-8', "LOCALE 'en_US.UTF-8'"],
    ['sorted by ICU’s Dutch rules', "LOCALE_PROVIDER icu ICU_LOCALE 'nl-NL' LOCALE 'C.UTF-8'"],
  ] as const)
    it.skipIf(!onPostgres())(`migrates a database ${what}, and its text sorts by bytes`, async () => {
      const db = openDatabase(await databaseCreatedWith(how)).db;
      cleanups.push(() => db.destroy());
      const ran = await migrate(db);
      expect(ran).toEqual(migrationFiles(join(MIGRATIONS_DIR, 'postgres')));
      const words = ['b', 'B', 'a', '~', '9', 'A-1', 'A1', 'é'];
      for (const w of words)
        await sql`INSERT INTO schema_migrations (name, applied_at) VALUES (${`x${w}`}, 'x')`.execute(db);
      const sorted = await sql<{ name: string }>`SELECT name FROM schema_migrations WHERE name LIKE 'x%'
        ORDER BY name`.execute(db);
      expect(sorted.rows.map((r) => r.name.slice(1))).toEqual(['9', 'A-1', 'A1', 'B', 'a', 'b', '~', 'é']);
      // A keyset page after 'B' (a comparison with a parameter) follows the same order.
      const after = await sql<{ name: string }>`SELECT name FROM schema_migrations WHERE name LIKE 'x%'
        AND name > ${'xB'} ORDER BY name`.execute(db);
      expect(after.rows.map((r) => r.name.slice(1))).toEqual(['a', 'b', '~', 'é']);
    });

  it.skipIf(!onPostgres())(
    'refuses, in one line and before migrating, a database whose characters know only ASCII letters',
    async () => {
      const db = openDatabase(await databaseCreatedWith("LC_COLLATE 'C' LC_CTYPE 'C'")).db;
      cleanups.push(() => db.destroy());
      const err = await migrate(db).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(DatabaseStartError);
      expect((err as Error).message).toMatch(
        /^the PostgreSQL database has encoding UTF8 and LC_CTYPE "C"; Baken needs UTF-8 \(/,
      );
      expect((err as Error).message).not.toContain('\n');
      const tables = await sql<{ n: number }>`SELECT count(*) AS n FROM information_schema.tables
      WHERE table_schema = 'public'`.execute(db);
      expect(tables.rows[0]!.n).toBe(0);
    },
  );

  it.skipIf(!onPostgres())('applies nothing of a migration that fails halfway', async () => {
    const target = await freshEmptyPostgres();
    cleanups.push(target.drop);
    const dir = mkdtempSync(join(tmpdir(), 'baken-migrations-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    mkdirSync(join(dir, 'postgres'));
    writeFileSync(join(dir, 'postgres', '0001_one.sql'), 'CREATE TABLE one (id INTEGER PRIMARY KEY);');
    writeFileSync(
      join(dir, 'postgres', '0002_two.sql'),
      'CREATE TABLE two (id INTEGER PRIMARY KEY);\nINSERT INTO one (id) VALUES (1);\nSELECT * FROM missing_table;',
    );
    const db = openDatabase(target.url).db;
    cleanups.push(() => db.destroy());
    const err = await migrate(db, dir).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DatabaseStartError);
    expect((err as Error).message).toMatch(
      /^migration 0002_two\.sql failed, nothing of it was applied: .*missing_table/,
    );
    const tables = await sql<{ t: string }>`SELECT table_name AS t FROM information_schema.tables
      WHERE table_schema = 'public' ORDER BY 1`.execute(db);
    expect(tables.rows.map((r) => r.t)).toEqual(['one', 'schema_migrations']);
    expect((await sql<{ n: number }>`SELECT count(*) AS n FROM one`.execute(db)).rows[0]!.n).toBe(0);
    const applied = await sql<{ name: string }>`SELECT name FROM schema_migrations`.execute(db);
    expect(applied.rows.map((r) => r.name)).toEqual(['0001_one.sql']);
  });
});
