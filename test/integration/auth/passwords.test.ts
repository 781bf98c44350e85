import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config.js';
import { hashPassword, verifyPassword } from '../../../src/auth/passwords.js';
import { Client, createTestApp, type TestApp } from '../../support/test-app.js';

const OLD_COST = { N: 2 ** 14, r: 8, p: 1 };
const hashOf = async (t: TestApp, email: string) =>
  (await t.deps.db.selectFrom('users').select('password_hash').where('email', '=', email).executeTakeFirstOrThrow())
    .password_hash;

describe('passwords at OWASP’s scrypt cost', () => {
  let t: TestApp;
  afterEach(async () => {
    await t.close();
  });

  // The one test at the production cost (every other test app hashes at a low cost, test/support/test-app.ts).
  it('hashes at N = 2^17, r = 8, p = 1 by default and signs in against that hash', async () => {
    t = await createTestApp({
      PASSWORD_SCRYPT: undefined,
      ADMIN_EMAIL: 'first@baken.test',
      ADMIN_PASSWORD: 'first-admin-pw',
    });
    expect(t.deps.config.passwordScrypt).toEqual({ N: 131072, r: 8, p: 1 });
    const stored = await hashOf(t, 'first@baken.test');
    expect(stored).toMatch(/^scrypt\$131072\$8\$1\$[\w-]{22}\$[\w-]{43}$/);
    expect(await verifyPassword('first-admin-pW', stored)).toBe(false);
    const res = await new Client(t.app).post('/login', { email: 'first@baken.test', password: 'first-admin-pw' });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/statistics');
    expect(await hashOf(t, 'first@baken.test')).toBe(stored);
  });

  it('upgrades a hash made at the old cost at the next successful sign-in, and only then', async () => {
    t = await createTestApp({
      PASSWORD_SCRYPT: '2048,8,1',
      ADMIN_EMAIL: 'first@baken.test',
      ADMIN_PASSWORD: 'first-admin-pw',
    });
    const old = await hashPassword('first-admin-pw', OLD_COST);
    await t.deps.db.updateTable('users').set({ password_hash: old }).where('email', '=', 'first@baken.test').execute();
    const c = new Client(t.app);
    expect((await c.post('/login', { email: 'first@baken.test', password: 'wrong password' })).status).toBe(422);
    expect(await hashOf(t, 'first@baken.test')).toBe(old);

    expect((await c.post('/login', { email: 'first@baken.test', password: 'first-admin-pw' })).status).toBe(303);
    const upgraded = await hashOf(t, 'first@baken.test');
    expect(upgraded).toMatch(/^scrypt\$2048\$8\$1\$/);
    expect(upgraded).not.toContain('first-admin-pw');
    const login = await t.deps.db
      .selectFrom('audit_log')
      .selectAll()
      .where('action', '=', 'login')
      .executeTakeFirstOrThrow();
    expect(JSON.parse(login.details)).toEqual({ passwordRehashed: true });

    // The new hash signs in, and is not made again.
    expect(
      (await new Client(t.app).post('/login', { email: 'first@baken.test', password: 'first-admin-pw' })).status,
    ).toBe(303);
    expect(await hashOf(t, 'first@baken.test')).toBe(upgraded);
  });

  it('refuses a malformed or absurd stored hash instead of running it', async () => {
    t = await createTestApp({ ADMIN_EMAIL: 'first@baken.test', ADMIN_PASSWORD: 'first-admin-pw' });
    await t.deps.db
      .updateTable('users')
      .set({
        password_hash: 'scrypt$1073741824$8$1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA',
      })
      .where('email', '=', 'first@baken.test')
      .execute();
    const res = await new Client(t.app).post('/login', { email: 'first@baken.test', password: 'first-admin-pw' });
    expect(res.status).toBe(422);
  });
});

describe('PASSWORD_SCRYPT', () => {
  const base = { DATABASE_URL: ':memory:', PUBLIC_URL: 'http://x.test' };
  it('refuses a cost below OWASP’s minimum outside tests, naming the setting', () => {
    expect(() => loadConfig({ ...base, PASSWORD_SCRYPT: '16384,8,1' })).toThrow(/PASSWORD_SCRYPT: below OWASP/);
    expect(() =>
      loadConfig({
        ...base,
        NODE_ENV: 'production',
        DATA_KEY: Buffer.alloc(32).toString('base64'),
        TWILIO_AUTH_TOKEN: 'x',
        PASSWORD_SCRYPT: '1024,8,1',
      }),
    ).toThrow(/PASSWORD_SCRYPT/);
  });

  it('accepts OWASP’s equivalent rows and refuses what is not a cost', () => {
    expect(loadConfig({ ...base, PASSWORD_SCRYPT: '65536,8,2' }).passwordScrypt).toEqual({ N: 65536, r: 8, p: 2 });
    expect(loadConfig({ ...base }).passwordScrypt).toEqual({ N: 131072, r: 8, p: 1 });
    expect(() => loadConfig({ ...base, PASSWORD_SCRYPT: 'fast' })).toThrow(/PASSWORD_SCRYPT: write N,r,p/);
  });
});
