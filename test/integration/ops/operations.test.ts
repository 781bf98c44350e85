import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:net';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { seedDemo } from '../../../src/demo/demo-data.js';
import { MIGRATIONS_DIR, openDatabase } from '../../../src/db/database.js';
import { migrate, migrationFiles } from '../../../src/db/migrator.js';
import {
  backupDatabase,
  backupFileName,
  RestoreError,
  restoreDatabase,
  rotateBackups,
} from '../../../src/db/backup.js';
import { useAuditKey } from '../../../src/audit/chain-key.js';
import { verifyAuditChain } from '../../../src/audit/audit-chain.service.js';
import { Client, createTestApp, makeUser, type TestApp } from '../../support/test-app.js';
import { makeContact } from '../../support/factories.js';

const ROOT = join(import.meta.dirname, '..', '..', '..');
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

function tempDir(what: string) {
  const dir = mkdtempSync(join(tmpdir(), `baken-${what}-`));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** Runs one of Baken's commands from source (src/<file>) with `env` only; returns its exit code and output. */
function run(file: string, args: string[], env: Record<string, string>) {
  return new Promise<{ code: number | null; out: string; err: string }>((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', `src/${file}`, ...args], {
      cwd: ROOT,
      env: { PATH: process.env.PATH, NODE_ENV: 'test', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout!.on('data', (d) => (out += d));
    child.stderr!.on('data', (d) => (err += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), 40_000);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, out, err });
    });
  });
}

/** An SQLite desk of its own (whatever TEST_DATABASE_URL says: backups and restores are SQLite's). */
async function sqliteDesk(): Promise<{ t: TestApp; path: string; auditKey: string }> {
  const dir = tempDir('desk');
  const path = join(dir, 'baken.sqlite');
  const auditKey = randomBytes(32).toString('base64');
  const t = await createTestApp({ DATABASE_URL: path, AUDIT_KEY: auditKey });
  cleanups.push(() => t.close());
  return { t, path, auditKey };
}

/** Every row of a table, in id order, as SQLite holds it. */
function rowsOf(path: string, table: string) {
  const db = new SQLite(path, { readonly: true });
  try {
    return db.prepare(`SELECT * FROM ${table} ORDER BY id`).all();
  } finally {
    db.close();
  }
}

async function chainOf(path: string, auditKey: string) {
  const { db } = openDatabase(path);
  try {
    useAuditKey(db, Buffer.from(auditKey, 'base64'));
    return await verifyAuditChain(db);
  } finally {
    await db.destroy();
  }
}

