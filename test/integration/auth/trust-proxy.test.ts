import { afterEach, describe, expect, it } from 'vitest';
import { startServer } from '../../support/browser.js';
import { createTestApp, makeUser, type TestApp } from '../../support/test-app.js';
import { PASSWORD } from '../../support/factories.js';

/**
 * Sign-in over a real HTTP server on loopback: the socket's address is 127.0.0.1, which plays the load balancer
 * (TRUST_PROXY=127.0.0.1) or a client reaching the app directly (TRUST_PROXY unset or naming another address).
 */
async function signInOver(url: string, email: string, password: string, forwardedFor?: string) {
  const page = await fetch(`${url}/login`);
  const cookie = page.headers
    .getSetCookie()
    .map((c) => c.split(';')[0]!)
    .find((c) => c.startsWith('baken_csrf='))!;
  const body = new URLSearchParams({ email, password, _csrf: cookie.slice('baken_csrf='.length) });
  const res = await fetch(`${url}/login`, {
    method: 'POST',
    body,
    redirect: 'manual',
    headers: { Cookie: cookie, ...(forwardedFor ? { 'X-Forwarded-For': forwardedFor } : {}) },
  });
  await res.body?.cancel();
  return res.status;
}

/** Twenty wrong passwords from one client (on twenty accounts, so only the per-address limit applies). */
async function twentyFailures(url: string, forwardedFor: string) {
  for (let i = 0; i < 20; i++)
    expect(await signInOver(url, `nobody-${i}@baken.test`, 'wrong-password', forwardedFor)).toBe(422);
}

describe('the client address behind a trusted proxy', () => {
  let t: TestApp;
  let server: { url: string; close(): Promise<void> };
  afterEach(async () => {
    await server.close();
    await t.close();
  });

  it('throttles sign-in per client behind a trusted proxy, and the audit records the client', async () => {
    t = await createTestApp({ TRUST_PROXY: '127.0.0.1' });
    server = await startServer(t);
    const user = await makeUser(t.deps, ['agent']);
    await twentyFailures(server.url, '203.0.113.66, 198.51.100.7');
    expect(await signInOver(server.url, user.email, PASSWORD, '198.51.100.7')).toBe(429);
    // Another agent behind the same proxy is not locked out by the first client's failures.
    expect(await signInOver(server.url, user.email, PASSWORD, '198.51.100.8')).toBe(303);
    const rows = await t.deps.db
      .selectFrom('audit_log')
      .select(['action', 'ip'])
      .where('action', 'in', ['login.failed', 'login.throttled', 'login'])
      .execute();
    expect(rows.filter((r) => r.action === 'login.failed').map((r) => r.ip)).toEqual(Array(20).fill('198.51.100.7'));
    expect(rows.find((r) => r.action === 'login.throttled')?.ip).toBe('198.51.100.7');
    expect(rows.filter((r) => r.ip === '127.0.0.1')).toEqual([]);
  });

  it.each([
    ['unset', {}],
    ['naming another proxy', { TRUST_PROXY: '10.0.0.2' }],
  ])('ignores a forged X-Forwarded-For from a client that is not the proxy (TRUST_PROXY %s)', async (_, env) => {
    t = await createTestApp(env);
    server = await startServer(t);
    const user = await makeUser(t.deps, ['agent']);
    await twentyFailures(server.url, '198.51.100.7');
    // A new forged address does not escape the limit: the socket's address is the one counted.
    expect(await signInOver(server.url, user.email, PASSWORD, '198.51.100.99')).toBe(429);
    const ips = await t.deps.db.selectFrom('audit_log').select('ip').where('action', '=', 'login.failed').execute();
    expect(new Set(ips.map((r) => r.ip))).toEqual(new Set(['127.0.0.1']));
  });
});
