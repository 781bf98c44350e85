import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, makeUser, type TestApp } from '../../support/test-app.js';
import { throttleAddress } from '../../../src/auth/auth.service.js';

/** Signs in over the real routes as if from a given address (the socket's address, as getConnInfo reads it). */
async function attempt(t: TestApp, ip: string, email: string, password: string) {
  const env = { incoming: { socket: { remoteAddress: ip, remotePort: 40000, remoteFamily: 'IPv4' } } };
  const form = await t.app.request('http://baken.test/login', {}, env);
  const cookie = form.headers.getSetCookie().map((c) => c.split(';')[0]!);
  const csrf = cookie.find((c) => c.startsWith('baken_csrf='))!.slice('baken_csrf='.length);
  return t.app.request(
    'http://baken.test/login',
    {
      method: 'POST',
      body: new URLSearchParams({ email, password, _csrf: csrf }),
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Cookie: cookie.join('; ') },
    },
    env,
  );
}

const audits = (t: TestApp, action: string) =>
  t.deps.db.selectFrom('audit_log').selectAll().where('action', '=', action).execute();

describe('sign-in throttling that holds', () => {
  let t: TestApp;
  let admin: Awaited<ReturnType<typeof makeUser>>;
  beforeEach(async () => {
    t = await createTestApp();
    admin = await makeUser(t.deps, ['admin']);
  });
  afterEach(async () => {
    await t.close();
  });

  it('checks at most five of forty simultaneous wrong passwords, answering the rest 429 with Retry-After', async () => {
    const answers = await Promise.all(
      Array.from({ length: 40 }, (_, i) => attempt(t, '203.0.113.7', admin.email, `wrong-${i}`)),
    );
    const statuses = answers.map((r) => r.status);
    expect(statuses.filter((s) => s === 422)).toHaveLength(5);
    expect(statuses.filter((s) => s === 429)).toHaveLength(35);
    const throttled = answers.find((r) => r.status === 429)!;
    expect(Number(throttled.headers.get('Retry-After'))).toBeGreaterThan(0);
    // Only the attempts that reached the password check are audited as failed.
    expect(await audits(t, 'login.failed')).toHaveLength(5);
  });

  it('lets the real admin in from their own address while an attacker fails from another one', async () => {
    for (let i = 0; i < 12; i++) await attempt(t, '198.51.100.66', admin.email, `guess-${i}`);
    expect((await attempt(t, '198.51.100.66', admin.email, admin.password)).status).toBe(429);
    const real = await attempt(t, '192.0.2.10', admin.email, admin.password);
    expect(real.status).toBe(303);
    expect(real.headers.getSetCookie().some((c) => c.startsWith('baken_session='))).toBe(true);
  });

  it('slows a pair down with a growing delay instead of locking it for fifteen minutes', async () => {
    for (let i = 0; i < 5; i++) expect((await attempt(t, '192.0.2.10', admin.email, `typo-${i}`)).status).toBe(422);
    const first = await attempt(t, '192.0.2.10', admin.email, admin.password);
    expect(first.status).toBe(429);
    expect(first.headers.get('Retry-After')).toBe('30');
    t.clock.advance(31_000);
    expect((await attempt(t, '192.0.2.10', admin.email, 'typo-again')).status).toBe(422);
    const second = await attempt(t, '192.0.2.10', admin.email, admin.password);
    expect(second.status).toBe(429);
    expect(second.headers.get('Retry-After')).toBe('60');
    t.clock.advance(61_000);
    expect((await attempt(t, '192.0.2.10', admin.email, admin.password)).status).toBe(303);
    // A success forgets the pair's failures: the next typo is not delayed.
    expect((await attempt(t, '192.0.2.10', admin.email, 'typo-after')).status).toBe(422);
  });

  it('limits one address to twenty attempts in the window, whichever accounts it tries', async () => {
    for (let i = 0; i < 20; i++)
      expect((await attempt(t, '203.0.113.9', `nobody${i}@baken.test`, 'x-password')).status).toBe(422);
    const res = await attempt(t, '203.0.113.9', admin.email, admin.password);
    expect(res.status).toBe(429);
    expect(Number(res.headers.get('Retry-After'))).toBeGreaterThan(800);
    t.clock.advance(15 * 60_000 + 1000);
    expect((await attempt(t, '203.0.113.9', admin.email, admin.password)).status).toBe(303);
  });

  it('counts a whole IPv6 /64 as one address, so rotating addresses inside it does not help', async () => {
    for (let i = 1; i <= 20; i++)
      expect((await attempt(t, `2001:db8:1:2::${i.toString(16)}`, admin.email, `guess-${i}`)).status).not.toBe(303);
    expect((await attempt(t, '2001:db8:1:2::ff', admin.email, admin.password)).status).toBe(429);
    expect((await attempt(t, '2001:db8:1:3::1', admin.email, admin.password)).status).toBe(303);
  });

  it('writes one audit row per address and window however many throttled attempts arrive', async () => {
    for (let i = 0; i < 60; i++) await attempt(t, '203.0.113.50', `x${i % 3}@baken.test`, 'nope-nope');
    expect(await audits(t, 'login.throttled')).toHaveLength(1);
    expect((await audits(t, 'login.failed')).length).toBeLessThanOrEqual(20);
    t.clock.advance(16 * 60_000);
    for (let i = 0; i < 30; i++) await attempt(t, '203.0.113.50', 'x@baken.test', 'nope-nope');
    expect(await audits(t, 'login.throttled')).toHaveLength(2);
    const rows = await t.deps.db.selectFrom('login_failures').select('id').execute();
    expect(rows.length).toBeLessThanOrEqual(2 * 20 + 2);
  });
});

describe('the address a sign-in is throttled under', () => {
  it.each([
    ['203.0.113.7', '203.0.113.7'],
    ['::ffff:203.0.113.7', '203.0.113.7'],
    ['2001:db8:1:2:aaaa:bbbb:cccc:dddd', '2001:db8:1:2::/64'],
    ['2001:db8:1:2::1', '2001:db8:1:2::/64'],
    ['2001:0db8:0001:0002::ffff', '2001:db8:1:2::/64'],
    ['2001:db8::1', '2001:db8:0:0::/64'],
    ['::1', '0:0:0:0::/64'],
  ])('throttles %s as %s', (ip, expected) => {
    expect(throttleAddress(ip)).toBe(expected);
  });
});
