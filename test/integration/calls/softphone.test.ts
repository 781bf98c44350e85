import jwt from 'jsonwebtoken';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { Client, createTestApp, type TestApp } from '../../support/test-app.js';
import { makeUser, signedIn } from '../../support/factories.js';
import { sid, signedTwilioPost } from '../../support/twilio.js';
import { startTwilioStandIn, type TwilioStandIn } from '../../support/twilio-standin.js';

const TOKEN = 'test-twilio-auth-token-0123456789';
const PUBLIC = 'https://baken.example.org';
const ACCOUNT = `AC${'1'.repeat(32)}`;
const API_KEY = `SK${'2'.repeat(32)}`;
const API_SECRET = 'softphone-api-secret-0123456789';
const APP_SID = `AP${'3'.repeat(32)}`;
const DESK = '+31334481186';
const CALLER = '+31612345678';
const MONDAY_11 = '2026-11-23T10:00:00Z';

describe('the browser softphone', () => {
  let t: TestApp;
  let standIn: TwilioStandIn;
  const post = (path: string, params: Record<string, string>, headers: Record<string, string> = {}) =>
    signedTwilioPost(t.app, PUBLIC, TOKEN, path, params, headers);
  const call = (n: number | string, extra: Record<string, string> = {}) => ({
    AccountSid: ACCOUNT,
    CallSid: sid('CA', n),
    From: CALLER,
    To: DESK,
    CallStatus: 'in-progress',
    ...extra,
  });
  const available = (c: Client) => c.post('/voice/availability', { status: 'available' });
  const eventsOf = async (contactId: number) =>
    (
      await t.deps.db
        .selectFrom('contact_events')
        .select(['kind', 'data'])
        .where('contact_id', '=', contactId)
        .orderBy('id')
        .execute()
    ).map((e) => ({ kind: e.kind, data: JSON.parse(e.data) as Record<string, unknown> }));
  const contactOfCall = async (n: number) =>
    (
      await t.deps.db
        .selectFrom('calls')
        .select('contact_id')
        .where('call_sid', '=', sid('CA', n))
        .executeTakeFirstOrThrow()
    ).contact_id;

  beforeAll(async () => {
    standIn = await startTwilioStandIn(ACCOUNT, TOKEN);
  });
  afterAll(() => standIn.close());
  beforeEach(async () => {
    standIn.reset();
    t = await createTestApp(
      {
        TWILIO_AUTH_TOKEN: TOKEN,
        TWILIO_ACCOUNT_SID: ACCOUNT,
        TWILIO_API_KEY: API_KEY,
        TWILIO_API_SECRET: API_SECRET,
        TWILIO_TWIML_APP_SID: APP_SID,
        TWILIO_CALLER_ID: DESK,
        TWILIO_API_BASE: standIn.url,
        TWILIO_RING_SECONDS: '20',
        PUBLIC_URL: PUBLIC,
      },
      { now: MONDAY_11 },
    );
  });
  afterEach(() => t.close());

  describe('GET /voice/token', () => {
    it('answers 401 to a signed-out request, with no token and no redirect', async () => {
      const res = await new Client(t.app).get('/voice/token');
      expect(res.status).toBe(401);
      expect(res.headers.get('Location')).toBeNull();
      expect(await res.json()).toEqual({ error: 'unauthenticated' });
    });

    it.each([['coordinator'], ['admin']] as const)('answers 403 to a %s, whose role takes no calls', async (role) => {
      const { client } = await signedIn(t, [role]);
      const res = await client.get('/voice/token');
      expect(res.status).toBe(403);
      expect(await res.json()).toEqual({ error: 'forbidden' });
    });

    it.each([['agent'], ['legal'], ['supervisor']] as const)(
      'mints a token for a %s: identity user<id>, the Voice grant, at most an hour',
      async (role) => {
        const { client, user } = await signedIn(t, [role]);
        const res = await client.get('/voice/token');
        expect(res.status).toBe(200);
        expect(res.headers.get('Cache-Control')).toBe('no-store');
        const body = (await res.json()) as { token: string; identity: string };
        expect(body.identity).toBe(`user${user.id}`);
        const payload = jwt.verify(body.token, API_SECRET, {
          clockTimestamp: new Date(MONDAY_11).getTime() / 1000,
        }) as jwt.JwtPayload;
        expect(payload.iss).toBe(API_KEY);
        expect(payload.sub).toBe(ACCOUNT);
        expect(payload.grants.identity).toBe(`user${user.id}`);
        expect(payload.grants.voice.outgoing.application_sid).toBe(APP_SID);
        expect(payload.exp! - payload.iat!).toBeLessThanOrEqual(3600);
      },
    );

    it('answers 503 when the desk has no softphone configured', async () => {
      await t.close();
      t = await createTestApp({ TWILIO_AUTH_TOKEN: TOKEN, PUBLIC_URL: PUBLIC }, { now: MONDAY_11 });
      const { client } = await signedIn(t, ['agent']);
      const res = await client.get('/voice/token');
      expect(res.status).toBe(503);
      expect(await res.json()).toEqual({ error: 'softphone_not_configured' });
    });
  });

  describe('availability', () => {
    it('is away until the agent says otherwise, shown in the header form, and audited when it changes', async () => {
      const { client, user } = await signedIn(t, ['agent']);
      let res = await client.get('/voice/availability');
      expect(res.status).toBe(200);
      expect(await res.text()).toMatch(/<option value="away" selected="">/);
      res = await client.post('/voice/availability', { status: 'available' }, { 'HX-Request': 'true' });
      expect(res.status).toBe(200);
      const html = await res.text();
      expect(html).toMatch(/<option value="available" selected="">/);
      expect(html).toContain('You are now: Available');
      const audit = await t.deps.db
        .selectFrom('audit_log')
        .select(['action', 'details'])
        .where('actor_id', '=', user.id)
        .where('action', '=', 'agent.availability')
        .execute();
      expect(audit.map((a) => JSON.parse(a.details))).toEqual([{ status: 'available' }]);
    });

    it.each(['', 'sleeping', 'available<script>'])('refuses the status %j with 422', async (status) => {
      const { client } = await signedIn(t, ['agent']);
      const res = await client.post('/voice/availability', { status });
      expect(res.status).toBe(422);
    });

    it('is refused to a role that takes no calls', async () => {
      const { client } = await signedIn(t, ['coordinator']);
      expect((await client.post('/voice/availability', { status: 'available' })).status).toBe(403);
    });

    it('becomes away when the agent signs out', async () => {
      const { client, user } = await signedIn(t, ['agent']);
      await available(client);
      const res = await client.post('/logout');
      expect(res.status).toBe(303);
      const row = await t.deps.db
        .selectFrom('agent_availability')
        .select('status')
        .where('user_id', '=', user.id)
        .executeTakeFirstOrThrow();
      expect(row.status).toBe('away');
    });
  });

  describe('the open-hours <Dial>', () => {
    it('rings the available agents’ softphones with the caller’s CallSid, not the busy or away ones', async () => {
      const a = await signedIn(t, ['agent'], 'Anna');
      const b = await signedIn(t, ['agent'], 'Bas');
      const c = await signedIn(t, ['agent'], 'Cor');
      await available(a.client);
      await b.client.post('/voice/availability', { status: 'busy' });
      await c.client; // never set: away
      await post('/twilio/voice', call(1));
      const res = await post('/twilio/gather?attempt=1', call(1, { Digits: '3' }));
      expect(res.status).toBe(200);
      const xml = await res.text();
      expect(xml).toContain('<Dial timeout="20" action="/twilio/dial" method="POST" answerOnBridge="true">');
      expect(xml).toContain(
        `<Client url="/twilio/answered" method="POST"><Identity>user${a.user.id}</Identity><Parameter name="callSid" value="${sid('CA', 1)}"/></Client>`,
      );
      expect(xml).not.toContain(`user${b.user.id}<`);
      expect(xml).not.toContain(`user${c.user.id}<`);
    });

    it('does not ring an available agent whose session ran out', async () => {
      const a = await signedIn(t, ['agent'], 'Anna');
      await available(a.client);
      t.clock.advance((t.deps.config.sessionIdleMinutes + 1) * 60_000);
      await post('/twilio/voice', call(16));
      const xml = await (await post('/twilio/gather?attempt=1', call(16, { Digits: '3' }))).text();
      expect(xml).not.toContain('<Dial');
      expect(xml).toContain('/twilio/callback-request');
    });

    it('does not ring an agent who is on a call, and rings them again once it ended', async () => {
      const a = await signedIn(t, ['agent'], 'Anna');
      const b = await signedIn(t, ['agent'], 'Bas');
      await available(a.client);
      await available(b.client);
      await post('/twilio/voice', call(18));
      await post('/twilio/gather?attempt=1', call(18, { Digits: '3' }));
      await post('/twilio/answered', {
        CallSid: sid('CA', 'leg18'),
        ParentCallSid: sid('CA', 18),
        To: `client:user${a.user.id}`,
      });
      await post('/twilio/voice', call(19));
      let xml = await (await post('/twilio/gather?attempt=1', call(19, { Digits: '3' }))).text();
      expect(xml).toContain(`<Identity>user${b.user.id}</Identity>`);
      expect(xml).not.toContain(`<Identity>user${a.user.id}</Identity>`);
      await post('/twilio/status', call(18, { CallStatus: 'completed', CallDuration: '60' }));
      await post('/twilio/voice', call(21));
      xml = await (await post('/twilio/gather?attempt=1', call(21, { Digits: '3' }))).text();
      expect(xml).toContain(`<Identity>user${a.user.id}</Identity>`);
    });

    it('names the agent who answered on their softphone on the timeline', async () => {
      const a = await signedIn(t, ['agent'], 'Anna de Vries');
      await available(a.client);
      await post('/twilio/voice', call(17));
      await post('/twilio/gather?attempt=1', call(17, { Digits: '3' }));
      await post('/twilio/answered', {
        CallSid: sid('CA', 'leg17'),
        ParentCallSid: sid('CA', 17),
        To: `client:user${a.user.id}`,
      });
      await post('/twilio/dial', call(17, { DialCallStatus: 'completed' }));
      const answered = (await eventsOf(await contactOfCall(17))).find((e) => e.kind === 'call.answered');
      expect(answered?.data.by).toBe('Anna de Vries');
    });

    it('rings the legal agents first for a legal question, then everyone available', async () => {
      const lawyer = await signedIn(t, ['legal'], 'Lia');
      const agent = await signedIn(t, ['agent'], 'Aad');
      await available(lawyer.client);
      await available(agent.client);
      await post('/twilio/voice', call(2));
      const first = await (await post('/twilio/gather?attempt=1', call(2, { Digits: '1' }))).text();
      expect(first).toContain('action="/twilio/dial?next=1"');
      expect(first).toContain(`<Identity>user${lawyer.user.id}</Identity>`);
      expect(first).not.toContain(`<Identity>user${agent.user.id}</Identity>`);
      const second = await (await post('/twilio/dial?next=1', call(2, { DialCallStatus: 'no-answer' }))).text();
      expect(second).toContain('action="/twilio/dial"');
      expect(second).toContain(`<Identity>user${lawyer.user.id}</Identity>`);
      expect(second).toContain(`<Identity>user${agent.user.id}</Identity>`);
      const third = await (await post('/twilio/dial', call(2, { DialCallStatus: 'no-answer' }))).text();
      expect(third).toContain('<Record');
    });

    it('offers a call back instead of ringing an empty room when nobody is available', async () => {
      await post('/twilio/voice', call(3));
      const xml = await (await post('/twilio/gather?attempt=1', call(3, { Digits: '2' }))).text();
      expect(xml).not.toContain('<Dial');
      expect(xml).toContain('<Gather numDigits="1" timeout="5" action="/twilio/callback-request" method="POST">');
      expect(xml).toContain('<Record');
    });

    it('makes a callback task on the caller’s number when they press 1', async () => {
      await post('/twilio/voice', call(4));
      await post('/twilio/gather?attempt=1', call(4, { Digits: '2' }));
      const res = await post('/twilio/callback-request', call(4, { Digits: '1' }));
      expect(res.status).toBe(200);
      const xml = await res.text();
      expect(xml).toContain('wij bellen u zo snel mogelijk terug');
      expect(xml).toContain('<Hangup/>');
      expect(xml).not.toContain('<Record');
      const id = await contactOfCall(4);
      const contact = await t.deps.db.selectFrom('contacts').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
      expect(contact.priority).toBe('high');
      expect(contact.due_at).not.toBeNull();
      expect(contact.party_phone_mask).toBe('+316••••••78');
      expect((await eventsOf(id)).map((e) => e.kind)).toContain('call.callbackRequested');
    });

    it('goes on to the voicemail for any other key, and makes no task', async () => {
      await post('/twilio/voice', call(5));
      await post('/twilio/gather?attempt=1', call(5, { Digits: '2' }));
      const xml = await (await post('/twilio/callback-request', call(5, { Digits: '7' }))).text();
      expect(xml).toContain('<Record');
      expect((await eventsOf(await contactOfCall(5))).map((e) => e.kind)).not.toContain('call.callbackRequested');
    });

    it.each(['/twilio/callback-request', '/twilio/outbound'])(
      'refuses a forged signature on %s with 403',
      async (path) => {
        const res = await post(path, call(6, { Digits: '1' }), { 'X-Twilio-Signature': 'forged' });
        expect(res.status).toBe(403);
        expect(await t.deps.db.selectFrom('calls').selectAll().execute()).toHaveLength(0);
      },
    );
  });

  describe('accepting a call in the softphone', () => {
    it('takes the caller’s contact, found by CallSid, as “take this call” does', async () => {
      const { client, user } = await signedIn(t, ['agent']);
      await post('/twilio/voice', call(7));
      const id = await contactOfCall(7);
      const res = await client.post(`/voice/calls/${sid('CA', 7)}/take`, {}, { Accept: 'application/json' });
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({ ok: true, href: `/contacts/${id}` });
      const c = await t.deps.db
        .selectFrom('contacts')
        .select('assignee_id')
        .where('id', '=', id)
        .executeTakeFirstOrThrow();
      expect(c.assignee_id).toBe(user.id);
    });

    it('draws the pop of a ringing call for a tab opened during it, with the phone’s controls and no caller line', async () => {
      const { client } = await signedIn(t, ['agent']);
      await post('/twilio/voice', call(8));
      const id = await contactOfCall(8);
      const res = await client.get(`/voice/calls/${sid('CA', 8)}/pop`);
      expect(res.status).toBe(200);
      expect(res.headers.get('Content-Type')).toContain('text/html');
      expect(res.headers.get('Cache-Control')).toBe('no-store');
      const html = await res.text();
      expect(html).toContain(`data-call="${sid('CA', 8)}"`);
      expect(html).toContain(`data-contact="${id}"`);
      expect(html).toContain('+316••••••78');
      expect(html).not.toContain('612345678');
      for (const action of ['accept', 'decline', 'mute', 'hold', 'hangup'])
        expect(html).toContain(`data-phone="${action}"`);
      expect(html).toContain('<a href="/voice" target="baken-phone">Open the phone</a>');
    });

    it('answers 404 for the pop of an unknown or ended call, and 403 to a role that takes no calls', async () => {
      const { client } = await signedIn(t, ['agent']);
      expect((await client.get(`/voice/calls/${sid('CA', 998)}/pop`)).status).toBe(404);
      expect((await client.get('/voice/calls/not-a-sid/pop')).status).toBe(404);
      await post('/twilio/voice', call(9));
      await post('/twilio/status', call(9, { CallStatus: 'completed', CallDuration: '5' }));
      expect((await client.get(`/voice/calls/${sid('CA', 9)}/pop`)).status).toBe(404);
      await post('/twilio/voice', call(10));
      const { client: admin } = await signedIn(t, ['admin']);
      expect((await admin.get(`/voice/calls/${sid('CA', 10)}/pop`)).status).toBe(403);
    });

    it.each([sid('CA', 999), 'not-a-sid'])('answers 404 for an unknown call %s', async (callSid) => {
      const { client } = await signedIn(t, ['agent']);
      const res = await client.post(`/voice/calls/${callSid}/take`, {}, { Accept: 'application/json' });
      expect(res.status).toBe(404);
    });
  });

  describe('transfer and a third party', () => {
    const conferences = (name: string) => ({
      status: 200,
      json: { conferences: [{ sid: `CF${'9'.repeat(32)}`, friendly_name: name, status: 'in-progress' }] },
    });

    it('consults a colleague while the caller waits on hold, then hands over: each step on the timeline', async () => {
      const me = await signedIn(t, ['agent'], 'Anna');
      const colleague = await makeUser(t.deps, ['agent'], 'Bas');
      await post('/twilio/voice', call(8));
      const id = await contactOfCall(8);
      standIn.on('GET', /\/Conferences\.json$/, (r) => conferences(r.query.get('FriendlyName') ?? ''));
      standIn.on('POST', /\/Participants\/CA[0-9a-f]{32}\.json$/, () => ({ status: 200, json: {} }));
      let res = await me.client.post(`/voice/calls/${sid('CA', 8)}/consult`, { colleague: String(colleague.id) });
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({ ok: true });
      const name = `baken-${sid('CA', 8)}`;
      const seen = standIn.requests.map((r) => `${r.method} ${r.path.replace(`/2010-04-01/Accounts/${ACCOUNT}`, '')}`);
      expect(seen).toEqual([
        `POST /Calls/${sid('CA', 8)}.json`,
        `POST /Conferences/${name}/Participants.json`,
        'GET /Conferences.json',
        `POST /Conferences/CF${'9'.repeat(32)}/Participants/${sid('CA', 8)}.json`,
        `POST /Conferences/${name}/Participants.json`,
      ]);
      expect(standIn.requests[0]!.form.Twiml).toContain(
        `<Conference startConferenceOnEnter="true" endConferenceOnExit="true" beep="false">${name}</Conference>`,
      );
      expect(standIn.requests[1]!.form).toMatchObject({ To: `client:user${me.user.id}`, From: DESK, Label: 'agent' });
      expect(standIn.requests[3]!.form).toMatchObject({ Hold: 'true' });
      expect(standIn.requests[4]!.form).toMatchObject({ To: `client:user${colleague.id}`, Label: 'colleague' });

      standIn.reset();
      standIn.on('GET', /\/Conferences\.json$/, (r) => conferences(r.query.get('FriendlyName') ?? ''));
      standIn.on('POST', /\/Participants\/CA[0-9a-f]{32}\.json$/, () => ({ status: 200, json: {} }));
      res = await me.client.post(`/voice/calls/${sid('CA', 8)}/handover`);
      expect(res.status).toBe(200);
      expect(standIn.requests.at(-1)!.form).toMatchObject({ Hold: 'false' });
      const steps = (await eventsOf(id)).filter((e) => /^call\.(conference|consult|handover)$/.test(e.kind));
      expect(steps.map((e) => e.kind)).toEqual(['call.conference', 'call.consult', 'call.handover']);
      expect(steps[1]!.data.label).toContain('Bas');
    });

    it('brings in a telephone interpreter from the desk’s number, without the number on the timeline', async () => {
      const me = await signedIn(t, ['agent']);
      await post('/twilio/voice', call(9));
      const id = await contactOfCall(9);
      const res = await me.client.post(`/voice/calls/${sid('CA', 9)}/interpreter`, { number: '+31 20 555 0199' });
      expect(res.status).toBe(200);
      const last = standIn.requests.at(-1)!;
      expect(last.path).toBe(`/2010-04-01/Accounts/${ACCOUNT}/Conferences/baken-${sid('CA', 9)}/Participants.json`);
      expect(last.form).toMatchObject({ To: '+31205550199', From: DESK, Label: 'interpreter' });
      const events = await eventsOf(id);
      expect(events.map((e) => e.kind)).toContain('call.interpreter');
      expect(JSON.stringify(events)).not.toContain('5550199');
    });

    it.each(['', '0205550199', '+31 abc', '+'.padEnd(30, '1')])(
      'refuses the interpreter number %j with 422 and asks Twilio nothing',
      async (number) => {
        const me = await signedIn(t, ['agent']);
        await post('/twilio/voice', call(10));
        const res = await me.client.post(`/voice/calls/${sid('CA', 10)}/interpreter`, { number });
        expect(res.status).toBe(422);
        expect(standIn.requests).toHaveLength(0);
      },
    );

    it('shows a step as failed when Twilio answers 500, and notes nothing', async () => {
      const me = await signedIn(t, ['agent']);
      await post('/twilio/voice', call(11));
      standIn.on('POST', /\/Calls\/CA[0-9a-f]{32}\.json$/, () => ({ status: 500, json: { code: 20500 } }));
      const res = await me.client.post(`/voice/calls/${sid('CA', 11)}/interpreter`, { number: '+31205550199' });
      expect(res.status).toBe(503);
      expect(await res.json()).toEqual({ ok: false, error: 'twilio_refused' });
      const kinds = (await eventsOf(await contactOfCall(11))).map((e) => e.kind);
      expect(kinds).not.toContain('call.conference');
      expect(await t.deps.db.selectFrom('call_conferences').selectAll().execute()).toHaveLength(0);
    });

    it('refuses a colleague who does not exist with 422', async () => {
      const me = await signedIn(t, ['agent']);
      await post('/twilio/voice', call(12));
      const res = await me.client.post(`/voice/calls/${sid('CA', 12)}/consult`, { colleague: '99999' });
      expect(res.status).toBe(422);
      expect(standIn.requests).toHaveLength(0);
    });
  });

  describe('POST /twilio/outbound (the TwiML App’s voice URL)', () => {
    const outbound = async (userId: number, contactId: number | string) =>
      (
        await post('/twilio/outbound', {
          AccountSid: ACCOUNT,
          CallSid: sid('CA', `out${userId}${contactId}`),
          From: `client:user${userId}`,
          To: '',
          contact: String(contactId),
        })
      ).text();

    it('dials the contact’s number from the desk’s number', async () => {
      const { user } = await signedIn(t, ['agent']);
      await post('/twilio/voice', call(13));
      const xml = await outbound(user.id, await contactOfCall(13));
      // The same route places Baken's callbacks (callback.service.ts): each attempt is logged from /callback-dial.
      expect(xml).toMatch(new RegExp(`<Dial callerId="\\${DESK}"[^>]* action="/twilio/callback-dial\\?attempt=\\d+"`));
      expect(xml).toContain(`amdStatusCallbackMethod="POST">${CALLER}</Number></Dial>`);
    });

    it('refuses to dial when the contact may not be called back, and says why', async () => {
      const { user } = await signedIn(t, ['agent']);
      await post('/twilio/voice', call(14));
      const id = await contactOfCall(14);
      await t.deps.db.updateTable('contacts').set({ may_call_back: 0 }).where('id', '=', id).execute();
      const xml = await outbound(user.id, id);
      expect(xml).not.toContain('<Dial');
      // Spoken in the desk's language (DEFAULT_LOCALE, Dutch here).
      expect(xml).toContain('Deze persoon mag niet worden teruggebeld.');
    });

    it.each([['coordinator'], ['admin']] as const)('refuses a call placed by a %s', async (role) => {
      const { user } = await signedIn(t, [role]);
      await post('/twilio/voice', call(15));
      const xml = await outbound(user.id, await contactOfCall(15));
      expect(xml).not.toContain('<Dial');
    });
  });
});
