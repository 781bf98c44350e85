import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { loadConfig, type Env } from '../../src/config.js';
import { buildDeps } from '../../src/boot.js';
import { createApp } from '../../src/app.js';
import { createLogger } from '../../src/shared/log.js';
import type { Deps } from '../../src/deps.js';
import {
  copyDatabase,
  createEmptyDatabase,
  dropDatabase,
  newDatabaseName,
  resetDatabase,
  resetScriptOf,
  schemaChanged,
  testPostgresUrl,
  urlOf,
} from './database.js';

/** A clock tests can set and move. */
export class TestClock {
  constructor(public now: Date = new Date('2026-11-23T10:00:00Z')) {}
  set(iso: string) {
    this.now = new Date(iso);
  }
  advance(ms: number) {
    this.now = new Date(this.now.getTime() + ms);
  }
  fn = () => new Date(this.now.getTime());
}

export interface TestApp {
  app: ReturnType<typeof createApp>;
  deps: Deps;
  clock: TestClock;
  dir: string;
  logs: string[];
  close(): Promise<void>;
}

let template: Promise<string> | undefined;
/**
 * A database migrated from the real .sql files, once per worker process; every test app starts from a copy of
 * it (copying the file takes ~2 ms, migrating ~7 ms).
 */
function migratedTemplate(): Promise<string> {
  template ??= (async () => {
    const dir = mkdtempSync(join(tmpdir(), 'baken-template-'));
    process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
    const config = loadConfig({
      NODE_ENV: 'test',
      DATABASE_URL: join(dir, 'baken.sqlite'),
      DATA_DIR: dir,
      DATA_KEY: randomBytes(32).toString('base64'),
      AUDIT_KEY: randomBytes(32).toString('base64'),
      PUBLIC_URL: 'http://baken.test',
    });
    const deps = await buildDeps(config, createLogger({ write: () => {} }));
    await deps.events.close();
    await deps.db.destroy();
    return config.databasePath;
  })();
  return template;
}

let pgTemplate: Promise<string> | undefined;
/** On PostgreSQL: a database migrated from migrations/postgres/, once per worker process, to copy for each app. */
function migratedPostgresTemplate(): Promise<string> {
  pgTemplate ??= (async () => {
    const name = newDatabaseName('tpl');
    const dir = mkdtempSync(join(tmpdir(), 'baken-template-'));
    process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
    const config = loadConfig({
      NODE_ENV: 'test',
      DATABASE_URL: await createEmptyDatabase(name),
      DATA_DIR: dir,
      DATA_KEY: randomBytes(32).toString('base64'),
      AUDIT_KEY: randomBytes(32).toString('base64'),
      PUBLIC_URL: 'http://baken.test',
    });
    const deps = await buildDeps(config, createLogger({ write: () => {} }));
    await deps.events.close();
    await deps.db.destroy();
    return name;
  })();
  return pgTemplate;
}

/** This worker's PostgreSQL databases free for the next app, and the SQL that resets one. */
const free: string[] = [];
let resetScript: Promise<string> | undefined;
let reuse = true;
async function copyOfTemplate(): Promise<string> {
  const name = newDatabaseName();
  await copyDatabase(await migratedPostgresTemplate(), name);
  return name;
}

/**
 * A fresh migrated database for a test app, from the one place tests get databases (test/support/database.ts):
 * a copy of this worker's migrated template, an SQLite file in `dir` or, when TEST_DATABASE_URL names a
 * PostgreSQL server, a PostgreSQL database (dropped by the returned function).
 */
export async function freshTestDatabase(dir: string): Promise<{ url: string; drop(): Promise<void> }> {
  if (testPostgresUrl()) {
    // A database a closed app left is reset to the template's rows and used again (~10 ms); a new copy of the
    // template (CREATE DATABASE … TEMPLATE) only when none is free, e.g. for a test with two apps at once.
    const name = free.pop() ?? (await copyOfTemplate());
    return {
      url: urlOf(name),
      drop: async () => {
        if (schemaChanged(name) || !reuse) return dropDatabase(name);
        try {
          resetScript ??= resetScriptOf(await migratedPostgresTemplate());
          await resetDatabase(name, await resetScript);
          free.push(name);
        } catch {
          // A user that is no superuser may not turn triggers off for the reset: a new copy for every app then.
          reuse = false;
          await dropDatabase(name);
        }
      },
    };
  }
  const path = join(dir, 'baken.sqlite');
  copyFileSync(await migratedTemplate(), path);
  return { url: path, drop: async () => {} };
}

