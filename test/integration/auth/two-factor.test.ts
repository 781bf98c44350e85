import { generate } from 'otplib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Client, createTestApp, makeUser, signedIn, type TestApp } from '../../support/test-app.js';
import { signInDirect } from '../../support/factories.js';
import type { Role } from '../../../src/users/users.table.js';

/** The code an authenticator app shows for this secret at the test clock's time (`offset` in seconds). */
const codeAt = (t: TestApp, secret: string, offset = 0) =>
  generate({ secret, epoch: Math.floor(t.clock.now.getTime() / 1000) + offset });

const auditOf = (t: TestApp, action: string) =>
  t.deps.db.selectFrom('audit_log').selectAll().where('action', '=', action).orderBy('id').execute();

/** Opens the enrolment page and reads the secret from the otpauth URI in its text. */
async function startEnrolment(client: Client) {
  const res = await client.get('/account/two-factor');
  expect(res.status).toBe(200);
  const html = await res.text();
  const uri = /otpauth:\/\/totp\/[^<"\s]+/.exec(html)?.[0];
  expect(uri).toBeDefined();
  const secret = new URL(uri!.replaceAll('&amp;', '&')).searchParams.get('secret')!;
  return { html, uri: uri!, secret };
}

/** A user with these roles and a factor turned on; returns the secret and the recovery codes shown once. */
async function enrolled(t: TestApp, roles: Role[] = ['supervisor']) {
  const { client, user } = await signedIn(t, roles);
  const { secret } = await startEnrolment(client);
  const res = await client.post('/account/two-factor', { code: await codeAt(t, secret) });
  expect(res.status).toBe(303);
  const page = await (await client.get('/account/two-factor')).text();
  const codes = [...page.matchAll(/<code>([a-z2-9]{5}-[a-z2-9]{5})<\/code>/g)].map((m) => m[1]!);
  // The next code is of a later time step: the one used for enrolment is spent.
  t.clock.advance(30_000);
  return { client, user, secret, codes };
}

describe('two-factor enrolment on /account/two-factor', () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await createTestApp();
  });
  afterEach(async () => {
    await t.close();
  });

  it('shows a new secret as an otpauth URI in the text beside a QR code drawn on the server, stored encrypted', async () => {
    const { client, user } = await signedIn(t, ['agent']);
    const { html, uri, secret } = await startEnrolment(client);
    expect(uri).toMatch(/^otpauth:\/\/totp\/Baken:/);
    expect(uri).toContain('issuer=Baken');
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(html).toMatch(/<img src="data:image\/svg\+xml;base64,[A-Za-z0-9+/=]+" alt="[^"]+"/);
    expect(html).toContain('<label for="code">');
    const row = await t.deps.db
      .selectFrom('two_factor')
      .selectAll()
      .where('user_id', '=', user.id)
      .executeTakeFirstOrThrow();
    expect(row.enabled_at).toBeNull();
    expect(row.secret_enc).not.toContain(secret);
    expect(t.deps.crypto.decrypt(row.secret_enc)).toBe(secret);
    // A reload shows the same secret (the app may have scanned it already).
    expect((await startEnrolment(client)).secret).toBe(secret);
  });

  it('draws a QR code that holds the otpauth URI', async () => {
    const { client } = await signedIn(t, ['agent']);
    const { html } = await startEnrolment(client);
    const svg = Buffer.from(/data:image\/svg\+xml;base64,([^"]+)/.exec(html)![1]!, 'base64').toString();
    expect(svg).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    expect(svg).not.toMatch(/<script|on\w+=/i);
  });

  it('answers a wrong code with 422 and the form, audited, and leaves the factor off', async () => {
    const { client, user } = await signedIn(t, ['agent']);
    const { secret } = await startEnrolment(client);
    const right = await codeAt(t, secret);
    const wrong = right === '000000' ? '111111' : '000000';
    const res = await client.post('/account/two-factor', { code: wrong });
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toContain('id="code-error"');
    expect(html).toContain(secret.slice(0, 4));
    const failed = await auditOf(t, 'two-factor.failed');
    expect(failed).toHaveLength(1);
    expect(failed[0]!.subject_id).toBe(String(user.id));
    expect(JSON.parse(failed[0]!.details)).toEqual({ stage: 'enrol', reason: 'wrong' });
    const row = await t.deps.db
      .selectFrom('two_factor')
      .selectAll()
      .where('user_id', '=', user.id)
      .executeTakeFirstOrThrow();
    expect(row.enabled_at).toBeNull();
  });

  it.each([
    ['empty', ''],
    ['five digits', '12345'],
    ['letters', 'abcdef'],
    ['oversized', '1'.repeat(5000)],
    ['hostile', '<script>alert(1)</script>'],
  ])('refuses a %s code with 422', async (_what, code) => {
    const { client } = await signedIn(t, ['agent']);
    await startEnrolment(client);
    const res = await client.post('/account/two-factor', { code });
    expect(res.status).toBe(422);
    expect(await res.text()).not.toContain('<script>alert');
  });

  it('turns the factor on with the right code (303), audited, and shows ten recovery codes once', async () => {
    const { client, user } = await signedIn(t, ['agent']);
    const { secret } = await startEnrolment(client);
    const res = await client.post('/account/two-factor', { code: await codeAt(t, secret) });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/account/two-factor?done=on');
    expect(await auditOf(t, 'two-factor.enable')).toHaveLength(1);
    const first = await (await client.get('/account/two-factor?done=on')).text();
    const codes = [...first.matchAll(/<code>([a-z2-9]{5}-[a-z2-9]{5})<\/code>/g)].map((m) => m[1]);
    expect(codes).toHaveLength(10);
    expect(new Set(codes).size).toBe(10);
    expect(first).not.toContain('otpauth://');
    // Stored only as keyed hashes, and shown only once.
    const stored = await t.deps.db.selectFrom('recovery_codes').selectAll().where('user_id', '=', user.id).execute();
    expect(stored).toHaveLength(10);
    for (const c of codes) expect(JSON.stringify(stored)).not.toContain(c!.replace('-', ''));
    const again = await (await client.get('/account/two-factor')).text();
    expect(again).not.toMatch(/<code>[a-z2-9]{5}-[a-z2-9]{5}<\/code>/);
    expect(again).toContain('10');
  });
});

describe('signing in with a second factor', () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await createTestApp();
  });
  afterEach(async () => {
    await t.close();
  });

  async function password(user: { email: string; password: string }, next?: string) {
    const c = new Client(t.app);
    const res = await c.post('/login', { email: user.email, password: user.password, ...(next ? { next } : {}) });
    return { c, res };
  }

  it('asks for the code after the right password, and every page redirects there until it is given', async () => {
    const { user, secret } = await enrolled(t);
    const { c, res } = await password(user);
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/login/two-factor');
    const pendingCookie = c.cookies.get('baken_session');
    for (const path of ['/contacts', '/account', '/admin/users', '/statistics']) {
      const page = await c.get(path);
      expect(page.status).toBe(302);
      expect(page.headers.get('location')).toBe('/login/two-factor');
    }
    const htmx = await c.get('/contacts', { 'HX-Request': 'true' });
    expect(htmx.status).toBe(401);
    expect(htmx.headers.get('HX-Redirect')).toBe('/login/two-factor');
    const form = await c.get('/login/two-factor');
    expect(form.status).toBe(200);
    expect(await form.text()).toContain('name="code"');
    expect(await auditOf(t, 'login.password')).toHaveLength(1);

    const done = await c.post('/login/two-factor', { code: await codeAt(t, secret) });
    expect(done.status).toBe(303);
    // The supervisor's own page (issue 23).
    expect(done.headers.get('location')).toBe('/statistics');
    // A new session (a new cookie): the one that only passed the password is gone.
    expect(c.cookies.get('baken_session')).not.toBe(pendingCookie);
    expect((await c.get('/contacts')).status).toBe(200);
    const logins = await auditOf(t, 'login');
    expect(JSON.parse(logins.at(-1)!.details)).toEqual({ factor: 'totp' });
  });

  it('goes back to the page asked for before signing in', async () => {
    const { user, secret } = await enrolled(t);
    const { c, res } = await password(user, '/contacts?queue=legal');
    expect(res.headers.get('location')).toBe('/login/two-factor?next=%2Fcontacts%3Fqueue%3Dlegal');
    const form = await (await c.get('/login/two-factor?next=%2Fcontacts%3Fqueue%3Dlegal')).text();
    expect(form).toContain('value="/contacts?queue=legal"');
    const done = await c.post('/login/two-factor', { code: await codeAt(t, secret), next: '/contacts?queue=legal' });
    expect(done.headers.get('location')).toBe('/contacts?queue=legal');
  });

  it('answers a wrong code with 422, audited, and the session stays waiting', async () => {
    const { user, secret } = await enrolled(t);
    const { c } = await password(user);
    const right = await codeAt(t, secret);
    const res = await c.post('/login/two-factor', { code: right === '123456' ? '654321' : '123456' });
    expect(res.status).toBe(422);
    expect(await res.text()).toContain('id="code-error"');
    const failed = await auditOf(t, 'two-factor.failed');
    expect(JSON.parse(failed.at(-1)!.details)).toEqual({ stage: 'sign-in', reason: 'wrong' });
    expect((await c.get('/contacts')).headers.get('location')).toBe('/login/two-factor');
  });

  it('refuses a code that was accepted once, within its window', async () => {
    const { user, secret } = await enrolled(t);
    const code = await codeAt(t, secret);
    const first = await password(user);
    expect((await first.c.post('/login/two-factor', { code })).status).toBe(303);
    t.clock.advance(5_000);
    const second = await password(user);
    const res = await second.c.post('/login/two-factor', { code });
    expect(res.status).toBe(422);
    const failed = await auditOf(t, 'two-factor.failed');
    expect(JSON.parse(failed.at(-1)!.details)).toEqual({ stage: 'sign-in', reason: 'replayed' });
    // The next code is accepted.
    t.clock.advance(30_000);
    expect((await second.c.post('/login/two-factor', { code: await codeAt(t, secret) })).status).toBe(303);
  });

  it('accepts a code of the step before or after (clock drift), but not two steps off', async () => {
    const { user, secret } = await enrolled(t);
    // Three steps after enrolment: neither the step two before now nor the one before was used.
    t.clock.advance(60_000);
    const { c } = await password(user);
    expect((await c.post('/login/two-factor', { code: await codeAt(t, secret, -60) })).status).toBe(422);
    expect((await c.post('/login/two-factor', { code: await codeAt(t, secret, 60) })).status).toBe(422);
    expect((await c.post('/login/two-factor', { code: await codeAt(t, secret, -30) })).status).toBe(303);
  });

  it('signs in once with each recovery code; a code used twice is refused and audited', async () => {
    const { user, codes } = await enrolled(t);
    expect(codes).toHaveLength(10);
    const first = await password(user);
    const res = await first.c.post('/login/two-factor', { code: codes[3]!.toUpperCase() });
    expect(res.status).toBe(303);
    const used = await auditOf(t, 'two-factor.recovery-code');
    expect(used).toHaveLength(1);
    expect(JSON.parse(used[0]!.details)).toEqual({ remaining: 9 });
    expect(JSON.parse((await auditOf(t, 'login')).at(-1)!.details)).toEqual({ factor: 'recovery' });

    const second = await password(user);
    const again = await second.c.post('/login/two-factor', { code: codes[3]! });
    expect(again.status).toBe(422);
    const failed = await auditOf(t, 'two-factor.failed');
    expect(JSON.parse(failed.at(-1)!.details)).toEqual({ stage: 'sign-in', reason: 'recovery-code-used' });
    expect((await second.c.post('/login/two-factor', { code: codes[4]! })).status).toBe(303);
    expect(await (await second.c.get('/account/two-factor')).text()).toContain('8');
  });

  it('throttles codes per account: five wrong ones, then 429 with Retry-After even for the right code', async () => {
    const { user, secret } = await enrolled(t);
    const right = await codeAt(t, secret);
    const wrong = right === '000000' ? '111111' : '000000';
    const { c } = await password(user);
    for (let i = 0; i < 5; i++) expect((await c.post('/login/two-factor', { code: wrong })).status).toBe(422);
    // From another address and session the account is throttled all the same.
    const other = await password(user);
    const res = await other.c.post('/login/two-factor', { code: right });
    expect(res.status).toBe(429);
    expect(Number(res.headers.get('Retry-After'))).toBeGreaterThan(0);
    expect(await auditOf(t, 'two-factor.throttled')).toHaveLength(1);
    expect(await auditOf(t, 'two-factor.failed')).toHaveLength(5);
    t.clock.advance(31_000);
    expect((await other.c.post('/login/two-factor', { code: await codeAt(t, secret) })).status).toBe(303);
  });

  it('asks for the password again when the code comes more than ten minutes after it', async () => {
    const { user, secret } = await enrolled(t);
    const { c } = await password(user);
    t.clock.advance(11 * 60_000);
    const res = await c.post('/login/two-factor', { code: await codeAt(t, secret) });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/login?expired=factor');
    expect(await (await c.get('/login?expired=factor')).text()).toContain('Het inloggen duurde te lang');
    expect((await c.get('/contacts')).headers.get('location')).toMatch(/^\/login\?next=/);
  });

  it('sends /login/two-factor without a waiting session to /login, and refuses its form without the CSRF token', async () => {
    const c = new Client(t.app);
    const res = await c.get('/login/two-factor');
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe('/login');
    const { user } = await enrolled(t);
    const { c: waiting } = await password(user);
    expect((await waiting.post('/login/two-factor', { code: '123456' }, {}, { csrf: false })).status).toBe(403);
  });

  it('signs a user without a factor in with the password alone', async () => {
    const user = await makeUser(t.deps, ['agent']);
    const { res } = await password(user);
    expect(res.headers.get('location')).toBe('/contacts');
  });
});

