import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserAvailable, launchBrowser, scriptErrors } from '../support/browser.js';
import { createTestApp, makeUser, type TestApp } from '../support/test-app.js';
import { sid, twilioSignature } from '../support/twilio.js';

// An open page keeps its live stream through an instance's restart or a database outage: the browser reconnects
// a stream that ended by itself, and keeps trying (2, 4, 8 … up to 60 s) while its reconnection is refused.
// (htmx's SSE support; public/live.js shows the state in body[data-live].)
const TOKEN = 'browser-twilio-token';
const PUBLIC = 'https://baken.example.org';

const listen = (fetch: Parameters<typeof serve>[0]['fetch'], port: number) =>
  new Promise<ServerType>((resolve) => {
    const s = serve({ fetch, port, hostname: '127.0.0.1' }, () => resolve(s));
  });
const close = (s: ServerType) =>
  new Promise<void>((r) => {
    (s as unknown as { closeAllConnections?: () => void }).closeAllConnections?.();
    s.close(() => r());
  });

describe.skipIf(!browserAvailable)('the live stream of an open page', () => {
  let t: TestApp;
  let server: ServerType;
  let browser: Awaited<ReturnType<typeof launchBrowser>>;
  beforeAll(async () => {
    t = await createTestApp({ TWILIO_AUTH_TOKEN: TOKEN, PUBLIC_URL: PUBLIC }, { now: '2026-11-23T10:00:00Z' });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    if (server) await close(server);
    await t?.close();
  });

  it('comes back by itself after its reconnection was refused with an error, and pops up the next call', async () => {
    const user = await makeUser(t.deps, ['agent'], 'Eva');
    server = await listen(t.app.fetch, 0);
    const port = (server.address() as AddressInfo).port;
    const url = `http://127.0.0.1:${port}`;
    const { page } = browser;
    const errors = scriptErrors(page);
    await page.goto(`${url}/login`);
    await page.fill('#email', user.email);
    await page.fill('#password', user.password);
    await page.locator('form button[type=submit]').click();
    await page.waitForURL(`${url}/contacts`);
    await expect.poll(() => page.evaluate(() => document.body.dataset.live), { timeout: 5000 }).toBe('connected');

    // The instance goes away and comes back on the same address, answering the live stream with 503 for a while
    // (its database is not back yet): the browser's own reconnection gets the 503 and gives up.
    await close(server);
    let refused = 0;
    let refusing = true;
    server = await listen((req, ...rest) => {
      if (refusing && new URL(req.url).pathname === '/live/events') {
        refused++;
        return new Response('database unavailable', { status: 503 });
      }
      return t.app.fetch(req, ...rest);
    }, port);
    await expect.poll(() => refused, { timeout: 10_000 }).toBeGreaterThanOrEqual(1);
    expect(await page.evaluate(() => document.body.dataset.live)).toBe('reconnecting');
    refusing = false;

    // The page opens a new stream by itself, and it carries events again.
    await expect.poll(() => page.evaluate(() => document.body.dataset.live), { timeout: 15_000 }).toBe('connected');
    const call = { CallSid: sid('CA', 'after'), From: '0612345678', To: '+31334481186', CallStatus: 'ringing' };
    const res = await fetch(`${url}/twilio/voice`, {
      method: 'POST',
      body: new URLSearchParams(call),
      headers: {
        'Content-Type': 'application/x-www-form-urlencoded',
        'X-Twilio-Signature': twilioSignature(TOKEN, `${PUBLIC}/twilio/voice`, call),
      },
    });
    expect(res.status).toBe(200);
    await page.locator('#screen-pop .pop').waitFor({ state: 'visible', timeout: 5000 });
    // The network errors of the stream cut and refused are the point (htmx reports them as htmx:sse:error); no
    // script error besides them.
    expect(errors.filter((e) => !/^Failed to load resource|^htmx: htmx:sse:error: /.test(e))).toEqual([]);
  }, 60_000);
});