/**
 * Builds the real app on a fresh database (freshTestDatabase: an SQLite file in a temp folder, or a PostgreSQL
 * database when TEST_DATABASE_URL is set), unless the test names its own DATABASE_URL (then it is migrated from
 * the real .sql files on start, as in production).
 */
export async function createTestApp(env: Env = {}, opts: { now?: string } = {}): Promise<TestApp> {
  const dir = mkdtempSync(join(tmpdir(), 'baken-test-'));
  const database = env.DATABASE_URL === undefined ? await freshTestDatabase(dir) : null;
  const config = loadConfig({
    NODE_ENV: 'test',
    DATABASE_URL: database?.url ?? join(dir, 'baken.sqlite'),
    DATA_DIR: dir,
    DATA_KEY: randomBytes(32).toString('base64'),
    AUDIT_KEY: randomBytes(32).toString('base64'),
    PUBLIC_URL: 'http://baken.test',
    // scrypt at OWASP's cost takes ~400 ms and 128 MiB a hash; tests hash at a low cost unless they ask for the
    // real one (PASSWORD_SCRYPT: undefined), as test/integration/auth/passwords.test.ts does.
    PASSWORD_SCRYPT: '1024,8,1',
    // Tests never ask the machine's DNS: the sender-check tests name their own local DNS stand-in.
    DNS_SERVERS: 'off',
    // Off by default since issue 21; the tests turn the development tools on explicitly (the simulator, the
    // per-install webhook token). A test passes DEV_TOOLS: 'false' to see the app without them.
    DEV_TOOLS: 'true',
    ...env,
  });
  const clock = new TestClock(opts.now ? new Date(opts.now) : undefined);
  const logs: string[] = [];
  let deps: Deps;
  try {
    deps = await buildDeps(config, createLogger({ write: (l) => logs.push(l), level: config.logLevel }), clock.fn);
  } catch (e) {
    await database?.drop();
    throw e;
  }
  const app = createApp(deps);
  return {
    app,
    deps,
    clock,
    dir,
    logs,
    async close() {
      await deps.events.close();
      await deps.db.destroy();
      await database?.drop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A browser-like client over app.request(): keeps cookies, sends the CSRF token with every form. */
export class Client {
  cookies = new Map<string, string>();
  constructor(
    private readonly app: TestApp['app'],
    private readonly base = 'http://baken.test',
  ) {}

  private cookieHeader() {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }
  private keep(res: Response) {
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const i = pair!.indexOf('=');
      const name = pair!.slice(0, i),
        value = pair!.slice(i + 1);
      if (/Max-Age=0/i.test(c) || value === '') this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    return res;
  }
  get csrf() {
    return this.cookies.get('baken_csrf') ?? '';
  }

  async get(path: string, headers: Record<string, string> = {}) {
    return this.keep(
      await this.app.request(this.base + path, { headers: { Cookie: this.cookieHeader(), ...headers } }),
    );
  }
  async post(
    path: string,
    form: Record<string, string | string[]> = {},
    headers: Record<string, string> = {},
    opts: { csrf?: boolean } = {},
  ) {
    if (!this.cookies.has('baken_csrf')) await this.get('/login');
    const body = new URLSearchParams();
    for (const [k, v] of Object.entries(form)) for (const x of [v].flat()) body.append(k, x);
    if (opts.csrf !== false && !('_csrf' in form)) body.append('_csrf', this.csrf);
    return this.keep(
      await this.app.request(this.base + path, {
        method: 'POST',
        body,
        headers: { Cookie: this.cookieHeader(), 'Content-Type': 'application/x-www-form-urlencoded', ...headers },
      }),
    );
  }
  async signIn(email: string, password: string) {
    const res = await this.post('/login', { email, password });
    if (res.status !== 303) throw new Error(`sign-in failed: ${res.status}`);
    return res;
  }
}

// The user factories live with the other test data factories; these names stay for the tests that import them here.
export { makeUser, signedIn } from './factories.js';