describe('the grace period and the admin', () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await createTestApp({ MFA_GRACE_DAYS: '14' });
  });
  afterEach(async () => {
    await t.close();
  });

  it('lets a supervisor without a factor in during the grace period, with a reminder on every page', async () => {
    const user = await makeUser(t.deps, ['supervisor']);
    t.clock.advance(13 * 86_400_000);
    const c = new Client(t.app);
    await c.signIn(user.email, user.password);
    const page = await c.get('/contacts');
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('factor-reminder');
    expect(html).toContain('07-12-2026');
    expect(html).toContain('href="/account/two-factor"');
  });

  it('after the grace period opens only the enrolment to a user who needs a factor, until it is on', async () => {
    const user = await makeUser(t.deps, ['coordinator']);
    t.clock.advance(15 * 86_400_000);
    const c = new Client(t.app);
    await c.signIn(user.email, user.password);
    for (const path of ['/contacts', '/registrations', '/account']) {
      const res = await c.get(path);
      expect(res.status).toBe(302);
      expect(res.headers.get('location')).toBe('/account/two-factor');
    }
    const post = await c.post('/account', { locale: 'nl' });
    expect(post.status).toBe(303);
    expect(post.headers.get('location')).toBe('/account/two-factor');
    const { html, secret } = await startEnrolment(c);
    expect(html).toContain('flash-info');
    expect((await c.post('/account/two-factor', { code: await codeAt(t, secret) })).status).toBe(303);
    expect((await c.get('/registrations')).status).toBe(200);
  });

  it('leaves an agent without a factor alone, until the admin requires it of everyone (audited)', async () => {
    const agent = await makeUser(t.deps, ['agent']);
    t.clock.advance(20 * 86_400_000);
    const { client: admin, user: adminUser } = await signedIn(t, ['admin']);
    const c = await signInDirect(t, new Client(t.app), agent.id);
    expect((await c.get('/contacts')).status).toBe(200);
    const res = await admin.post('/admin/users/two-factor-policy', { everyone: 'yes' });
    expect(res.status).toBe(303);
    const policy = await auditOf(t, 'two-factor.policy');
    expect(policy).toHaveLength(1);
    expect(policy[0]!.actor_id).toBe(adminUser.id);
    expect((await c.get('/contacts')).headers.get('location')).toBe('/account/two-factor');
    // The admin was made just now: inside their own grace period.
    expect((await admin.get('/admin/users')).status).toBe(200);
    await admin.post('/admin/users/two-factor-policy', {});
    expect((await c.get('/contacts')).status).toBe(200);
  });

  it('refuses the policy and the reset to a user who is not an admin', async () => {
    const { client } = await signedIn(t, ['supervisor']);
    const { user } = await enrolled(t, ['agent']);
    expect((await client.post('/admin/users/two-factor-policy', { everyone: 'yes' })).status).toBe(403);
    expect((await client.post(`/admin/users/${user.id}/two-factor/reset`)).status).toBe(403);
    expect(await auditOf(t, 'two-factor.reset')).toHaveLength(0);
  });

  it('lets an admin reset a lost factor: audited, the user’s sessions end, and they enrol again', async () => {
    const { client: admin, user: adminUser } = await signedIn(t, ['admin']);
    const { client, user } = await enrolled(t, ['legal']);
    const edit = await (await admin.get(`/admin/users/${user.id}`)).text();
    expect(edit).toContain(`action="/admin/users/${user.id}/two-factor/reset"`);
    const res = await admin.post(`/admin/users/${user.id}/two-factor/reset`);
    expect(res.status).toBe(303);
    const reset = await auditOf(t, 'two-factor.reset');
    expect(reset).toHaveLength(1);
    expect(reset[0]!.actor_id).toBe(adminUser.id);
    expect(reset[0]!.subject_id).toBe(String(user.id));
    expect(
      await t.deps.db.selectFrom('recovery_codes').selectAll().where('user_id', '=', user.id).execute(),
    ).toHaveLength(0);
    expect((await client.get('/contacts')).status).toBe(302);
    // The password alone signs them in again (inside the grace period), without the code step.
    const again = new Client(t.app);
    const login = await again.post('/login', { email: user.email, password: user.password });
    expect(login.headers.get('location')).toBe('/routing/legal');
  });

  it('lets a user whose role does not require it turn the factor off with a code, but not a supervisor', async () => {
    const { client, secret } = await enrolled(t, ['agent']);
    const wrong = (await codeAt(t, secret)) === '000000' ? '111111' : '000000';
    expect((await client.post('/account/two-factor/disable', { code: wrong })).status).toBe(422);
    const res = await client.post('/account/two-factor/disable', { code: await codeAt(t, secret) });
    expect(res.status).toBe(303);
    expect(await auditOf(t, 'two-factor.disable')).toHaveLength(1);
    const sup = await enrolled(t, ['supervisor']);
    expect(await (await sup.client.get('/account/two-factor')).text()).not.toContain('/account/two-factor/disable');
    expect((await sup.client.post('/account/two-factor/disable', { code: await codeAt(t, sup.secret) })).status).toBe(
      403,
    );
  });
});