describe('backup and restore (SQLite)', () => {
  it('restores a backup into a new data folder with every contact, registration and audit row, and the chain verifies', async () => {
    const { t, path, auditKey } = await sqliteDesk();
    const accounts = await seedDemo({ ...t.deps, setNow: (d) => t.clock.set(d.toISOString()) }, 30);
    expect(accounts).not.toBeNull();
    const env = { DATABASE_URL: path, DATA_DIR: t.dir, AUDIT_KEY: auditKey };
    const backup = await run('backup.ts', [], env);
    expect(backup.code, backup.err).toBe(0);
    const written = backup.out.match(/^backup written: (.+\.sqlite)$/m)?.[1];
    expect(written).toBeDefined();
    expect(statSync(written!).mode & 0o777).toBe(0o600);

    const target = tempDir('restored');
    const restored = await run('restore.ts', [written!], {
      DATABASE_URL: join(target, 'baken.sqlite'),
      DATA_DIR: target,
      AUDIT_KEY: auditKey,
    });
    expect(restored.code, restored.out + restored.err).toBe(0);
    const contacts = rowsOf(path, 'contacts');
    const registrations = rowsOf(path, 'registrations');
    const audit = rowsOf(path, 'audit_log');
    expect(contacts.length).toBeGreaterThanOrEqual(30);
    expect(registrations.length).toBeGreaterThan(0);
    expect(audit.length).toBeGreaterThan(contacts.length);
    expect(restored.out).toContain(
      `${contacts.length} contacts, ${registrations.length} registrations, ${audit.length} audit rows`,
    );
    expect(restored.out).toMatch(new RegExp(`^audit log intact: ${audit.length} rows verified`, 'm'));
    const copy = join(target, 'baken.sqlite');
    expect(statSync(copy).mode & 0o777).toBe(0o600);
    expect(rowsOf(copy, 'contacts')).toEqual(contacts);
    expect(rowsOf(copy, 'registrations')).toEqual(registrations);
    expect(rowsOf(copy, 'audit_log')).toEqual(audit);
    expect((await chainOf(copy, auditKey)).intact).toBe(true);
    // no personal data on the terminal: counts only
    expect(restored.out).not.toMatch(/@|demo\)/);
  }, 60_000);

  it('refuses to restore into a data folder that holds a database, and with --force moves that database aside', async () => {
    const { t, path, auditKey } = await sqliteDesk();
    await makeContact(t);
    const backupFile = join(tempDir('bk'), 'one.sqlite');
    await backupDatabase(path, backupFile);
    const target = tempDir('busy');
    const existing = join(target, 'baken.sqlite');
    writeFileSync(existing, 'the desk that is there');
    const env = { DATABASE_URL: existing, DATA_DIR: target, AUDIT_KEY: auditKey };

    const refused = await run('restore.ts', [backupFile], env);
    expect(refused.code).toBe(2);
    expect(refused.err.trim().split('\n')).toHaveLength(1);
    expect(refused.err).toMatch(
      /^restore failed: the data folder already holds a database \(.+\): restore into an empty/,
    );
    expect(readFileSync(existing, 'utf8')).toBe('the desk that is there');

    const forced = await run('restore.ts', [backupFile, '--force'], env);
    expect(forced.code, forced.out + forced.err).toBe(0);
    const aside = forced.out.match(/^the database that was there was moved to (.+)$/m)?.[1];
    expect(aside).toBeDefined();
    expect(readFileSync(join(aside!, 'baken.sqlite'), 'utf8')).toBe('the desk that is there');
    expect(rowsOf(existing, 'contacts')).toEqual(rowsOf(path, 'contacts'));
  }, 60_000);

  it('restores but exits 1 and says what to keep when the audit key is not at hand', async () => {
    const { t, path } = await sqliteDesk();
    await makeContact(t);
    const backupFile = join(tempDir('bk'), 'one.sqlite');
    await backupDatabase(path, backupFile);
    const target = tempDir('nokey');
    const r = await run('restore.ts', [backupFile], { DATABASE_URL: join(target, 'baken.sqlite'), DATA_DIR: target });
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/^restored .+: 1 contacts, 0 registrations/m);
    expect(r.out).toMatch(
      /audit chain not verified: .*No backup holds the audit key: set the AUDIT_KEY the desk ran with/,
    );
    expect(existsSync(join(target, 'audit.key'))).toBe(false);
  }, 60_000);

  it('refuses a file that is no backup, a damaged one, one from a newer Baken and a missing one, writing nothing', async () => {
    const { t, path } = await sqliteDesk();
    await makeContact(t);
    const dir = tempDir('bad');
    const target = join(dir, 'data', 'baken.sqlite');
    const text = join(dir, 'notes.txt');
    writeFileSync(text, 'not a database at all');
    await expect(restoreDatabase(text, target)).rejects.toThrow(/notes\.txt is not an SQLite database/);

    const good = join(dir, 'good.sqlite');
    await backupDatabase(path, good);
    const damaged = join(dir, 'damaged.sqlite');
    const bytes = readFileSync(good);
    writeFileSync(damaged, Buffer.concat([bytes.subarray(0, 4096), randomBytes(bytes.length - 4096)]));
    await expect(restoreDatabase(damaged, target)).rejects.toThrow(RestoreError);

    const newer = join(dir, 'newer.sqlite');
    await backupDatabase(path, newer);
    const n = new SQLite(newer);
    n.prepare("INSERT INTO schema_migrations (name, applied_at) VALUES ('9999_from_the_future.sql', 'x')").run();
    n.close();
    await expect(restoreDatabase(newer, target)).rejects.toThrow(
      /the backup is at migration 9999_from_the_future\.sql, newer than this version of Baken knows/,
    );

    const other = join(dir, 'other.sqlite');
    new SQLite(other).exec('CREATE TABLE t (x)');
    await expect(restoreDatabase(other, target)).rejects.toThrow(/not a Baken database/);
    await expect(restoreDatabase(join(dir, 'nope.sqlite'), target)).rejects.toThrow(/there is no backup file at/);
    // nothing half-written is left where the database goes
    expect(existsSync(join(dir, 'data')) ? readdirSync(join(dir, 'data')) : []).toEqual([]);
    // and the good one does restore there
    const r = await restoreDatabase(good, target);
    expect(r.counts.contacts).toBe(1);
  }, 60_000);

  it('takes a consistent backup while agents write: intact, every contact with its audit row, the chain verifying', async () => {
    const { t, path, auditKey } = await sqliteDesk();
    const agent = await makeUser(t.deps, ['agent']);
    for (let i = 0; i < 50; i++) await makeContact(t, {}, agent.id);
    let writing = true;
    let written = 0;
    const writer = (async () => {
      while (writing && written < 400) {
        await makeContact(t, {}, agent.id);
        written++;
        await new Promise((r) => setImmediate(r));
      }
    })();
    const file = join(tempDir('live'), 'live.sqlite');
    await backupDatabase(path, file);
    writing = false;
    await writer;
    const db = new SQLite(file, { readonly: true });
    const integrity = db.pragma('integrity_check', { simple: true });
    const contacts = db.prepare('SELECT count(*) FROM contacts').pluck().get() as number;
    const created = db
      .prepare("SELECT count(*) FROM audit_log WHERE action = 'contact.create'")
      .pluck()
      .get() as number;
    db.close();
    expect(written).toBeGreaterThan(0);
    expect(integrity).toBe('ok');
    expect(contacts).toBeGreaterThanOrEqual(50);
    expect(created).toBe(contacts);
    expect((await chainOf(file, auditKey)).intact).toBe(true);
  }, 60_000);

  it('says on `npm run restore` that PostgreSQL is restored with pg_restore, without the password, and restores nothing', async () => {
    const dir = tempDir('pg-restore');
    const file = join(dir, 'baken.dump');
    writeFileSync(file, 'PGDMP');
    const r = await run('restore.ts', [file], {
      DATA_DIR: dir,
      DATABASE_URL: 'postgres://baken:s3cret-pw@127.0.0.1:1/baken',
    });
    expect(r.code).toBe(2);
    expect(r.out).toBe('');
    expect(r.err).toBe(
      'restore: the database is PostgreSQL; restore a pg_dump with pg_restore (pg_restore --clean --if-exists -d "$DATABASE_URL" baken.dump), see README "Backups"\n',
    );
    expect(readdirSync(dir)).toEqual(['baken.dump']);
  }, 60_000);

  it('answers a restore without exactly one file with its usage, and restores nothing', async () => {
    const dir = tempDir('usage');
    const r = await run('restore.ts', ['--force'], { DATA_DIR: dir, DATABASE_URL: join(dir, 'baken.sqlite') });
    expect(r.code).toBe(2);
    expect(r.err).toBe('restore failed: usage: npm run restore -- <backup file> [--force]\n');
    expect(readdirSync(dir)).toEqual([]);
  }, 60_000);

  it('keeps the newest BACKUP_KEEP backups and deletes only older files of its own naming', () => {
    const dir = tempDir('rotate');
    const names = [0, 1, 2, 3, 4].map((d) => backupFileName(new Date(Date.UTC(2026, 0, 1 + d, 3))));
    for (const n of names) writeFileSync(join(dir, n), 'x');
    writeFileSync(join(dir, 'before-upgrade-0029.sqlite'), 'kept by the operator');
    const removed = rotateBackups(dir, 2);
    expect(removed.sort()).toEqual(names.slice(0, 3));
    expect(readdirSync(dir).sort()).toEqual(['before-upgrade-0029.sqlite', ...names.slice(3)].sort());
    expect(() => rotateBackups(dir, 0)).toThrow(/at least one/);
  });

  it('rotates after a backup as BACKUP_KEEP says, and refuses a BACKUP_KEEP that is not a count', async () => {
    const { path, t } = await sqliteDesk();
    const backups = join(t.dir, 'backups');
    mkdirSync(backups, { recursive: true });
    const old = [1, 2, 3].map((d) => backupFileName(new Date(Date.UTC(2025, 0, d))));
    for (const n of old) writeFileSync(join(backups, n), 'x');
    const r = await run('backup.ts', [], { DATABASE_URL: path, DATA_DIR: t.dir, BACKUP_KEEP: '2' });
    expect(r.code, r.err).toBe(0);
    expect(r.out).toMatch(/^older backups deleted \(BACKUP_KEEP=2\): /m);
    const left = readdirSync(backups).sort();
    expect(left).toHaveLength(2);
    expect(left[0]).toBe(old[2]);
    const bad = await run('backup.ts', [], { DATABASE_URL: path, DATA_DIR: t.dir, BACKUP_KEEP: '0' });
    expect(bad.code).toBe(1);
    expect(bad.err).toBe('config error: BACKUP_KEEP: BACKUP_KEEP must be between 1 and 1000 (got "0")\n');
  }, 60_000);
});

