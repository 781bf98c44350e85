import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, signedIn, type Client, type TestApp } from '../../support/test-app.js';
import { makeContact } from '../../support/factories.js';
import { sid, signedTwilioPost } from '../../support/twilio.js';
import { startTwilioStandIn, type TwilioStandIn } from '../../support/twilio-standin.js';
import type { NewContact } from '../../../src/contacts/contacts.service.js';

const TOKEN = 'test-twilio-auth-token-0123456789';
const PUBLIC = 'https://baken.example.org';
const ACCOUNT = `AC${'1'.repeat(32)}`;
const DESK = '+31334481186';
const PARTY = '+31612345678';
const MONDAY_11 = '2026-11-23T10:00:00Z';

describe('calling a party back from Baken', () => {
  let t: TestApp;
  let twilio: TwilioStandIn;
  let agent: Client;
  let agentId: number;
  const post = (path: string, params: Record<string, string>, headers: Record<string, string> = {}) =>
    signedTwilioPost(t.app, PUBLIC, TOKEN, path, params, headers);
  const calls = () => twilio.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/Calls.json'));
  const contact = async (safe: NewContact['safe'] = {}, party: NewContact['party'] = {}) =>
    (
      await makeContact(t, {
        channel: 'phone',
        direction: 'out',
        party: { phone: PARTY, type: 'victim', ...party },
        safe,
      })
    ).id;
  const attempts = () => t.deps.db.selectFrom('callback_calls').selectAll().orderBy('id').execute();
  const eventsOf = async (contactId: number, prefix = 'callback.') =>
    (
      await t.deps.db
        .selectFrom('contact_events')
        .select(['kind', 'data'])
        .where('contact_id', '=', contactId)
        .where('kind', 'like', `${prefix}%`)
        .orderBy('id')
        .execute()
    ).map((e) => ({ kind: e.kind, data: JSON.parse(e.data) as Record<string, unknown> }));

  beforeEach(async () => {
    twilio = await startTwilioStandIn(ACCOUNT, TOKEN);
    t = await createTestApp(
      {
        TWILIO_AUTH_TOKEN: TOKEN,
        TWILIO_ACCOUNT_SID: ACCOUNT,
        TWILIO_API_BASE: twilio.url,
        TWILIO_CALLER_ID: DESK,
        PUBLIC_URL: PUBLIC,
      },
      { now: MONDAY_11 },
    );
    const a = await signedIn(t, ['agent'], 'Eva');
    agent = a.client;
    agentId = a.user.id;
  });
  afterEach(async () => {
    const logs = t.logs.join('\n');
    expect(logs).not.toContain('612345678');
    await t.close();
    await twilio.close();
  });

  it('creates exactly one call to the agent with the desk’s caller ID, dials the party from it, and logs the attempt from Twilio’s callbacks', async () => {
    const id = await contact();
    const res = await agent.post(`/callbacks/${id}`);
    expect(res.status).toBe(303);
    expect(res.headers.get('Location')).toBe(`/contacts/${id}`);
    expect(calls()).toHaveLength(1);
    const req = calls()[0]!;
    expect(req.path).toBe(`/2010-04-01/Accounts/${ACCOUNT}/Calls.json`);
    expect(req.form.To).toBe(`client:user${agentId}`);
    expect(req.form.From).toBe(DESK);
    expect(req.form.StatusCallback).toBe(`${PUBLIC}/twilio/callback-status`);
    const [attempt] = await attempts();
    expect(req.form.Url).toBe(`${PUBLIC}/twilio/outbound?contact=${id}&attempt=${attempt!.id}`);
    expect(attempt).toMatchObject({ contact_id: id, user_id: agentId, status: 'placed' });
    const callSid = attempt!.call_sid!;
    expect(callSid).toMatch(/^CA[0-9a-f]{32}$/);

    // The agent picks up: Twilio asks for the TwiML, which dials the party with the desk's number.
    const twiml = await post(`/twilio/outbound?contact=${id}&attempt=${attempt!.id}`, {
      AccountSid: ACCOUNT,
      CallSid: callSid,
      From: DESK,
      To: `client:user${agentId}`,
      Direction: 'outbound-api',
    });
    expect(twiml.status).toBe(200);
    expect(twiml.headers.get('Content-Type')).toContain('text/xml');
    const xml = await twiml.text();
    expect(xml).toContain(`<Dial callerId="${DESK}"`);
    expect(xml).toContain(`action="/twilio/callback-dial?attempt=${attempt!.id}"`);
    expect(xml).toContain(`amdStatusCallbackMethod="POST">${PARTY}</Number>`);

    // The party answered and talked 83 seconds; then the agent's leg completes.
    expect(
      (
        await post(`/twilio/callback-dial?attempt=${attempt!.id}`, {
          AccountSid: ACCOUNT,
          CallSid: callSid,
          DialCallStatus: 'completed',
          DialCallDuration: '83',
          DialCallSid: sid('CA', 'party'),
        })
      ).status,
    ).toBe(200);
    expect(
      (
        await post('/twilio/callback-status', {
          AccountSid: ACCOUNT,
          CallSid: callSid,
          CallStatus: 'completed',
          CallDuration: '90',
        })
      ).status,
    ).toBe(200);
    const events = await eventsOf(id);
    expect(events.map((e) => e.kind)).toEqual(['callback.placed', 'callback.attempt']);
    expect(events[1]!.data).toMatchObject({ attempt: attempt!.id, outcome: 'reached', duration: 83 });
    expect((await attempts())[0]).toMatchObject({ status: 'done', outcome: 'reached', duration: 83 });
    expect(calls()).toHaveLength(1);
    const page = await (await agent.get(`/contacts/${id}`)).text();
    expect(page).toContain('Callback: reached (1:23)');
    // The audit holds the placing, without the number.
    const audit = await t.deps.db
      .selectFrom('audit_log')
      .select(['action', 'details'])
      .where('action', '=', 'contact.callback.place')
      .execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]!.details).not.toContain('612345678');
  });

  it.each([
    ['no answer', 'no-answer', 'no-answer'],
    ['a busy line', 'busy', 'busy'],
    ['a failed dial', 'failed', 'failed'],
  ])('logs %s as the attempt’s outcome', async (_name, dialStatus, outcome) => {
    const id = await contact();
    await agent.post(`/callbacks/${id}`);
    const [a] = await attempts();
    await post(`/twilio/outbound?contact=${id}&attempt=${a!.id}`, {
      AccountSid: ACCOUNT,
      CallSid: a!.call_sid!,
      From: DESK,
    });
    await post(`/twilio/callback-dial?attempt=${a!.id}`, {
      AccountSid: ACCOUNT,
      CallSid: a!.call_sid!,
      DialCallStatus: dialStatus,
    });
    expect((await eventsOf(id)).at(-1)!.data).toMatchObject({ outcome, duration: null });
  });

  it('logs voicemail when Twilio’s machine detection says a machine answered', async () => {
    const id = await contact();
    await agent.post(`/callbacks/${id}`);
    const [a] = await attempts();
    await post(`/twilio/callback-dial?attempt=${a!.id}`, {
      AccountSid: ACCOUNT,
      CallSid: a!.call_sid!,
      DialCallStatus: 'completed',
      AnsweredBy: 'machine_end_beep',
    });
    expect((await eventsOf(id)).at(-1)!.data).toMatchObject({ outcome: 'voicemail' });
  });

  /** Places a callback on a contact and lets the agent pick up: answers the attempt and the TwiML Twilio got. */
  const dialled = async (id: number) => {
    await agent.post(`/callbacks/${id}`);
    const [a] = await attempts();
    const res = await post(`/twilio/outbound?contact=${id}&attempt=${a!.id}`, {
      AccountSid: ACCOUNT,
      CallSid: a!.call_sid!,
      From: DESK,
    });
    expect(res.status).toBe(200);
    return { a: a!, xml: await res.text() };
  };
  const amd = (attempt: number, params: Record<string, string>) =>
    post(`/twilio/callback-amd?attempt=${attempt}`, { AccountSid: ACCOUNT, ...params });

  it('asks Twilio to detect an answering machine on the party’s leg, and logs voicemail when its callback says machine_end_beep', async () => {
    const id = await contact();
    const { a, xml } = await dialled(id);
    expect(xml).toContain(
      `<Number machineDetection="DetectMessageEnd" amdStatusCallback="/twilio/callback-amd?attempt=${a.id}" amdStatusCallbackMethod="POST">${PARTY}</Number>`,
    );
    const party = sid('CA', 'party-machine');
    const res = await amd(a.id, { CallSid: party, AnsweredBy: 'machine_end_beep', MachineDetectionDuration: '4200' });
    expect(res.status).toBe(200);
    expect(res.headers.get('Content-Type')).toContain('text/xml');
    // Voicemail may be left: Baken does not hang up; the agent speaks after the beep.
    expect(twilio.requests.filter((r) => r.path.includes(`/Calls/${party}.json`))).toHaveLength(0);
    // The <Dial> ends as "completed" without AnsweredBy: the attempt's kept answer makes it voicemail, not reached.
    await post(`/twilio/callback-dial?attempt=${a.id}`, {
      AccountSid: ACCOUNT,
      CallSid: a.call_sid!,
      DialCallStatus: 'completed',
      DialCallDuration: '40',
    });
    expect((await eventsOf(id)).map((e) => e.kind)).toEqual(['callback.placed', 'callback.attempt']);
    expect((await eventsOf(id)).at(-1)!.data).toMatchObject({ outcome: 'voicemail', duration: null });
    expect((await attempts())[0]).toMatchObject({ outcome: 'voicemail', answered_by: 'machine_end_beep' });
    expect(await (await agent.get(`/contacts/${id}`)).text()).toContain('Callback: voicemail answered');
  });

  it('logs reached when machine detection says a human answered', async () => {
    const id = await contact({ mayLeaveVoicemail: false });
    const { a, xml } = await dialled(id);
    expect(xml).toContain('machineDetection="Enable"');
    expect((await amd(a.id, { CallSid: sid('CA', 'party-human'), AnsweredBy: 'human' })).status).toBe(200);
    await post(`/twilio/callback-dial?attempt=${a.id}`, {
      AccountSid: ACCOUNT,
      CallSid: a.call_sid!,
      DialCallStatus: 'completed',
      DialCallDuration: '61',
    });
    expect((await eventsOf(id)).at(-1)!.data).toMatchObject({ outcome: 'reached', duration: 61 });
    expect(twilio.requests.filter((r) => /\/Calls\/CA[0-9a-f]{32}\.json$/.test(r.path))).toHaveLength(0);
  });

  it('hangs up on an answering machine when the contact says leave no voicemail, notes it and logs voicemail', async () => {
    const id = await contact({ mayLeaveVoicemail: false });
    const { a } = await dialled(id);
    const party = sid('CA', 'party-quiet');
    expect((await amd(a.id, { CallSid: party, AnsweredBy: 'machine_start' })).status).toBe(200);
    const hangups = twilio.requests.filter((r) => r.path === `/2010-04-01/Accounts/${ACCOUNT}/Calls/${party}.json`);
    expect(hangups).toHaveLength(1);
    expect(hangups[0]!.form.Status).toBe('completed');
    // A retried callback changes nothing and hangs up nothing more.
    expect((await amd(a.id, { CallSid: party, AnsweredBy: 'machine_start' })).status).toBe(200);
    expect(twilio.requests.filter((r) => r.path.endsWith(`/Calls/${party}.json`))).toHaveLength(1);
    await post(`/twilio/callback-dial?attempt=${a.id}`, {
      AccountSid: ACCOUNT,
      CallSid: a.call_sid!,
      DialCallStatus: 'completed',
      DialCallDuration: '3',
    });
    const events = await eventsOf(id);
    expect(events.map((e) => e.kind)).toEqual(['callback.placed', 'callback.machine', 'callback.attempt']);
    expect(events[1]!.data).toMatchObject({ attempt: a.id, answeredBy: 'machine_start', hungUp: true });
    expect(events[2]!.data).toMatchObject({ outcome: 'voicemail' });
    expect((await attempts())[0]).toMatchObject({ machine_hangup: 1, answered_by: 'machine_start' });
    const audit = await t.deps.db
      .selectFrom('audit_log')
      .select('details')
      .where('action', '=', 'contact.callback.machineHangup')
      .execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]!.details).not.toContain('612345678');
    const page = await (await agent.get(`/contacts/${id}`)).text();
    expect(page).toContain('hung up, as the contact says leave no voicemail');
  });

  it('notes a failed hang-up on a machine when Twilio answers 500, and still logs voicemail', async () => {
    const id = await contact({ mayLeaveVoicemail: false });
    const { a } = await dialled(id);
    twilio.on('POST', /\/Calls\/CA[0-9a-f]{32}\.json$/, () => ({ status: 500, json: { message: 'boom' } }));
    expect((await amd(a.id, { CallSid: sid('CA', 'party-500'), AnsweredBy: 'machine_end_beep' })).status).toBe(200);
    const [machine] = await eventsOf(id, 'callback.machine');
    expect(machine!.data).toMatchObject({ hungUp: false, error: 'twilio_500' });
    expect((await attempts())[0]).toMatchObject({ machine_hangup: 0, answered_by: 'machine_end_beep' });
  });

  it('ignores machine detection that is forged, for an attempt Baken did not dial, or not Twilio’s answer', async () => {
    const id = await contact({ mayLeaveVoicemail: false });
    await agent.post(`/callbacks/${id}`);
    const [a] = await attempts(); // placed, not yet dialled: the agent has not picked up
    const party = sid('CA', 'party-x');
    const forged = await post(
      `/twilio/callback-amd?attempt=${a!.id}`,
      { AccountSid: ACCOUNT, CallSid: party, AnsweredBy: 'machine_start' },
      { 'X-Twilio-Signature': 'forged' },
    );
    expect(forged.status).toBe(403);
    expect((await amd(a!.id, { CallSid: party, AnsweredBy: 'machine_start' })).status).toBe(200);
    expect((await amd(999_999, { CallSid: party, AnsweredBy: 'machine_start' })).status).toBe(200);
    expect(
      (await post('/twilio/callback-amd?attempt=abc', { AccountSid: ACCOUNT, CallSid: party, AnsweredBy: 'human' }))
        .status,
    ).toBe(200);
    expect((await amd(a!.id, { CallSid: party, AnsweredBy: '<script>machine' })).status).toBe(200);
    expect((await attempts())[0]).toMatchObject({ answered_by: null, machine_hangup: 0 });
    expect(twilio.requests.filter((r) => r.path.includes(`/Calls/${party}`))).toHaveLength(0);
    expect(t.logs.join('\n')).toContain('twilio machine detection ignored');
  });

  it('logs that the agent’s own phone was not answered when the party was never dialled', async () => {
    const id = await contact();
    await agent.post(`/callbacks/${id}`);
    const [a] = await attempts();
    await post('/twilio/callback-status', { AccountSid: ACCOUNT, CallSid: a!.call_sid!, CallStatus: 'no-answer' });
    await post('/twilio/callback-status', { AccountSid: ACCOUNT, CallSid: a!.call_sid!, CallStatus: 'no-answer' });
    const events = await eventsOf(id);
    expect(events.filter((e) => e.kind === 'callback.attempt')).toHaveLength(1);
    expect(events.at(-1)!.data).toMatchObject({ outcome: 'agent-missed' });
  });

  it.each([
    ['the party may not be called back', { mayCallBack: false }, {}],
    [
      'only via the professional, and the number is the person’s own',
      { viaProfessionalOnly: true },
      { type: 'victim' },
    ],
    ['only via the professional, and who called is unknown', { viaProfessionalOnly: true }, { type: null }],
    ['there is no number', {}, { phone: null }],
  ] as const)('refuses with 422 and dials nothing when %s', async (_name, safe, party) => {
    const id = await contact(safe, party as NewContact['party']);
    const res = await agent.post(`/callbacks/${id}`);
    expect(res.status).toBe(422);
    expect(twilio.requests).toHaveLength(0);
    expect(await attempts()).toEqual([]);
  });

  it('calls a professional’s number back when the party is to be reached only through the professional', async () => {
    const id = await contact({ viaProfessionalOnly: true }, { type: 'police' });
    expect((await agent.post(`/callbacks/${id}`)).status).toBe(303);
    expect(calls()).toHaveLength(1);
  });

  it('shows “leave no voicemail” before dialling when that flag is set, and says why when no call may be placed', async () => {
    const quiet = await contact({ mayLeaveVoicemail: false });
    const page = await agent.get(`/contacts/${quiet}`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('Leave no voicemail');
    expect(html.indexOf('Leave no voicemail')).toBeLessThan(html.indexOf('id="callback-place"'));
    expect(html).toContain(`action="/callbacks/${quiet}"`);
    const plain = await (await agent.get(`/contacts/${await contact()}`)).text();
    expect(plain).toContain('id="callback-place"');
    expect(plain).not.toContain('Leave no voicemail');
    const forbidden = await (await agent.get(`/contacts/${await contact({ mayCallBack: false })}`)).text();
    expect(forbidden).not.toContain('id="callback-place"');
    expect(forbidden).toContain('data-refusal="may_not_call_back"');
  });

  it('speaks the refusal to the agent and dials nothing when the flags changed after the call was placed', async () => {
    const id = await contact();
    await agent.post(`/callbacks/${id}`);
    const [a] = await attempts();
    await t.deps.db.updateTable('contacts').set({ may_call_back: 0 }).where('id', '=', id).execute();
    const xml = await (
      await post(`/twilio/outbound?contact=${id}&attempt=${a!.id}`, {
        AccountSid: ACCOUNT,
        CallSid: a!.call_sid!,
        From: DESK,
      })
    ).text();
    expect(xml).not.toContain('<Dial');
    expect(xml).toContain('<Hangup/>');
    expect(xml).toContain('Er is niets gebeld'); // in the desk's language (DEFAULT_LOCALE)
    expect((await attempts())[0]).toMatchObject({ status: 'done', outcome: 'failed', error: 'may_not_call_back' });
  });

  it('shows the attempt as failed when Twilio answers 500, and places no second call', async () => {
    twilio.on('POST', /Calls\.json$/, () => ({ status: 500, json: { code: 20500, message: 'Internal error' } }));
    const id = await contact();
    const res = await agent.post(`/callbacks/${id}`);
    expect(res.status).toBe(503);
    expect(await res.text()).toContain('Twilio did not answer');
    expect(calls()).toHaveLength(1);
    expect((await attempts())[0]).toMatchObject({ status: 'failed', outcome: 'failed', error: 'twilio_500' });
    const page = await (await agent.get(`/contacts/${id}`)).text();
    expect(page).toContain('Callback could not be placed (twilio_500)');
  });

  it('refuses a status callback with a forged signature (403) and changes nothing', async () => {
    const id = await contact();
    await agent.post(`/callbacks/${id}`);
    const [a] = await attempts();
    for (const path of [
      '/twilio/callback-status',
      '/twilio/callback-dial',
      `/twilio/outbound?contact=${id}&attempt=${a!.id}`,
    ]) {
      const res = await post(
        path,
        { AccountSid: ACCOUNT, CallSid: a!.call_sid!, CallStatus: 'completed', DialCallStatus: 'completed' },
        { 'X-Twilio-Signature': 'Zm9yZ2Vk' },
      );
      expect(res.status).toBe(403);
    }
    expect((await attempts())[0]).toMatchObject({ status: 'placed', outcome: null });
  });

  it('ignores and logs callbacks for a call Baken did not place', async () => {
    const id = await contact();
    const stranger = sid('CA', 'stranger');
    expect(
      (await post('/twilio/callback-status', { AccountSid: ACCOUNT, CallSid: stranger, CallStatus: 'completed' }))
        .status,
    ).toBe(200);
    expect(
      (await post('/twilio/callback-dial', { AccountSid: ACCOUNT, CallSid: stranger, DialCallStatus: 'completed' }))
        .status,
    ).toBe(200);
    const xml = await (
      await post(`/twilio/outbound?contact=${id}&attempt=999`, { AccountSid: ACCOUNT, CallSid: stranger })
    ).text();
    expect(xml).not.toContain('<Dial');
    expect(await attempts()).toEqual([]);
    expect(await eventsOf(id)).toEqual([]);
    expect(t.logs.join('\n')).toContain('a call Baken did not place');
  });

  it('dials from the softphone’s own outgoing call (TwiML App) for a desk user, and refuses an unknown identity', async () => {
    const id = await contact();
    const ok = await (
      await post('/twilio/outbound', {
        AccountSid: ACCOUNT,
        CallSid: sid('CA', 'soft'),
        From: `client:user${agentId}`,
        contact: String(id),
      })
    ).text();
    expect(ok).toContain(`amdStatusCallbackMethod="POST">${PARTY}</Number>`);
    expect((await attempts())[0]).toMatchObject({ call_sid: sid('CA', 'soft'), user_id: agentId, status: 'dialled' });
    const bad = await (
      await post('/twilio/outbound', {
        AccountSid: ACCOUNT,
        CallSid: sid('CA', 'evil'),
        From: 'client:user99999',
        contact: String(id),
      })
    ).text();
    expect(bad).not.toContain('<Dial');
    expect(twilio.requests).toHaveLength(0);
  });

  it('rings the agent’s desk phone first when their account has one', async () => {
    for (const bad of ['020-1234567', '+0201234567', 'client:desk-1', '+31<b>'])
      expect((await agent.post('/account/desk-phone', { deskPhone: bad })).status).toBe(422);
    const saved = await agent.post('/account/desk-phone', { deskPhone: '+31 20 123 4567' });
    expect(saved.status).toBe(303);
    expect(saved.headers.get('Location')).toBe('/account?saved=deskPhone');
    expect(await (await agent.get('/account')).text()).toContain('value="+31201234567"');
    const id = await contact();
    await agent.post(`/callbacks/${id}`);
    expect(calls()[0]!.form.To).toBe('+31201234567');
    // Cleared, the softphone rings again.
    await agent.post('/account/desk-phone', { deskPhone: '' });
    await agent.post(`/callbacks/${id}`);
    expect(calls()[1]!.form.To).toBe(`client:user${agentId}`);
  });

  it('is refused to a role that takes no calls, and to hostile ids', async () => {
    const id = await contact();
    const admin = (await signedIn(t, ['admin'])).client;
    expect((await admin.post(`/callbacks/${id}`)).status).toBe(403);
    for (const bad of ['0', '-1', 'abc', '99999999999999', '1%27'])
      expect([400, 404]).toContain((await agent.post(`/callbacks/${bad}`)).status);
    expect((await agent.post('/callbacks/424242')).status).toBe(404);
    expect(twilio.requests).toHaveLength(0);
  });

  it('calls back from a review item, staying on the review', async () => {
    t.clock.set('2026-11-28T20:00:00Z'); // Saturday evening: closed
    const callSid = sid('CA', 'missed');
    const call = { AccountSid: ACCOUNT, CallSid: callSid, From: PARTY, To: DESK, Direction: 'inbound' };
    await post('/twilio/voice', { ...call, CallStatus: 'ringing' });
    await post('/twilio/status', { ...call, CallStatus: 'completed', CallDuration: '4' });
    const row = await t.deps.db
      .selectFrom('calls')
      .select('contact_id')
      .where('call_sid', '=', callSid)
      .executeTakeFirstOrThrow();
    t.clock.set('2026-11-30T08:30:00Z'); // Monday 09:30
    agent = (await signedIn(t, ['agent'], 'Rik')).client; // a session of the morning
    const item = await agent.get(`/review/${row.contact_id}`);
    expect(item.status).toBe(200);
    expect(await item.text()).toContain('id="review-call-back"');
    const res = await agent.post(`/callbacks/${row.contact_id}`, { back: 'review' });
    expect(res.status).toBe(303);
    expect(res.headers.get('Location')).toBe(`/review/${row.contact_id}`);
    expect(calls()).toHaveLength(1);
    expect(calls()[0]!.form.From).toBe(DESK);
    expect((await eventsOf(row.contact_id)).map((e) => e.kind)).toEqual(['callback.placed']);
  });
});
