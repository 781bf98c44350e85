// Hostile input on every route a signed-in user can post to, and on every id in a path: never a 500, never a
// database error. Runs on SQLite and, with TEST_DATABASE_URL, on PostgreSQL (where a NUL byte in a text value or
// a number out of range used to reach the database and fail there).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ROLES } from '../../../src/users/users.table.js';
import { Client, createTestApp, type TestApp } from '../../support/test-app.js';
import { makeContact, makeUser, signInDirect } from '../../support/factories.js';

/** Every form field name the views draw (name="…"), and the fixed names of docs/contract.md. */
function formFields(): string[] {
  const names = new Set([
    ...['email', 'password', 'code', 'version', 'decision', 'reason', 'note', 'target', 'contact', 'careRegion'],
    ...[
      'birthYear',
      'reflectionStart',
      'reflectionDays',
      'assignee',
      'queue',
      'status',
      'priority',
      'id',
      'unplayable',
    ],
  ]);
  const walk = (dir: string) => {
    for (const f of readdirSync(dir)) {
      const p = join(dir, f);
      if (statSync(p).isDirectory()) walk(p);
      else for (const m of readFileSync(p, 'utf8').matchAll(/name="([A-Za-z]\w*)"/g)) names.add(m[1]!);
    }
  };
  walk(join(import.meta.dirname, '..', '..', '..', 'views'));
  names.delete('_csrf');
  return [...names];
}

const HOSTILE: [string, string][] = [
  ['a NUL byte', 'a\u0000b'],
  ['only a NUL byte', '\u0000'],
  ['other control characters', '\u0001\u0007\u001b[31m\u007f'],
  ['a word where a number belongs', 'abc'],
  ['a number beyond every integer type', '99999999999999999999'],
  ['a number in exponent form', '1e3'],
  ['a negative number', '-1'],
  ['a fraction', '1.5'],
  ['hexadecimal', '0x10'],
  ['an empty value', ''],
  ['SQL', "1'; drop table contacts; --"],
  ['an oversized value', 'x'.repeat(20_000)],
];

const HOSTILE_IDS = ['abc', '99999999999999999999', '1e3', '-1', '1.5', '0x1', '%00', '1%00', 'NaN', '%20'];

let t: TestApp;
let contactId: number;
let admin: { id: number };
const fields = formFields();

beforeAll(async () => {
  t = await createTestApp();
  admin = await makeUser(t.deps, [...ROLES], 'Fuzz');
  contactId = (await makeContact(t, { subject: 'Fuzz' })).id;
});
beforeEach(() => {
  t.logs.length = 0;
});
afterAll(async () => {
  await t?.close();
});

/** The app's own routes (not middleware), with their method. */
const routes = (method: string) => {
  const seen = new Set<string>();
  return t.app.routes
    .filter((r) => r.method === method && !r.path.includes('*') && !r.path.startsWith('/twilio'))
    .map((r) => r.path)
    .filter((p) => !seen.has(p) && seen.add(p));
};
const withIds = (path: string, id: string) => path.replace(/:\w+(\{[^}]*\})?/g, id);

const unhandled = () => t.logs.filter((l) => /unhandled|error/i.test(l) && /"level":"error"/.test(l));

describe('hostile form input on every route', () => {
  it('finds the routes it fuzzes', () => {
    expect(routes('POST').length).toBeGreaterThan(40);
    expect(fields).toEqual(expect.arrayContaining(['subject', 'partyName', 'version', 'decision', 'birthYear']));
  });

  it.each(HOSTILE)('answers %s in every field of every form without a server error', async (_what, value) => {
    const failures: string[] = [];
    for (const path of routes('POST')) {
      if (path === '/logout') continue; // signing out is not input handling
      const client = await signInDirect(t, new Client(t.app), admin.id);
      const form: Record<string, string> = {};
      for (const f of fields) form[f] = value;
      const res = await client.post(withIds(path, String(contactId)), form);
      if (res.status >= 500) failures.push(`${path} → ${res.status}`);
    }
    expect(failures).toEqual([]);
    expect(unhandled()).toEqual([]);
  });

  it('refuses a NUL byte at sign-in as a wrong password, not a server error', async () => {
    const client = new Client(t.app);
    for (const form of [
      { email: 'a\u0000@baken.test', password: 'x' },
      { email: 'admin@baken.test', password: 'pw\u0000' },
    ]) {
      const res = await client.post('/login', form);
      expect(res.status).toBe(422);
      expect(await res.text()).toContain('<form');
    }
    expect(unhandled()).toEqual([]);
  });

  it('strips control characters from a saved text (a NUL never reaches the database)', async () => {
    const client = await signInDirect(t, new Client(t.app), admin.id);
    const res = await client.post('/contacts', {
      channel: 'manual',
      direction: 'in',
      subject: 'Vraag\u0000 over\u0007 bedenktijd',
      queue: 'general',
      priority: 'normal',
    });
    expect(res.status).toBe(303);
    const id = Number(/\/contacts\/(\d+)/.exec(res.headers.get('Location') ?? '')?.[1]);
    const row = await t.deps.db.selectFrom('contacts').select('subject').where('id', '=', id).executeTakeFirstOrThrow();
    expect(row.subject).toBe('Vraag over bedenktijd');
  });

  it('strips control characters from the query string too', async () => {
    const client = await signInDirect(t, new Client(t.app), admin.id);
    const res = await client.get('/contacts?q=bedenk%00tijd%07');
    expect(res.status).toBe(200);
    expect(unhandled()).toEqual([]);
  });
});

describe('hostile ids in the path', () => {
  it.each(HOSTILE_IDS)('answers %s as an id in every path with 404, never a database error', async (id) => {
    const client = await signInDirect(t, new Client(t.app), admin.id);
    const failures: string[] = [];
    for (const method of ['GET', 'POST'] as const)
      for (const path of routes(method).filter((p) => /\/:\w*id\b/i.test(p) || /\/:id/.test(p))) {
        const url = withIds(path, id);
        const res = method === 'GET' ? await client.get(url) : await client.post(url, { version: '1' });
        if (res.status !== 404) failures.push(`${method} ${path} → ${res.status}`);
      }
    expect(failures).toEqual([]);
    expect(unhandled()).toEqual([]);
  });

  it.each([
    ['/contacts/abc'],
    ['/contacts/99999999999999999999'],
    ['/registrations/1e3'],
    ['/review/-1'],
    ['/calls/recordings/0x1'],
  ])('answers %s with the not-found page', async (path) => {
    const client = await signInDirect(t, new Client(t.app), admin.id);
    const res = await client.get(path);
    expect(res.status).toBe(404);
    expect(res.headers.get('Content-Type')).toContain('text/html');
    expect(await res.text()).not.toMatch(/sql|sqlite|postgres|invalid input syntax/i);
  });
});
