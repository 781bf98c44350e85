// vitest globalSetup: on PostgreSQL (TEST_DATABASE_URL), names this run's databases and drops them all at the end
// (and any a killed earlier run left behind). Nothing to do on SQLite.
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { testPostgresUrl } from './database.js';

async function dropRunDatabases(url: string, like: string) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ datname: string }>(
      `SELECT datname FROM pg_database WHERE datname LIKE $1 AND NOT datistemplate`,
      [like],
    );
    for (const { datname } of rows)
      if (/^[a-z0-9_]+$/.test(datname)) await client.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
  } finally {
    await client.end();
  }
}

export async function setup() {
  const url = testPostgresUrl();
  if (!url) return;
  process.env.BAKEN_TEST_RUN ??= randomBytes(3).toString('hex');
  // Databases of runs that were killed before their teardown (older than an hour, so a run beside this one is safe).
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ datname: string }>(
      `SELECT d.datname FROM pg_database d WHERE d.datname LIKE 'bt\\_%'
         AND (pg_stat_file('base/' || d.oid || '/PG_VERSION', true)).modification < now() - interval '1 hour'`,
    );
    for (const { datname } of rows)
      if (/^[a-z0-9_]+$/.test(datname)) await client.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
  } catch {
    // pg_stat_file needs superuser or pg_read_server_files; without it stale databases stay until dropped by hand
  } finally {
    await client.end();
  }
}

export async function teardown() {
  const url = testPostgresUrl();
  if (!url) return;
  await dropRunDatabases(url, `bt\\_${process.env.BAKEN_TEST_RUN}\\_%`);
}
