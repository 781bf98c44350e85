// The one place tests get a database from. By default a fresh SQLite file; when TEST_DATABASE_URL names a
// PostgreSQL server (e.g. postgres://postgres:baken@127.0.0.1:55432/postgres, a user that may create databases),
// a fresh PostgreSQL database instead, so the same tests run on both:
//   TEST_DATABASE_URL=postgres://… npm test
// Each worker migrates one template database from migrations/postgres/ (through buildDeps, as on SQLite) and
// every test app gets a copy of it (CREATE DATABASE … TEMPLATE, ~40 ms), dropped again when the app closes.
// test/support/pg-global-setup.ts drops whatever a killed run left behind.
import { randomBytes } from 'node:crypto';
import pg from 'pg';

/** The PostgreSQL server the suite runs on, or null for SQLite. */
export function testPostgresUrl(): string | null {
  const url = process.env.TEST_DATABASE_URL?.trim();
  return url && /^postgres(ql)?:\/\//i.test(url) ? url : null;
}
/** Whether this run's databases are PostgreSQL. */
export const onPostgres = () => testPostgresUrl() !== null;

/** The name prefix of every database this run makes (set once per run by the global setup). */
export const runPrefix = () => `bt_${process.env.BAKEN_TEST_RUN ?? 'local'}_`;

let admin: pg.Pool | undefined;
/** A connection to the server's maintenance database, to create and drop the tests' databases. */
function adminPool(): pg.Pool {
  const url = testPostgresUrl();
  if (!url) throw new Error('TEST_DATABASE_URL is not a postgres:// URL');
  if (!admin) {
    admin = new pg.Pool({ connectionString: url, max: 2 });
    admin.on('error', () => {});
  }
  return admin;
}

/** The URL of database `name` on the test server (same user, password, host and port). */
export function urlOf(name: string): string {
  const u = new URL(testPostgresUrl()!);
  u.pathname = `/${name}`;
  return u.toString();
}

const ident = (name: string) => {
  if (!/^[a-z0-9_]+$/.test(name)) throw new Error(`not a test database name: ${name}`);
  return `"${name}"`;
};

/** Creates an empty database with the collation Baken needs (C order, UTF-8 characters). */
export async function createEmptyDatabase(name: string): Promise<string> {
  await adminPool().query(
    `CREATE DATABASE ${ident(name)} TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C' LC_CTYPE 'C.UTF-8'`,
  );
  return urlOf(name);
}

/** Copies a database (which nobody may be connected to) into a new one. */
export async function copyDatabase(template: string, name: string): Promise<string> {
  await adminPool().query(`CREATE DATABASE ${ident(name)} TEMPLATE ${ident(template)} STRATEGY FILE_COPY`);
  return urlOf(name);
}

/** Drops a test database, ending any connection still open to it. */
export async function dropDatabase(name: string): Promise<void> {
  await adminPool().query(`DROP DATABASE IF EXISTS ${ident(name)} WITH (FORCE)`);
}

let counter = 0;
/** A new name for a database of this run and worker. */
export const newDatabaseName = (what = 't') =>
  `${runPrefix()}${what}_${process.pid}_${++counter}_${randomBytes(2).toString('hex')}`;

/** A fresh, empty PostgreSQL database of this run (migrated by whoever opens it first). */
export async function freshEmptyPostgres(): Promise<{ url: string; drop(): Promise<void> }> {
  const name = newDatabaseName('e');
  const url = await createEmptyDatabase(name);
  return { url, drop: () => dropDatabase(name) };
}
