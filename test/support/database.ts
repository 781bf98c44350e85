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

/**
 * Creates an empty UTF-8 database with the server's own locale (en_US.UTF-8 in CI, the default of the managed
 * services): Baken asks for byte order itself where it needs it.
 */
export async function createEmptyDatabase(name: string): Promise<string> {
  await adminPool().query(`CREATE DATABASE ${ident(name)} TEMPLATE template0 ENCODING 'UTF8'`);
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

/**
 * Databases whose schema a test changed behind the app's back (execSql: a dropped table, a failing trigger): they
 * are dropped after their test instead of being reset and used again.
 */
const changed = new Set<string>();
export const markSchemaChanged = (url: string) => changed.add(new URL(url).pathname.slice(1));
export const schemaChanged = (name: string) => changed.has(name);

/**
 * The SQL that puts a database copied from `template` back to the template's rows: every table emptied (triggers,
 * the audit log's and the foreign keys', off for it), the template's own rows (the migrations' seed data) put
 * back, every identity restarted after them. Much cheaper than a new copy of the template.
 */
export async function resetScriptOf(template: string): Promise<string> {
  const client = new pg.Client({ connectionString: urlOf(template) });
  await client.connect();
  try {
    const tables = (
      await client.query<{ t: string }>(
        `SELECT table_name AS t FROM information_schema.tables
          WHERE table_schema = 'public' AND table_type = 'BASE TABLE' AND table_name <> 'schema_migrations'`,
      )
    ).rows.map((r) => r.t);
    const identities = (
      await client.query<{ t: string; c: string }>(
        `SELECT table_name AS t, column_name AS c FROM information_schema.columns
          WHERE table_schema = 'public' AND is_identity = 'YES'`,
      )
    ).rows;
    const q = (s: string) => client.escapeIdentifier(s);
    const parts = ['SET session_replication_role = replica;'];
    for (const t of tables) parts.push(`DELETE FROM ${q(t)};`);
    for (const t of tables) {
      const rows = await client.query<{ j: string | null }>(`SELECT CAST(json_agg(x) AS text) AS j FROM ${q(t)} x`);
      const json = rows.rows[0]?.j;
      if (json)
        parts.push(
          `INSERT INTO ${q(t)} OVERRIDING SYSTEM VALUE SELECT * FROM json_populate_recordset(NULL::${q(t)}, ${client.escapeLiteral(json)});`,
        );
    }
    for (const { t, c } of identities)
      parts.push(
        `SELECT setval(pg_get_serial_sequence(${client.escapeLiteral(q(t))}, ${client.escapeLiteral(c)}), COALESCE((SELECT max(${q(c)}) FROM ${q(t)}), 0) + 1, false);`,
      );
    parts.push('RESET session_replication_role;');
    return parts.join('\n');
  } finally {
    await client.end();
  }
}

/** Runs a reset script (resetScriptOf) on database `name`. */
export async function resetDatabase(name: string, script: string): Promise<void> {
  const client = new pg.Client({ connectionString: urlOf(name) });
  await client.connect();
  try {
    await client.query(script);
  } finally {
    await client.end();
  }
}