describe('a failed migration (SQLite)', () => {
  it('is rolled back whole, names its file, keeps every migration before it, and runs again once fixed', async () => {
    const dir = tempDir('migrations');
    for (const f of migrationFiles(MIGRATIONS_DIR)) copyFileSync(join(MIGRATIONS_DIR, f), join(dir, f));
    const broken = join(dir, '9998_upgrade.sql');
    writeFileSync(
      broken,
      'CREATE TABLE upgrade_step (id INTEGER PRIMARY KEY);\nALTER TABLE no_such_table ADD x TEXT;\n',
    );
    const path = join(tempDir('db'), 'baken.sqlite');
    const { db } = openDatabase(path);
    cleanups.push(() => db.destroy());
    await expect(migrate(db, dir)).rejects.toThrow(
      /^migration 9998_upgrade\.sql failed, nothing of it was applied: no such table: no_such_table$/,
    );
    const sqlite = new SQLite(path, { readonly: true });
    const applied = sqlite.prepare('SELECT name FROM schema_migrations ORDER BY name').pluck().all();
    const half = sqlite.prepare("SELECT 1 FROM sqlite_master WHERE name = 'upgrade_step'").get();
    sqlite.close();
    expect(applied).toEqual(migrationFiles(MIGRATIONS_DIR));
    expect(half).toBeUndefined();
    writeFileSync(broken, 'CREATE TABLE upgrade_step (id INTEGER PRIMARY KEY);\n');
    expect(await migrate(db, dir)).toEqual(['9998_upgrade.sql']);
    expect(await migrate(db, dir)).toEqual([]);
  });
});

