import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Client, createTestApp, makeUser, signedIn, type TestApp } from '../../support/test-app.js';

describe('signing in and out', () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await createTestApp({ ADMIN_EMAIL: 'first@baken.test', ADMIN_PASSWORD: 'first-admin-pw' });
  });
  afterEach(async () => {
    await t.close();
  });

  it('creates the first admin from ADMIN_EMAIL on a start with no users', async () => {
    const admin = await t.deps.db
      .selectFrom('users')
      .selectAll()
      .where('email', '=', 'first@baken.test')
      .executeTakeFirstOrThrow();
    expect(admin.roles).toContain('admin');
    expect(admin.password_hash).toMatch(/^scrypt\$/);
    expect(admin.password_hash).not.toContain('first-admin-pw');
  });

  it('redirects a page without a session to /login and returns there after signing in', async () => {
    const c = new Client(t.app);
    const res = await c.get('/contacts?queue=legal');
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe('/login?next=%2Fcontacts%3Fqueue%3Dlegal');
    const login = await c.post('/login', {
      email: 'first@baken.test',
      password: 'first-admin-pw',
      next: '/contacts?queue=legal',
    });
    expect(login.status).toBe(303);
    expect(login.headers.get('location')).toBe('/contacts?queue=legal');
    const cookie = login.headers.getSetCookie().find((s) => s.startsWith('baken_session='))!;
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    expect((await c.get('/contacts?queue=legal')).status).toBe(200);
  });

  it('never redirects to another site after signing in', async () => {
    const c = new Client(t.app);
    const res = await c.post('/login', {
      email: 'first@baken.test',
      password: 'first-admin-pw',
      next: '//evil.example/x',
    });
    // The first admin is also a supervisor: the desk's figures are their own page (issue 23).
    expect(res.headers.get('location')).toBe('/statistics');
  });

  it('answers a wrong password with 422, keeps the typed address and audits the failure', async () => {
    const c = new Client(t.app);
    const res = await c.post('/login', { email: 'first@baken.test', password: 'wrong-password' });
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toContain('value="first@baken.test"');
    const audit = await t.deps.db.selectFrom('audit_log').selectAll().where('action', '=', 'login.failed').execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]!.details).not.toContain('first@baken.test');
  });

  it('answers missing fields with 422 and a message next to the field', async () => {
    const res = await new Client(t.app).post('/login', { email: '', password: '' });
    expect(res.status).toBe(422);
    expect(await res.text()).toContain('id="email-error"');
  });

  it('throttles sign-in after five failures with 429, even with the right password, and logs it', async () => {
    const c = new Client(t.app);
    for (let i = 0; i < 5; i++)
      expect((await c.post('/login', { email: 'first@baken.test', password: `wrong-${i}` })).status).toBe(422);
    const res = await c.post('/login', { email: 'first@baken.test', password: 'first-admin-pw' });
    expect(res.status).toBe(429);
    expect(t.logs.some((l) => l.includes('sign-in throttled'))).toBe(true);
    expect(t.logs.join('\n')).not.toContain('first@baken.test');
    t.clock.advance(16 * 60_000);
    expect((await c.post('/login', { email: 'first@baken.test', password: 'first-admin-pw' })).status).toBe(303);
  });

  it('refuses a form without the CSRF token', async () => {
    const { client } = await signedIn(t);
    const res = await client.post(
      '/contacts',
      { subject: 'x', channel: 'phone', direction: 'in', queue: 'general', priority: 'normal' },
      {},
      { csrf: false },
    );
    expect(res.status).toBe(403);
    expect(await t.deps.db.selectFrom('contacts').select('id').execute()).toHaveLength(0);
  });

  it('refuses a form posted from another origin', async () => {
    const { client } = await signedIn(t);
    const res = await client.post(
      '/contacts',
      { subject: 'x', channel: 'phone', direction: 'in', queue: 'general', priority: 'normal' },
      { Origin: 'https://evil.example' },
    );
    expect(res.status).toBe(403);
  });

  it('ends a session after the idle timeout and sends the agent back to sign in', async () => {
    const { client } = await signedIn(t);
    expect((await client.get('/contacts')).status).toBe(200);
    t.clock.advance(31 * 60_000);
    const res = await client.get('/contacts');
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toContain('expired=1');
  });

  it('signs out, ends the session on the server and audits it', async () => {
    const { client } = await signedIn(t);
    expect((await client.post('/logout')).status).toBe(303);
    expect(await t.deps.db.selectFrom('sessions').selectAll().execute()).toHaveLength(0);
    expect((await client.get('/contacts')).status).toBe(302);
  });

  it('does not let a deactivated user sign in', async () => {
    const u = await makeUser(t.deps, ['agent']);
    await t.deps.db.updateTable('users').set({ active: 0 }).where('id', '=', u.id).execute();
    expect((await new Client(t.app).post('/login', { email: u.email, password: u.password })).status).toBe(422);
  });

  it('sends security headers with a policy that allows no inline script', async () => {
    const res = await t.app.request('/login');
    const csp = res.headers.get('content-security-policy')!;
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    expect(res.headers.get('x-frame-options')).toBe('SAMEORIGIN');
    expect(await res.text()).not.toMatch(/<script(?![^>]*src=)/);
  });

  it('serves htmx from its npm package', async () => {
    const res = await t.app.request('/static/htmx.min.js');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('javascript');
    expect((await res.text()).length).toBeGreaterThan(10_000);
  });

  it('lets a user switch the interface to Dutch', async () => {
    const { client } = await signedIn(t);
    expect(await (await client.get('/contacts')).text()).toContain('Inbox');
    expect((await client.post('/account', { locale: 'nl' })).status).toBe(303);
    expect(await (await client.get('/contacts/new')).text()).toContain('Contact vastleggen');
  });
});
