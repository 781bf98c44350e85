import { afterEach, describe, expect, it } from 'vitest';
import { createTestApp, signedIn, type TestApp } from '../../support/test-app.js';
import { sid, signedTwilioPost } from '../../support/twilio.js';
import { webhookAuthToken } from '../../../src/calls/twilio-signature.js';
import { directContactStats, storedContactStats } from '../../../src/statistics/contact-stats.queries.js';

const key = (r: { dimension: string; day: string; value: string; n: number }) =>
  `${r.dimension}|${r.day}|${r.value}|${Number(r.n)}`;

/** The constant development token older versions accepted; it must never open the webhooks again. */
const DEV_TWILIO_AUTH_TOKEN = 'baken-development-only-twilio-token';

const MONDAY_11 = '2026-11-23T10:00:00Z';

describe('simulating an incoming call (development only)', () => {
  let t: TestApp;
  afterEach(async () => {
    await t.close();
  });
  const form = (over: Record<string, string> = {}) => ({
    from: '+31 6 12345678',
    digits: '1',
    end: 'ringing',
    transcript: '',
    ...over,
  });
  const contacts = () => t.deps.db.selectFrom('contacts').selectAll().orderBy('id').execute();

  it('shows agents a labelled form, linked from the navigation', async () => {
    t = await createTestApp({}, { now: MONDAY_11 });
    const { client } = await signedIn(t, ['agent']);
    const inbox = await (await client.get('/contacts')).text();
    expect(inbox).toContain('href="/calls/simulate"');
    const res = await client.get('/calls/simulate');
    expect(res.status).toBe(200);
    const html = await res.text();
    for (const id of ['sim-from', 'sim-digits', 'sim-end', 'sim-transcript'])
      expect(html).toContain(`<label for="${id}">`);
    expect(html).toContain('signed with the development token'); // no TWILIO_AUTH_TOKEN
    expect(html).toContain('TWILIO_AGENT_NUMBERS is not set');
  });

  it('logs a signed call without Twilio credentials, using the development token', async () => {
    t = await createTestApp({}, { now: MONDAY_11 });
    const { client } = await signedIn(t, ['agent']);
    const events: string[] = [];
    t.deps.events.subscribe((e) => events.push(e.type));
    const res = await client.post('/calls/simulate', form());
    expect(res.status).toBe(200);
    const [c] = await contacts();
    expect(c).toMatchObject({
      channel: 'phone',
      queue: 'legal',
      topic: null, // issue 10: the menu sets the queue only
      party_phone_mask: '+316••••••78',
    });
    expect(await res.text()).toContain(`href="/contacts/${c!.id}"`);
    expect(events).toContain('call.incoming');
    // The same per-install development token is what the webhooks accept: a real request signed with it works too.
    const token = webhookAuthToken(t.deps.config)!;
    const direct = await signedTwilioPost(t.app, 'http://baken.test', token, '/twilio/voice', {
      CallSid: sid('CA', 'dev'),
      From: 'anonymous',
    });
    expect(direct.status).toBe(200);
  });

  it('does not exist while a real TWILIO_AUTH_TOKEN is set, even with DEV_TOOLS=true', async () => {
    t = await createTestApp(
      { DEV_TOOLS: 'true', TWILIO_AUTH_TOKEN: 'real-token', TWILIO_AGENT_NUMBERS: 'client:desk_1' },
      { now: MONDAY_11 },
    );
    const { client } = await signedIn(t, ['agent']);
    expect(t.deps.config.devTools).toBe(false);
    expect((await client.get('/calls/simulate')).status).toBe(404);
    const res = await client.post('/calls/simulate', form({ end: 'answered' }));
    expect(res.status).toBe(404);
    expect(await (await client.get('/contacts')).text()).not.toContain('/calls/simulate');
    expect(await contacts()).toEqual([]);
    // …and the development token does not open the webhooks.
    const direct = await signedTwilioPost(t.app, 'http://baken.test', DEV_TWILIO_AUTH_TOKEN, '/twilio/voice', {
      CallSid: sid('CA', 'dev'),
      From: 'anonymous',
    });
    expect(direct.status).toBe(403);
  });

  it('is off when DEV_TOOLS is not set (npm start leaves NODE_ENV unset)', async () => {
    // Outside NODE_ENV=test the app refuses a password cost below OWASP's, so this app hashes at the real one.
    t = await createTestApp({ DEV_TOOLS: '', NODE_ENV: '', PASSWORD_SCRYPT: '131072,8,1' }, { now: MONDAY_11 });
    const { client } = await signedIn(t, ['agent']);
    expect(t.deps.config.devTools).toBe(false);
    expect((await client.get('/calls/simulate')).status).toBe(404);
    expect((await client.post('/calls/simulate', form())).status).toBe(404);
    expect(await contacts()).toEqual([]);
  });

  it('plays a whole closed-hours voicemail with its transcription', async () => {
    t = await createTestApp({ TWILIO_AGENT_NUMBERS: '+31201234567' }, { now: '2026-11-28T20:00:00Z' });
    const { client } = await signedIn(t, ['agent']);
    const res = await client.post(
      '/calls/simulate',
      form({ end: 'voicemail', transcript: 'Graag terugbellen over een melding' }),
      { 'HX-Request': 'true' },
    );
    expect(res.status).toBe(200);
    expect(await res.text()).toMatch(/^<form id="simulate-form"/);
    const [c] = await contacts();
    expect(c).toMatchObject({ queue: 'after-hours', channel: 'voicemail', in_office_hours: 0 });
    const rec = await t.deps.db.selectFrom('recordings').selectAll().executeTakeFirstOrThrow();
    expect(t.deps.crypto.decrypt(rec.transcription_text)).toBe('Graag terugbellen over een melding');
    expect(rec.url).toMatch(/^https:\/\/api\.twilio\.com\/2010-04-01\/Accounts\/AC0{32}\/Recordings\/RE[0-9a-f]{32}$/);
  });

  it('plays a missed office-hours call into a callback task', async () => {
    t = await createTestApp({ TWILIO_AGENT_NUMBERS: '+31201234567' }, { now: MONDAY_11 });
    const { client } = await signedIn(t, ['supervisor']);
    expect((await client.post('/calls/simulate', form({ end: 'missed', digits: '2' }))).status).toBe(200);
    const [c] = await contacts();
    expect(c).toMatchObject({ queue: 'registration', priority: 'high', due_at: '2026-11-23T12:00:00.000Z' });
  });

  it.each([
    ['a number with script in it', { from: '<script>alert(1)</script>' }, 'from'],
    ['a number too long', { from: '+31 6'.padEnd(90, '1') }, 'from'],
    ['an unknown key', { digits: '7' }, 'digits'],
    ['an unknown ending', { end: 'explode' }, 'end'],
    ['an oversized transcript', { transcript: 'x'.repeat(2001) }, 'transcript'],
  ])('refuses %s with 422 and the field error, and stores nothing', async (_l, over, field) => {
    t = await createTestApp({}, { now: MONDAY_11 });
    const { client } = await signedIn(t, ['agent']);
    const res = await client.post('/calls/simulate', form(over));
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toContain(`id="sim-${field}-error"`);
    expect(html).not.toContain('<script>alert(1)</script>');
    expect(await contacts()).toEqual([]);
  });

  it('accepts a withheld number', async () => {
    t = await createTestApp({}, { now: MONDAY_11 });
    const { client } = await signedIn(t, ['agent']);
    expect((await client.post('/calls/simulate', form({ from: 'anonymous', digits: '' }))).status).toBe(200);
    const [c] = await contacts();
    expect(c!.party_phone_enc).toBeNull();
  });

  it('refuses a post without the CSRF token', async () => {
    t = await createTestApp({}, { now: MONDAY_11 });
    const { client } = await signedIn(t, ['agent']);
    const res = await client.post('/calls/simulate', form(), {}, { csrf: false });
    expect(res.status).toBe(403);
    expect(await contacts()).toEqual([]);
  });

  it('refuses an oversized post', async () => {
    t = await createTestApp({}, { now: MONDAY_11 });
    const { client } = await signedIn(t, ['agent']);
    const res = await client.post('/calls/simulate', form({ transcript: 'x'.repeat(1_100_000) }));
    expect(res.status).toBe(413);
    expect(await contacts()).toEqual([]);
  });

  it('marks a simulated contact with the agent who made it, audits it, and shows the mark on the page and in lists', async () => {
    t = await createTestApp({}, { now: '2026-11-28T20:00:00Z' });
    const { client, user } = await signedIn(t, ['agent', 'supervisor'], 'Eva Simulant');
    const res = await client.post('/calls/simulate', form({ end: 'voicemail', transcript: 'Een test' }));
    expect(res.status).toBe(200);
    const [c] = await contacts();
    expect(c).toMatchObject({ simulated_by: user.id, created_by: user.id, queue: 'after-hours' });
    const audit = await t.deps.db.selectFrom('audit_log').selectAll().where('action', '=', 'call.simulate').execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actor_id: user.id, subject_type: 'call' });
    const page = await client.get(`/contacts/${c!.id}`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('class="tag warn simulated"');
    expect(html).toContain('Simulated call, made by Eva Simulant');
    const inbox = await (await client.get('/contacts?queue=after-hours')).text();
    expect(inbox).toContain(`href="/contacts/${c!.id}"`);
    expect(inbox).toContain('class="tag warn simulated"');
    const review = await (await client.get('/review')).text();
    expect(review).toContain('class="tag warn simulated"');
  });

  it('counts a simulated call in no statistic, beside a real one that counts', async () => {
    t = await createTestApp({}, { now: '2026-11-28T20:00:00Z' });
    const { client } = await signedIn(t, ['agent', 'supervisor']);
    expect((await client.post('/calls/simulate', form({ end: 'voicemail' }))).status).toBe(200);
    expect((await client.post('/calls/simulate', form({ end: 'missed', digits: '' }))).status).toBe(200);
    expect(await storedContactStats(t.deps.db)).toEqual([]);
    expect(await directContactStats(t.deps.db)).toEqual([]);
    const sim = (await contacts())[0]!;
    // Opening it in the review (its first review) and deciding it count nowhere either.
    expect((await client.get(`/review/${sim.id}`)).status).toBe(200);
    const overview = await (await client.get('/review')).text();
    expect(overview).toMatch(/<span id="review-waiting">[^<]*\b0\b/);
    // A real call, signed with the install's token as Twilio would, counts.
    const token = webhookAuthToken(t.deps.config)!;
    const real = await signedTwilioPost(t.app, 'http://baken.test', token, '/twilio/voice', {
      CallSid: sid('CA', 'real'),
      From: '+31612345678',
    });
    expect(real.status).toBe(200);
    const stored = await storedContactStats(t.deps.db);
    expect(stored.filter((r) => r.dimension === 'channel')).toEqual([
      expect.objectContaining({ day: '2026-11-28', value: 'phone', n: 1 }),
    ]);
    expect(stored.map(key).sort()).toEqual((await directContactStats(t.deps.db)).map(key).sort());
    for (const by of ['channel', 'queue', 'in_office_hours', 'first_review', 'sla']) {
      const csv = await client.get(`/statistics/desk.csv?by=${by}&period=year`);
      expect(csv.status).toBe(200);
      const rows = (await csv.text()).trim().split(/\r?\n/);
      const total = rows.slice(1).reduce((n, l) => n + Number(l.split(',').at(-1)), 0);
      // The real call alone: one contact (still waiting for its SLA), no review yet.
      expect([by, total]).toEqual([by, by === 'first_review' ? 0 : 1]);
    }
  });

  it('is only for agents and supervisors', async () => {
    t = await createTestApp({}, { now: MONDAY_11 });
    const { client } = await signedIn(t, ['coordinator']);
    expect((await client.get('/calls/simulate')).status).toBe(403);
    expect((await client.post('/calls/simulate', form())).status).toBe(403);
    expect(await (await client.get('/account')).text()).not.toContain('/calls/simulate');
  });

  it('does not exist without development tools, and then the webhooks refuse the development token', async () => {
    t = await createTestApp({ DEV_TOOLS: 'false' }, { now: MONDAY_11 });
    const { client } = await signedIn(t, ['agent']);
    expect((await client.get('/calls/simulate')).status).toBe(404);
    expect((await client.post('/calls/simulate', form())).status).toBe(404);
    expect(await (await client.get('/contacts')).text()).not.toContain('/calls/simulate');
    const direct = await signedTwilioPost(t.app, 'http://baken.test', DEV_TWILIO_AUTH_TOKEN, '/twilio/voice', {
      CallSid: sid('CA', 'dev'),
      From: 'anonymous',
    });
    expect(direct.status).toBe(403);
    expect(await contacts()).toEqual([]);
    expect(t.logs.some((l) => l.includes('every Twilio webhook is refused'))).toBe(true);
  });
});