describe('starting Baken', () => {
  it('stops with one line when the port is in use', async () => {
    const busy: Server = await new Promise((resolve) => {
      const s = createServer().listen(0, '127.0.0.1', () => resolve(s));
    });
    cleanups.push(() => new Promise<void>((r) => busy.close(() => r())));
    const port = (busy.address() as { port: number }).port;
    const dir = tempDir('busy-port');
    const r = await run('main.ts', [], { DATA_DIR: dir, DATABASE_URL: join(dir, 'b.sqlite'), PORT: String(port) });
    expect(r.code).toBe(1);
    expect(r.err).toBe(
      `Baken could not start: port ${port} on 127.0.0.1 is in use by another process (EADDRINUSE): stop it or set PORT\n`,
    );
  }, 60_000);

  it('stops with one line when the data folder cannot be used', async () => {
    const dir = tempDir('bad-data');
    const notAFolder = join(dir, 'data');
    writeFileSync(notAFolder, '');
    const r = await run('main.ts', [], { DATA_DIR: notAFolder, DATABASE_URL: join(dir, 'b.sqlite'), PORT: '0' });
    expect(r.code).toBe(1);
    expect(r.err.trim().split('\n')).toHaveLength(1);
    expect(r.err).toMatch(
      /^Baken could not start: the data folder \(DATA_DIR\) .+ cannot be used: it is not a folder \(E\w+\); it must be a folder this user \(uid \d+\) can read and write\n$/,
    );
  }, 60_000);
});

describe('the sign-in page of a fresh install', () => {
  it('says how to create the first admin while no account exists, and not once one does', async () => {
    const t = await createTestApp();
    cleanups.push(() => t.close());
    const c = new Client(t.app);
    const fresh = await c.get('/login');
    expect(fresh.status).toBe(200);
    const html = await fresh.text();
    expect(html).toContain('id="no-users"');
    expect(html).toContain('Er bestaat nog geen account.');
    expect(html).toContain('ADMIN_EMAIL en ADMIN_PASSWORD (minstens 10 tekens)');
    expect(html).toContain('npm run demo');
    await makeUser(t.deps, ['admin']);
    const later = await c.get('/login');
    expect(later.status).toBe(200);
    expect(await later.text()).not.toContain('id="no-users"');
  });
});
