import { afterEach, describe, expect, it } from 'vitest';
import { createTestApp, signedIn, type TestApp } from '../../support/test-app.js';
import { ingestComposed } from '../../support/factories.js';
import { sid, signedTwilioPost } from '../../support/twilio.js';
import { startLeasedJob } from '../../../src/db/leases.js';
import { raiseDeadlineTasks } from '../../../src/registrations/deadlines.service.js';
import { secondInstance } from '../../support/two-instances.js';

const METRICS_TOKEN = 'metrics-token-0123456789abcdef';
const TWILIO = { TWILIO_AUTH_TOKEN: 'test-twilio-auth-token-0123456789', PUBLIC_URL: 'https://baken.example.org' };
const call = (n: number, from: string) => ({
  AccountSid: `AC${'1'.repeat(32)}`,
  CallSid: sid('CA', n),
  From: from,
  To: '+31334481186',
  Direction: 'inbound',
  CallStatus: 'ringing',
});

describe('operations: /metrics, logs and the jobs page', () => {
  let t: TestApp;
  afterEach(async () => {
    await t.close();
  });
  const scrape = (token?: string) =>
    t.app.request('http://baken.test/metrics', { headers: token ? { Authorization: `Bearer ${token}` } : {} });

  it('has no /metrics without METRICS_TOKEN', async () => {
    t = await createTestApp();
    const res = await scrape(METRICS_TOKEN);
    expect(res.status).toBe(404);
    expect(await res.text()).not.toContain('baken_');
  });

  it.each([
    ['no Authorization header', undefined],
    ['a wrong token', 'metrics-token-0123456789abcdeX'],
    ['the token as a prefix', `${METRICS_TOKEN}0`],
  ])('answers /metrics with %s with 401', async (_, token) => {
    t = await createTestApp({ METRICS_TOKEN });
    const res = await scrape(token);
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toMatch(/^Bearer/);
    expect(await res.text()).not.toContain('baken_');
    const basic = await t.app.request('http://baken.test/metrics', {
      headers: { Authorization: `Basic ${Buffer.from(`x:${METRICS_TOKEN}`).toString('base64')}` },
    });
    expect(basic.status).toBe(401);
  });

  it('shows a webhook just sent, a mail just in, the queues, the review and the event loop in Prometheus format', async () => {
    t = await createTestApp({ METRICS_TOKEN, ...TWILIO }, { now: '2026-11-28T20:00:00Z' }); // Saturday: closed
    expect(
      (
        await signedTwilioPost(
          t.app,
          TWILIO.PUBLIC_URL,
          TWILIO.TWILIO_AUTH_TOKEN,
          '/twilio/voice',
          call(1, '+31611111111'),
        )
      ).status,
    ).toBe(200);
    const unsigned = await t.app.request('https://baken.example.org/twilio/voice', {
      method: 'POST',
      body: new URLSearchParams(call(2, '+31622222222')),
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    });
    expect(unsigned.status).toBe(403);
    await ingestComposed(t, { from: 'someone@voorbeeld.nl', to: 'desk@baken.test', subject: 'Vraag', text: 'Hallo' });

    const res = await scrape(METRICS_TOKEN);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const text = await res.text();
    expect(text).toContain('baken_webhooks_total{hook="/twilio/voice",outcome="accepted"} 1');
    expect(text).toContain('baken_webhooks_total{hook="/twilio/voice",outcome="refused"} 1');
    expect(text).toContain('baken_mails_in_total{channel="smtp",outcome="stored"} 1');
    expect(text).toMatch(
      /baken_http_request_duration_seconds_count\{method="POST",route="\/twilio\/voice",status="2xx"\} 1/,
    );
    expect(text).toMatch(/baken_queue_open_contacts\{queue="after-hours"\} 2/);
    expect(text).toContain('baken_outbox_mails{status="failed"} 0');
    expect(text).toMatch(/baken_review_waiting_items \d/);
    expect(text).toMatch(/baken_review_oldest_waiting_seconds \d/);
    expect(text).toMatch(/nodejs_eventloop_lag_p99_seconds \d/);
    // Nothing that names a person: no number, no address.
    expect(text).not.toContain('611111111');
    expect(text).not.toContain('voorbeeld.nl');
  });

  it('records background jobs for the jobs page and /metrics: last run, next run and last failure', async () => {
    t = await createTestApp({ METRICS_TOKEN });
    const deps = t.deps;
    const stopOk = startLeasedJob(deps, {
      name: 'deadlines',
      everyMs: 60 * 60_000,
      firstDelayMs: 0,
      run: () => raiseDeadlineTasks(deps),
    });
    const stopBad = startLeasedJob(deps, {
      name: 'retention',
      everyMs: 60 * 60_000,
      firstDelayMs: 0,
      run: async () => {
        throw Object.assign(new Error('disk full'), { code: 'ENOSPC' });
      },
    });
    await new Promise((r) => setTimeout(r, 200));
    await stopOk();
    await stopBad();
    await deps.jobs.settled();

    const { client: agent } = await signedIn(t, ['agent', 'supervisor']);
    expect((await agent.get('/admin/jobs')).status).toBe(403);
    const { client: admin } = await signedIn(t, ['admin']);
    const res = await admin.get('/admin/jobs');
    expect(res.status).toBe(200);
    const html = await res.text();
    const row = (job: string) => new RegExp(`<tr id="job-${job}"[^]*?</tr>`).exec(html)?.[0] ?? '';
    expect(row('deadlines')).toContain('23-11-2026 11:00 (went well)');
    expect(row('deadlines')).toContain('23-11-2026 12:00'); // next run: an hour later
    expect(row('deadlines')).toContain('1 in all, 0 failed');
    expect(row('retention')).toContain('(failed)');
    expect(row('retention')).toContain('ENOSPC');
    expect(row('retention')).toContain('1 in all, 1 failed');

    const text = await (await scrape(METRICS_TOKEN)).text();
    expect(text).toContain('baken_job_runs_total{job="deadlines"} 1');
    expect(text).toContain('baken_job_failures_total{job="retention"} 1');
    expect(text).not.toContain('baken_job_failures_total{job="deadlines"}');
  });

  it('lists the on-call job on /admin/jobs once an on-call number or address is set, and not before', async () => {
    t = await createTestApp();
    const { client: admin } = await signedIn(t, ['admin']);
    const before = await admin.get('/admin/jobs');
    expect(before.status).toBe(200);
    expect(await before.text()).not.toContain('id="job-oncall"');
    const saved = await admin.post('/admin/on-call', { phone: '', email: 'piket@baken.example.org' });
    expect(saved.status).toBe(303);
    const after = await admin.get('/admin/jobs');
    expect(after.status).toBe(200);
    expect(await after.text()).toContain('<tr id="job-oncall"');
    await t.close();
    t = await createTestApp({ ONCALL_PHONE: '+31612345678' });
    const { client: admin2 } = await signedIn(t, ['admin']);
    expect(await (await admin2.get('/admin/jobs')).text()).toContain('<tr id="job-oncall"');
  });

  it("shows the desk's picture on every instance: a job run on one is on the other's page, its counts added", async () => {
    t = await createTestApp();
    const other = await secondInstance(t);
    try {
      const at = (iso: string) => new Date(iso);
      other.deps.jobs.ran({
        job: 'outbox',
        startedAt: at('2026-11-23T10:00:00Z'),
        finishedAt: at('2026-11-23T10:00:01Z'),
        nextAt: at('2026-11-23T10:00:06Z'),
      });
      await other.deps.jobs.settled();
      t.deps.jobs.ran({
        job: 'outbox',
        startedAt: at('2026-11-23T10:05:00Z'),
        finishedAt: at('2026-11-23T10:05:01Z'),
        nextAt: at('2026-11-23T10:05:06Z'),
        error: Object.assign(new Error('connect'), { code: 'ECONNREFUSED' }),
      });
      // A run that went well within 30 s of a write is counted, and written with the next write.
      t.deps.jobs.ran({
        job: 'outbox',
        startedAt: at('2026-11-23T10:05:10Z'),
        finishedAt: at('2026-11-23T10:05:11Z'),
        nextAt: at('2026-11-23T10:05:16Z'),
      });
      await t.deps.jobs.settled();
      const { client } = await signedIn(other, ['admin']);
      const html = await (await client.get('/admin/jobs')).text();
      const row = /<tr id="job-outbox"[\s\S]*?<\/tr>/.exec(html)?.[0] ?? '';
      expect(row).toContain('23-11-2026 11:05 (failed)');
      expect(row).toContain(`on server ${t.deps.instanceId.slice(0, 8)}`);
      expect(row).toContain('ECONNREFUSED');
      expect(row).toContain('3 in all, 1 failed');
      t.deps.jobs.ran({
        job: 'outbox',
        startedAt: at('2026-11-23T10:06:00Z'),
        finishedAt: at('2026-11-23T10:06:01Z'),
        nextAt: at('2026-11-23T10:06:06Z'),
      });
      await t.deps.jobs.settled();
      const again = /<tr id="job-outbox"[\s\S]*?<\/tr>/.exec(await (await client.get('/admin/jobs')).text())?.[0] ?? '';
      expect(again).toContain('23-11-2026 11:06 (went well)');
      expect(again).toContain('ECONNREFUSED'); // the last failure stays until another
      expect(again).toContain('4 in all, 1 failed');
    } finally {
      await other.close();
    }
  });

  it('puts the request id on every line of a request, and writes an access line with the route pattern only', async () => {
    t = await createTestApp();
    const { client } = await signedIn(t, ['agent']);
    t.logs.length = 0;
    const res = await client.get('/contacts?q=Wilhelmina', { 'X-Request-Id': 'trace-abc-123' });
    expect(res.status).toBe(200);
    expect(res.headers.get('x-request-id')).toBe('trace-abc-123');
    const lines = t.logs.map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines.length).toBeGreaterThan(0);
    expect(lines.every((l) => l.req === 'trace-abc-123')).toBe(true);
    expect(lines.at(-1)).toMatchObject({
      level: 'info',
      msg: 'request',
      method: 'GET',
      route: '/contacts',
      status: 200,
    });
    expect(t.logs.join('\n')).not.toContain('Wilhelmina');
    // A hostile request id is not taken over: the app makes its own.
    const hostile = await client.get('/contacts', { 'X-Request-Id': 'x"},{"level":"fatal' });
    expect(hostile.headers.get('x-request-id')).not.toContain('"');
  });

  it('writes only warnings and errors at LOG_LEVEL=warn', async () => {
    t = await createTestApp({ LOG_LEVEL: 'warn' });
    const { client } = await signedIn(t, ['agent']);
    await client.get('/contacts');
    await client.post('/login', { email: 'nobody@baken.test', password: 'wrong' });
    const levels = t.logs.map((l) => (JSON.parse(l) as { level: string }).level);
    expect(levels.every((l) => l === 'warn' || l === 'error')).toBe(true);
    expect(t.logs.some((l) => l.includes('"msg":"request"'))).toBe(false);
  });
});
