import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, signedIn, type Client, type TestApp } from '../../support/test-app.js';
import { sid, signedTwilioPost } from '../../support/twilio.js';

const TOKEN = 'test-twilio-auth-token-0123456789';
const PUBLIC = 'https://baken.example.org';
const ACCOUNT = `AC${'1'.repeat(32)}`;
const MONDAY_11 = '2026-11-23T10:00:00Z'; // Monday 11:00 in Amsterdam: open
const SATURDAY = '2026-11-28T20:00:00Z'; // Saturday 21:00: closed

describe('calls tell the truth', () => {
  let t: TestApp;
  let agent: Client;
  const post = (path: string, params: Record<string, string>) => signedTwilioPost(t.app, PUBLIC, TOKEN, path, params);
  const call = (n: number, extra: Record<string, string> = {}) => ({
    AccountSid: ACCOUNT,
    CallSid: sid('CA', n),
    From: '+31612345678',
    To: '+31334481186',
    CallStatus: 'ringing',
    ...extra,
  });
  const contactOf = (n: number) =>
    t.deps.db
      .selectFrom('calls')
      .innerJoin('contacts', 'contacts.id', 'calls.contact_id')
      .selectAll('contacts')
      .where('calls.call_sid', '=', sid('CA', n))
      .executeTakeFirstOrThrow();
  const eventsOf = async (id: number) =>
    (
      await t.deps.db
        .selectFrom('contact_events')
        .select(['kind', 'data'])
        .where('contact_id', '=', id)
        .orderBy('id')
        .execute()
    ).map((e) => ({ kind: e.kind, data: JSON.parse(e.data) as Record<string, unknown> }));

  async function setUp(now: string) {
    t = await createTestApp(
      {
        TWILIO_AUTH_TOKEN: TOKEN,
        TWILIO_ACCOUNT_SID: ACCOUNT,
        TWILIO_AGENT_NUMBERS: '+31201234567,client:desk_1',
        PUBLIC_URL: PUBLIC,
      },
      { now },
    );
    agent = (await signedIn(t, ['agent'], 'Eva')).client;
  }
  beforeEach(() => setUp(MONDAY_11));
  afterEach(async () => {
    expect(t.logs.join('\n')).not.toContain('612345678');
    await t.close();
  });

  it('shows a call nobody answered and where no voicemail was left as missed, and makes it a callback task', async () => {
    await post('/twilio/voice', call(1));
    await post('/twilio/gather?attempt=1', call(1, { Digits: '1' }));
    await post('/twilio/dial', call(1, { CallStatus: 'in-progress', DialCallStatus: 'no-answer' }));
    t.clock.advance(30_000);
    await post('/twilio/status', call(1, { CallStatus: 'completed', CallDuration: '40' }));
    const c = await contactOf(1);
    expect(c).toMatchObject({ call_outcome: 'missed', priority: 'high' });
    expect((await eventsOf(c.id)).map((e) => e.kind)).toContain('call.missed');
    const page = await (await agent.get(`/contacts/${c.id}`)).text();
    expect(page).toMatch(/class="tag outcome-missed">missed</);
    expect(page).toContain('missed call in office hours: call back by');
    expect(page).not.toContain('"call.missed"');
    const inbox = await (await agent.get('/contacts')).text();
    expect(inbox).toMatch(/outcome-missed">missed</);
  });

  it('marks an after-hours hang-up without a voicemail as a missed call that wants a callback', async () => {
    await t.close();
    await setUp(SATURDAY);
    await post('/twilio/voice', call(2));
    t.clock.advance(20_000);
    await post('/twilio/status', call(2, { CallStatus: 'completed', CallDuration: '18' }));
    const c = await contactOf(2);
    expect(c).toMatchObject({ call_outcome: 'missed', priority: 'high', queue: 'after-hours' });
    // Two working hours after Monday's opening (09:00 Amsterdam = 08:00 UTC).
    expect(c.due_at).toBe('2026-11-30T10:00:00.000Z');
    const missed = (await eventsOf(c.id)).find((e) => e.kind === 'call.missed');
    expect(missed?.data).toMatchObject({ afterHours: true, due: '2026-11-30T10:00:00.000Z' });
    const page = await (await agent.get(`/contacts/${c.id}`)).text();
    expect(page).toContain('missed call after hours without a voicemail: call back by');
  });

  it('shows a voicemail left after hours as voicemail, not as missed', async () => {
    await t.close();
    await setUp(SATURDAY);
    await post('/twilio/voice', call(3));
    const re = sid('RE', 3);
    const url = `https://api.twilio.com/2010-04-01/Accounts/${ACCOUNT}/Recordings/${re}`;
    await post('/twilio/recording', call(3, { RecordingSid: re, RecordingUrl: url, RecordingDuration: '30' }));
    await post('/twilio/status', call(3, { CallStatus: 'completed', CallDuration: '45' }));
    const c = await contactOf(3);
    expect(c).toMatchObject({ call_outcome: 'voicemail', channel: 'voicemail', priority: 'normal' });
    expect((await eventsOf(c.id)).map((e) => e.kind)).not.toContain('call.missed');
  });

  it('shows who answered a call: the agent target Twilio connected', async () => {
    await post('/twilio/voice', call(4));
    await post('/twilio/gather?attempt=1', call(4, { Digits: '3' }));
    const leg = await post('/twilio/answered', {
      AccountSid: ACCOUNT,
      CallSid: sid('CA', 40),
      ParentCallSid: sid('CA', 4),
      To: 'client:desk_1',
      CallStatus: 'in-progress',
    });
    expect(leg.status).toBe(200);
    expect(await leg.text()).toBe('<?xml version="1.0" encoding="UTF-8"?><Response/>');
    await post('/twilio/dial', call(4, { CallStatus: 'in-progress', DialCallStatus: 'completed' }));
    await post('/twilio/status', call(4, { CallStatus: 'completed', CallDuration: '300' }));
    const c = await contactOf(4);
    expect(c).toMatchObject({ call_outcome: 'answered', priority: 'normal' });
    const kinds = (await eventsOf(c.id)).map((e) => e.kind);
    expect(kinds).toContain('call.answered');
    expect(kinds).not.toContain('call.missed');
    const page = await (await agent.get(`/contacts/${c.id}`)).text();
    expect(page).toContain('answered by desk_1');
    expect(page).toContain('desk_1 answered the call');
  });

  it('refuses an unsigned "answered" callback and ignores one for an unknown call', async () => {
    const unsigned = await t.app.request(`${PUBLIC}/twilio/answered`, {
      method: 'POST',
      body: new URLSearchParams({ ParentCallSid: sid('CA', 5), To: 'client:intruder' }),
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    });
    expect(unsigned.status).toBe(403);
    expect((await post('/twilio/answered', { ParentCallSid: sid('CA', 6), To: 'client:x' })).status).toBe(200);
    expect(await t.deps.db.selectFrom('calls').selectAll().execute()).toHaveLength(0);
  });
});
