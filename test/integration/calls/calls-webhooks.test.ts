import { execSql } from '../../support/sqlite.js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, signedIn, type TestApp } from '../../support/test-app.js';
import { sid, signedTwilioPost, twilioSignature } from '../../support/twilio.js';
import type { LiveEvent } from '../../../src/shared/event-bus.js';

const TOKEN = 'test-twilio-auth-token-0123456789';
const PUBLIC = 'https://baken.example.org';
const ACCOUNT = `AC${'1'.repeat(32)}`;
const CALLER = '+31612345678';
const MONDAY_11 = '2026-11-23T10:00:00Z'; // Monday 11:00 in Amsterdam: open
const SATURDAY = '2026-11-28T20:00:00Z'; // Saturday 21:00: closed

describe('the Twilio webhooks', () => {
  let t: TestApp;
  let events: LiveEvent[];
  const post = (path: string, params: Record<string, string>, headers: Record<string, string> = {}) =>
    signedTwilioPost(t.app, PUBLIC, TOKEN, path, params, headers);
  const call = (n: number | string, extra: Record<string, string> = {}) => ({
    AccountSid: ACCOUNT,
    CallSid: sid('CA', n),
    From: CALLER,
    To: '+31334481186',
    Direction: 'inbound',
    CallStatus: 'ringing',
    ...extra,
  });
  const recUrl = (re: string) => `https://api.twilio.com/2010-04-01/Accounts/${ACCOUNT}/Recordings/${re}`;
  const count = async (table: 'contacts' | 'calls' | 'recordings' | 'contact_events') =>
    Number(
      (
        await t.deps.db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  const contactOf = async (n: number | string) => {
    const c = await t.deps.db
      .selectFrom('calls')
      .innerJoin('contacts', 'contacts.id', 'calls.contact_id')
      .selectAll('contacts')
      .where('calls.call_sid', '=', sid('CA', n))
      .executeTakeFirstOrThrow();
    return c;
  };
  const callRow = (n: number | string) =>
    t.deps.db.selectFrom('calls').selectAll().where('call_sid', '=', sid('CA', n)).executeTakeFirstOrThrow();
  const eventsOf = async (contactId: number) =>
    (
      await t.deps.db
        .selectFrom('contact_events')
        .select(['kind', 'data'])
        .where('contact_id', '=', contactId)
        .orderBy('id')
        .execute()
    ).map((e) => ({ kind: e.kind, data: JSON.parse(e.data) as Record<string, unknown> }));

  beforeEach(async () => {
    t = await createTestApp(
      {
        TWILIO_AUTH_TOKEN: TOKEN,
        TWILIO_ACCOUNT_SID: ACCOUNT,
        TWILIO_AGENT_NUMBERS: '+31201234567,client:desk_1',
        TWILIO_RING_SECONDS: '20',
        PUBLIC_URL: PUBLIC,
      },
      { now: MONDAY_11 },
    );
    events = [];
    t.deps.events.subscribe((e) => events.push(e));
  });
  afterEach(async () => {
    // Personal data never goes into logs: not the caller's number in any form, not the voicemail text.
    const logs = t.logs.join('\n');
    expect(logs).not.toContain('612345678');
    expect(logs).not.toContain('mensenhandelaar');
    await t.close();
  });

  describe('signatures', () => {
    it('logs an incoming call as a phone contact at once and answers with the greeting and menu', async () => {
      const res = await post('/twilio/voice', call(1));
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('text/xml; charset=utf-8');
      const xml = await res.text();
      expect(xml).toContain('<Gather');
      expect(xml).toContain('Welkom');
      const c = await contactOf(1);
      expect(c.channel).toBe('phone');
      expect(c.direction).toBe('in');
      expect(c.queue).toBe('general');
      expect(c.in_office_hours).toBe(1);
      expect(c.party_phone_mask).toBe('+316••••••78');
      expect(c.party_phone_enc).not.toContain('612345678');
      expect(c.party_phone_hash).toBe(t.deps.crypto.hash('phone', CALLER));
      expect(t.deps.crypto.decrypt(c.party_phone_enc)).toBe(CALLER);
      const row = await callRow(1);
      expect(row).toMatchObject({
        status: 'ringing',
        in_office_hours: 1,
        contact_id: c.id,
        from_hash: c.party_phone_hash,
        duration: null,
        ended_at: null,
      });
    });

    it('refuses an unsigned webhook with 403 and stores nothing', async () => {
      const res = await t.app.request(`${PUBLIC}/twilio/voice`, {
        method: 'POST',
        body: new URLSearchParams(call(2)),
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      });
      expect(res.status).toBe(403);
      expect(res.headers.get('content-type')).toContain('text/xml');
      expect(await count('contacts')).toBe(0);
      expect(await count('calls')).toBe(0);
      expect(events).toEqual([]);
      expect(t.logs.some((l) => l.includes('twilio webhook refused: missing or wrong signature'))).toBe(true);
    });

    it('refuses a tampered webhook (parameters changed after signing) with 403 and stores nothing', async () => {
      const signed = call(3);
      const signature = twilioSignature(TOKEN, `${PUBLIC}/twilio/voice`, signed);
      const res = await t.app.request(`${PUBLIC}/twilio/voice`, {
        method: 'POST',
        body: new URLSearchParams({ ...signed, From: '+31699999999' }),
        headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'X-Twilio-Signature': signature },
      });
      expect(res.status).toBe(403);
      expect(await count('contacts')).toBe(0);
    });

    it('refuses a signature made with another token', async () => {
      const res = await signedTwilioPost(t.app, PUBLIC, 'another-token', '/twilio/voice', call(4));
      expect(res.status).toBe(403);
      expect(await count('contacts')).toBe(0);
    });

    it('checks the signature against PUBLIC_URL, never the Host header the sender chose', async () => {
      const res = await signedTwilioPost(t.app, 'http://attacker.example', TOKEN, '/twilio/voice', call(5));
      expect(res.status).toBe(403);
      expect(await count('contacts')).toBe(0);
    });

    it('includes the query string in the signed URL', async () => {
      await post('/twilio/voice', call(6));
      const params = call(6, { Digits: '1' });
      const signature = twilioSignature(TOKEN, `${PUBLIC}/twilio/gather?attempt=1`, params);
      const res = await t.app.request(`${PUBLIC}/twilio/gather?attempt=2`, {
        method: 'POST',
        body: new URLSearchParams(params),
        headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'X-Twilio-Signature': signature },
      });
      expect(res.status).toBe(403);
      expect((await contactOf(6)).queue).toBe('general');
      expect((await post('/twilio/gather?attempt=1', params)).status).toBe(200);
      expect((await contactOf(6)).queue).toBe('legal');
    });

    it('refuses a garbage signature header of any length', async () => {
      for (const sig of ['x', 'A'.repeat(5000), '', '===']) {
        const res = await post('/twilio/voice', call(7), { 'X-Twilio-Signature': sig });
        expect(res.status).toBe(403);
      }
      expect(await count('contacts')).toBe(0);
    });

    it('refuses an oversized body with 413 before reading it, and stores nothing', async () => {
      const res = await post('/twilio/voice', call(8, { Padding: 'x'.repeat(70 * 1024) }));
      expect(res.status).toBe(413);
      expect(res.headers.get('content-type')).toContain('text/xml');
      expect(await count('contacts')).toBe(0);
    });

    it('answers GET and unknown paths under /twilio with TwiML, never an HTML page', async () => {
      const get = await t.app.request(`${PUBLIC}/twilio/voice`);
      expect(get.status).toBe(403);
      expect(get.headers.get('content-type')).toContain('text/xml');
      const unknown = await post('/twilio/nothing-here', call(9));
      expect(unknown.status).toBe(404);
      expect(await unknown.text()).toBe('<?xml version="1.0" encoding="UTF-8"?><Response/>');
    });
  });

  describe('retries and bad input', () => {
    it('keeps one contact when Twilio retries the voice webhook', async () => {
      const first = await (await post('/twilio/voice', call(10))).text();
      const again = await post('/twilio/voice', call(10));
      expect(again.status).toBe(200);
      expect(await again.text()).toBe(first);
      expect(await count('contacts')).toBe(1);
      expect(await count('calls')).toBe(1);
      expect(events.filter((e) => e.type === 'call.incoming')).toHaveLength(1);
      expect(t.logs.some((l) => l.includes('twilio voice webhook repeated'))).toBe(true);
    });

    it('keeps one contact when the same call arrives several times at once', async () => {
      const answers = await Promise.all([1, 2, 3, 4, 5].map(() => post('/twilio/voice', call(15))));
      expect(answers.map((r) => r.status)).toEqual([200, 200, 200, 200, 200]);
      expect(await count('contacts')).toBe(1);
      expect(await count('calls')).toBe(1);
    });

    it.each([
      ['no CallSid', {}],
      ['a malformed CallSid', { CallSid: 'CA123' }],
      ['an injected CallSid', { CallSid: "CA1' OR '1'='1" }],
    ])('answers a voice webhook with %s with valid TwiML, logs it and stores nothing', async (_l, over) => {
      const params: Record<string, string> = { ...call(11), ...over };
      if (!('CallSid' in over)) delete params.CallSid;
      const res = await post('/twilio/voice', params);
      expect(res.status).toBe(200);
      expect(await res.text()).toContain('<Gather');
      expect(await count('contacts')).toBe(0);
      expect(t.logs.some((l) => l.includes('without a valid CallSid'))).toBe(true);
    });

    it.each(['anonymous', 'client:desk-7', '', '+266696687', '<script>alert(1)</script>', 'x'.repeat(500)])(
      'treats From %j as a withheld number and still logs the call',
      async (from) => {
        const res = await post('/twilio/voice', call(12, { From: from }));
        expect(res.status).toBe(200);
        const c = await contactOf(12);
        expect(c.party_phone_enc).toBeNull();
        expect(c.party_phone_hash).toBeNull();
        expect(c.party_phone_mask).toBeNull();
        expect((await callRow(12)).from_hash).toBeNull();
        const pop = events.find((e) => e.type === 'call.incoming')!;
        expect(pop.data.from).toBeNull(); // each reader's pop says "withheld" in their language
      },
    );

    it('ignores a body that is not form-encoded', async () => {
      const url = `${PUBLIC}/twilio/voice`;
      const res = await t.app.request(url, {
        method: 'POST',
        body: JSON.stringify(call(13)),
        headers: { 'Content-Type': 'application/json', 'X-Twilio-Signature': twilioSignature(TOKEN, url, {}) },
      });
      expect(res.status).toBe(200);
      expect(await count('contacts')).toBe(0);
    });

    it('answers 500 (never 200) with an apology and the voicemail prompt when storing fails, and logs it', async () => {
      // 500 rather than 200: Twilio must not take an unstored request as delivered, so it tries again.
      await execSql(t.deps, 'DROP TABLE recording_plays'); // it refers to recordings (PostgreSQL refuses otherwise)
      await execSql(t.deps, 'DROP TABLE recordings');
      const res = await post(
        '/twilio/recording',
        call(14, { RecordingSid: sid('RE', 14), RecordingUrl: recUrl(sid('RE', 14)), RecordingDuration: '12' }),
      );
      expect(res.status).toBe(500);
      expect(res.headers.get('content-type')).toContain('text/xml');
      const xml = await res.text();
      expect(xml).toContain('Excuses');
      expect(xml).toContain('We are sorry');
      expect(xml).toContain('<Record ');
      expect(t.logs.some((l) => l.includes('twilio webhook failed: answered 500 with the voicemail prompt'))).toBe(
        true,
      );
    });
  });

  describe('an open-hours call', () => {
    // Issue 10: the menu choice sets the queue and is the classifier's hint; it sets no topic (topics are docs/product.md §5 codes).
    it.each([
      ['1', 'legal'],
      ['2', 'registration'],
      ['3', 'general'],
    ])('sets the queue from menu key %s, no topic, and rings the agents', async (digits, queue) => {
      await post('/twilio/voice', call(20));
      const res = await post('/twilio/gather?attempt=1', call(20, { Digits: digits, CallStatus: 'in-progress' }));
      expect(res.status).toBe(200);
      const xml = await res.text();
      expect(xml).toContain('<Dial timeout="20" action="/twilio/dial"');
      expect(xml).toContain(
        `<Number url="/twilio/answered" method="POST">+31201234567</Number><Client url="/twilio/answered" method="POST"><Identity>desk_1</Identity><Parameter name="callSid" value="${sid('CA', 20)}"/></Client>`,
      );
      const c = await contactOf(20);
      expect(c.queue).toBe(queue);
      expect(c.topic).toBeNull();
      expect((await callRow(20)).menu_choice).toBe(digits);
      const kinds = (await eventsOf(c.id)).map((e) => e.kind);
      expect(kinds).toContain('call.menu');
      expect(kinds).not.toContain('topic');
      const pops = events.filter((e) => e.type === 'call.incoming');
      expect(pops).toHaveLength(2);
      expect(pops[1]!.data.menuChoice).toBe(digits);
    });

    it('gives a victim report the registration queue due time', async () => {
      await post('/twilio/voice', call(21));
      await post('/twilio/gather?attempt=1', call(21, { Digits: '2' }));
      expect((await contactOf(21)).due_at).toBe('2026-11-24T10:00:00.000Z'); // Monday 11:00 + 8 working hours
    });

    it('replays the menu for an unknown key and changes nothing, then goes through as "anything else"', async () => {
      await post('/twilio/voice', call(22));
      const first = await (await post('/twilio/gather?attempt=1', call(22, { Digits: '9' }))).text();
      expect(first).toContain('attempt=2');
      expect(first).not.toContain('<Dial');
      expect((await callRow(22)).menu_choice).toBeNull();
      const second = await (await post('/twilio/gather?attempt=2', call(22))).text();
      expect(second).toContain('<Dial');
      expect((await callRow(22)).menu_choice).toBe('3');
      expect(t.logs.some((l) => l.includes('a key that is not on the menu'))).toBe(true);
    });

    it('never echoes hostile Digits back into the TwiML', async () => {
      await post('/twilio/voice', call(23));
      const res = await post('/twilio/gather?attempt=1', call(23, { Digits: '"/><Dial>+31900</Dial>' }));
      expect(res.status).toBe(200);
      const xml = await res.text();
      expect(xml).not.toContain('+31900');
      expect(xml).toContain('attempt=2');
    });

    it('treats a hostile attempt counter as the first try', async () => {
      await post('/twilio/voice', call(24));
      const xml = await (await post('/twilio/gather?attempt=-5%3Cx%3E', call(24, { Digits: '9' }))).text();
      expect(xml).toContain('attempt=2');
    });

    it('hangs up after an agent answered, records the duration and makes no callback task', async () => {
      await post('/twilio/voice', call(25));
      await post('/twilio/gather?attempt=1', call(25, { Digits: '1' }));
      const dial = await post('/twilio/dial', call(25, { DialCallStatus: 'completed', DialCallDuration: '80' }));
      expect(await dial.text()).toContain('<Hangup/>');
      t.clock.advance(120_000);
      const res = await post('/twilio/status', call(25, { CallStatus: 'completed', CallDuration: '95' }));
      expect(res.status).toBe(200);
      const row = await callRow(25);
      expect(row).toMatchObject({ status: 'completed', duration: 95, dial_status: 'completed' });
      expect(row.answered_at).not.toBeNull();
      expect(row.ended_at).toBe('2026-11-23T10:02:00.000Z');
      const c = await contactOf(25);
      expect(c.priority).toBe('normal');
      expect(c.ended_at).toBe('2026-11-23T10:02:00.000Z');
      expect((await eventsOf(c.id)).map((e) => e.kind)).not.toContain('call.missed');
      expect(events.some((e) => e.type === 'call.ended' && e.data.callSid === sid('CA', 25))).toBe(true);
    });

    it('makes a missed office-hours call a callback task: high priority, due in two working hours', async () => {
      await post('/twilio/voice', call(26));
      await post('/twilio/gather?attempt=1', call(26, { Digits: '3' }));
      const dial = await (await post('/twilio/dial', call(26, { DialCallStatus: 'no-answer' }))).text();
      expect(dial).toContain('<Record ');
      expect(dial).toContain('niemand beschikbaar');
      const res = await post('/twilio/status', call(26, { CallStatus: 'completed', CallDuration: '41' }));
      expect(res.status).toBe(200);
      const c = await contactOf(26);
      expect(c.status).toBe('new');
      expect(c.priority).toBe('high');
      expect(c.due_at).toBe('2026-11-23T12:00:00.000Z'); // Monday 13:00
      const missed = (await eventsOf(c.id)).filter((e) => e.kind === 'call.missed');
      expect(missed).toHaveLength(1);
      expect(missed[0]!.data.due).toBe('2026-11-23T12:00:00.000Z');
      // A replayed status callback changes nothing.
      await post('/twilio/status', call(26, { CallStatus: 'completed', CallDuration: '41' }));
      expect((await eventsOf(c.id)).filter((e) => e.kind === 'call.missed' || e.kind === 'call.ended')).toHaveLength(2);
    });

    it('counts a call that ends late on a Friday as due the next working morning', async () => {
      t.clock.set('2026-11-27T15:30:00Z'); // Friday 16:30
      await post('/twilio/voice', call(27));
      await post('/twilio/status', call(27, { CallStatus: 'completed', CallDuration: '10' }));
      expect((await contactOf(27)).due_at).toBe('2026-11-30T09:30:00.000Z'); // Monday 10:30
    });

    it.each(['no-answer', 'busy', 'failed', 'canceled'])(
      'records the outcome %s and treats it as missed',
      async (status) => {
        await post('/twilio/voice', call(28));
        await post('/twilio/status', call(28, { CallStatus: status, CallDuration: '0' }));
        const row = await callRow(28);
        expect(row.status).toBe(status);
        expect(row.duration).toBe(0);
        expect((await contactOf(28)).priority).toBe('high');
      },
    );

    it('keeps an intermediate status without ending the call, and logs an unknown one', async () => {
      await post('/twilio/voice', call(29));
      await post('/twilio/status', call(29, { CallStatus: 'in-progress' }));
      expect(await callRow(29)).toMatchObject({ status: 'in-progress', ended_at: null });
      await post('/twilio/status', call(29, { CallStatus: 'exploded' }));
      expect((await callRow(29)).status).toBe('in-progress');
      expect(t.logs.some((l) => l.includes('unknown CallStatus'))).toBe(true);
    });

    it('notes that a withheld caller cannot be called back', async () => {
      await post('/twilio/voice', call(30, { From: 'anonymous' }));
      await post('/twilio/status', call(30, { CallStatus: 'completed', CallDuration: '5' }));
      const c = await contactOf(30);
      const missed = (await eventsOf(c.id)).find((e) => e.kind === 'call.missed')!;
      expect(missed.data.withheld).toBe(true);
      expect(c.priority).toBe('normal');
    });

    it('goes to voicemail after the menu when no agent numbers are configured', async () => {
      await t.close();
      t = await createTestApp({ TWILIO_AUTH_TOKEN: TOKEN, PUBLIC_URL: PUBLIC }, { now: MONDAY_11 });
      await post('/twilio/voice', call(31));
      const xml = await (await post('/twilio/gather?attempt=1', call(31, { Digits: '1' }))).text();
      expect(xml).not.toContain('<Dial');
      expect(xml).toContain('<Record ');
      expect((await contactOf(31)).queue).toBe('legal');
    });
  });

  describe('the screen pop', () => {
    it('pops up for agents with the masked number, and the event carries ids, never a name or a label', async () => {
      await post('/twilio/voice', call(40));
      await post('/twilio/voice', call(41, { From: '+31 6 1234 5678' }));
      const pops = events.filter((e) => e.type === 'call.incoming');
      expect(pops).toHaveLength(2);
      const pop = pops[1]!;
      expect(pop.roles).toEqual(['agent', 'supervisor']);
      const first = await contactOf(40);
      const second = await contactOf(41);
      // Each open page draws the pop in its reader's language from these (test/integration/live/live-fragments.test.ts).
      expect(pop.data).toEqual({
        callSid: sid('CA', 41),
        contactId: second.id,
        version: 1,
        reference: second.reference,
        from: '+316••••••78',
        menuChoice: null,
        officeOpen: true,
      });
      expect(JSON.stringify(pops)).not.toContain('612345678');
      // The number is findable in the inbox by exact number (keyed hash), and shown masked there.
      const { client } = await signedIn(t, ['agent']);
      const html = await (await client.get(`/contacts?q=${encodeURIComponent('06 1234 5678')}`)).text();
      expect(html).toContain(`href="/contacts/${first.id}"`);
      expect(html).toContain(`href="/contacts/${second.id}"`);
      expect(html).toContain('+316••••••78');
      expect(html).not.toContain('+31612345678');
    });

    it('reaches a signed-in agent over the live event stream', async () => {
      const { client } = await signedIn(t, ['agent']);
      const res = await client.get('/live/events');
      expect(res.status).toBe(200);
      const reader = res.body!.getReader();
      const read = async () => new TextDecoder().decode((await reader.read()).value);
      expect(await read()).toContain('event: ready');
      await post('/twilio/voice', call(42));
      let text = '';
      for (let i = 0; i < 5 && !text.includes('call.incoming'); i++) text += await read();
      expect(text).toContain('event: call.incoming');
      expect(text).toContain('+316••••••78');
      await reader.cancel();
    });
  });

  describe('callbacks out of order', () => {
    it('logs the call from a status callback that arrives before the voice webhook, once', async () => {
      const res = await post('/twilio/status', call(50, { CallStatus: 'completed', CallDuration: '3' }));
      expect(res.status).toBe(200);
      expect(await count('contacts')).toBe(1);
      const c = await contactOf(50);
      expect(c.channel).toBe('phone');
      expect((await callRow(50)).status).toBe('completed');
      expect(t.logs.some((l) => l.includes('arrived before the voice webhook'))).toBe(true);
      await post('/twilio/voice', call(50));
      await post('/twilio/status', call(50, { CallStatus: 'completed', CallDuration: '3' }));
      expect(await count('contacts')).toBe(1);
      expect(await count('calls')).toBe(1);
    });

    it('logs the call from a transcription that arrives before the recording and the voice webhook', async () => {
      t.clock.set(SATURDAY);
      const re = sid('RE', 51);
      await post(
        '/twilio/transcription',
        call(51, {
          RecordingSid: re,
          RecordingUrl: recUrl(re),
          TranscriptionSid: sid('TR', 51),
          TranscriptionStatus: 'completed',
          TranscriptionText: 'Bel me terug over de bedenktijd',
        }),
      );
      await post(
        '/twilio/recording',
        call(51, { RecordingSid: re, RecordingUrl: recUrl(re), RecordingDuration: '30', RecordingStatus: 'completed' }),
      );
      await post('/twilio/voice', call(51));
      expect(await count('contacts')).toBe(1);
      expect(await count('recordings')).toBe(1);
      const rec = await t.deps.db.selectFrom('recordings').selectAll().executeTakeFirstOrThrow();
      expect(rec).toMatchObject({ recording_sid: re, duration: 30, transcription_status: 'completed' });
      expect(t.deps.crypto.decrypt(rec.transcription_text)).toBe('Bel me terug over de bedenktijd'); // encrypted at rest
      expect((await contactOf(51)).queue).toBe('after-hours');
    });
  });

  describe('a closed-hours call', () => {
    beforeEach(() => {
      t.clock.set(SATURDAY);
    });

    it('says the opening hours and 112, records a voicemail and lands in the after-hours queue with its transcription', async () => {
      const xml = await (await post('/twilio/voice', call(60))).text();
      expect(xml).toContain('buiten onze openingstijden');
      expect(xml).toContain('op maandag 30 november om 9:00 uur');
      expect(xml).toContain('112');
      expect(xml).toContain('maxLength="120"');
      expect(xml).not.toContain('transcribe=');
      expect(xml).toContain('<Transcription name="voicemail" languageCode="nl-NL"');
      const c0 = await contactOf(60);
      expect(c0).toMatchObject({ queue: 'after-hours', in_office_hours: 0, channel: 'phone' });
      expect(events.find((e) => e.type === 'call.incoming')!.data.officeOpen).toBe(false);

      const re = sid('RE', 60);
      const rec = await post(
        '/twilio/recording',
        call(60, { CallStatus: 'completed', RecordingSid: re, RecordingUrl: recUrl(re), RecordingDuration: '47' }),
      );
      expect(rec.status).toBe(200);
      expect(await rec.text()).toContain('Dank u wel');
      // The recording status callback of the same recording arrives too: still one recording.
      await post(
        '/twilio/recording',
        call(60, { RecordingSid: re, RecordingUrl: recUrl(re), RecordingDuration: '47', RecordingStatus: 'completed' }),
      );
      await post('/twilio/status', call(60, { CallStatus: 'completed', CallDuration: '70' }));
      const text = 'Mijn zus wordt vastgehouden door een mensenhandelaar in Rotterdam';
      const tr = await post(
        '/twilio/transcription',
        call(60, {
          RecordingSid: re,
          RecordingUrl: recUrl(re),
          TranscriptionSid: sid('TR', 60),
          TranscriptionStatus: 'completed',
          TranscriptionText: text,
        }),
      );
      expect(tr.status).toBe(200);
      await post(
        '/twilio/transcription',
        call(60, {
          RecordingSid: re,
          RecordingUrl: recUrl(re),
          TranscriptionSid: sid('TR', 60),
          TranscriptionStatus: 'completed',
          TranscriptionText: text,
        }),
      );

      expect(await count('recordings')).toBe(1);
      const r = await t.deps.db.selectFrom('recordings').selectAll().executeTakeFirstOrThrow();
      expect(r).toMatchObject({
        recording_sid: re,
        call_sid: sid('CA', 60),
        contact_id: c0.id,
        url: recUrl(re),
        duration: 47,
        played_at: null,
      });
      expect(t.deps.crypto.decrypt(r.transcription_text)).toBe(text); // encrypted at rest
      const c = await contactOf(60);
      expect(c).toMatchObject({
        queue: 'after-hours',
        channel: 'voicemail',
        subject: 'Voicemail',
        due_at: '2026-11-30T10:00:00.000Z',
        priority: 'normal',
      });
      const kinds = (await eventsOf(c.id)).map((e) => e.kind);
      expect(kinds.filter((k) => k === 'call.voicemail')).toHaveLength(1);
      expect(kinds.filter((k) => k === 'call.transcription')).toHaveLength(1);
      expect(kinds).not.toContain('call.missed');

      const { client } = await signedIn(t, ['agent']);
      const found = await (await client.get('/contacts?q=mensenhandelaar')).text();
      expect(found).toContain(`href="/contacts/${c.id}"`);
      const queue = await (await client.get('/contacts?queue=after-hours')).text();
      expect(queue).toContain(`href="/contacts/${c.id}"`);
    });

    it('does not record a voicemail when transcription is off, and still keeps the recording', async () => {
      await t.close();
      t = await createTestApp(
        { TWILIO_AUTH_TOKEN: TOKEN, PUBLIC_URL: PUBLIC, TWILIO_TRANSCRIBE: 'false' },
        { now: SATURDAY },
      );
      const xml = await (await post('/twilio/voice', call(61))).text();
      expect(xml).toContain('<Record ');
      expect(xml).not.toContain('transcribe');
    });

    it('refuses to keep a RecordingUrl that is not on the Twilio API', async () => {
      await post('/twilio/voice', call(62));
      for (const url of [
        `https://evil.example/2010-04-01/Accounts/${ACCOUNT}/Recordings/${sid('RE', 62)}`,
        'javascript:alert(1)',
        `https://api.twilio.com.evil.example/2010-04-01/Accounts/${ACCOUNT}/Recordings/${sid('RE', 62)}`,
      ]) {
        const res = await post(
          '/twilio/recording',
          call(62, { RecordingSid: sid('RE', 62), RecordingUrl: url, RecordingDuration: '5' }),
        );
        expect(res.status).toBe(200);
      }
      const mismatch = await post(
        '/twilio/recording',
        call(62, { RecordingSid: sid('RE', 63), RecordingUrl: recUrl(sid('RE', 62)) }),
      );
      expect(mismatch.status).toBe(200);
      expect(await count('recordings')).toBe(0);
      expect(t.logs.some((l) => l.includes('RecordingUrl is not a recording on the Twilio API'))).toBe(true);
      expect(t.logs.some((l) => l.includes('RecordingSid and RecordingUrl disagree'))).toBe(true);
    });

    it('keeps nothing for a recording that failed or is absent', async () => {
      await post('/twilio/voice', call(64));
      await post(
        '/twilio/recording',
        call(64, { RecordingSid: sid('RE', 64), RecordingUrl: recUrl(sid('RE', 64)), RecordingStatus: 'absent' }),
      );
      expect(await count('recordings')).toBe(0);
    });

    it('records a failed transcription so the agent knows to listen', async () => {
      await post('/twilio/voice', call(65));
      const re = sid('RE', 65);
      await post('/twilio/recording', call(65, { RecordingSid: re, RecordingUrl: recUrl(re), RecordingDuration: '9' }));
      await post(
        '/twilio/transcription',
        call(65, {
          RecordingSid: re,
          RecordingUrl: recUrl(re),
          TranscriptionSid: sid('TR', 65),
          TranscriptionStatus: 'failed',
        }),
      );
      const r = await t.deps.db.selectFrom('recordings').selectAll().executeTakeFirstOrThrow();
      expect(r).toMatchObject({ transcription_status: 'failed', transcription_text: null });
    });

    it('caps an enormous transcription and strips control characters', async () => {
      await post('/twilio/voice', call(66));
      const re = sid('RE', 66);
      await post(
        '/twilio/transcription',
        call(66, {
          RecordingSid: re,
          RecordingUrl: recUrl(re),
          TranscriptionSid: sid('TR', 66),
          TranscriptionStatus: 'completed',
          TranscriptionText: `hallo\u0000\u001b[31m ${'woord '.repeat(5000)}`,
        }),
      );
      const r = await t.deps.db.selectFrom('recordings').selectAll().executeTakeFirstOrThrow();
      const text = t.deps.crypto.decrypt(r.transcription_text)!;
      expect(text.length).toBeLessThanOrEqual(10_000);
      expect(text).not.toMatch(/[\u0000-\u001f]/);
    });

    it('shows the voicemail on the contact page with a Baken player, the transcription as text, and no Twilio link', async () => {
      await post('/twilio/voice', call(67));
      const re = sid('RE', 67);
      await post(
        '/twilio/recording',
        call(67, { RecordingSid: re, RecordingUrl: recUrl(re), RecordingDuration: '65' }),
      );
      await post(
        '/twilio/transcription',
        call(67, {
          RecordingSid: re,
          RecordingUrl: recUrl(re),
          TranscriptionSid: sid('TR', 67),
          TranscriptionStatus: 'completed',
          TranscriptionText: 'Help <b>nu</b> alstublieft',
        }),
      );
      await post('/twilio/status', call(67, { CallStatus: 'completed', CallDuration: '80' }));
      const c = await contactOf(67);
      const rec = await t.deps.db.selectFrom('recordings').select('id').executeTakeFirstOrThrow();
      const { client } = await signedIn(t, ['agent']);
      const res = await client.get(`/contacts/${c.id}`);
      expect(res.status).toBe(200);
      const html = await res.text();
      expect(html).toContain(`<audio controls="" preload="none" src="/calls/recordings/${rec.id}"></audio>`);
      expect(html).toContain('Help &lt;b&gt;nu&lt;/b&gt; alstublieft');
      expect(html).not.toContain('<b>nu</b>');
      expect(html).not.toContain('api.twilio.com');
      expect(html).not.toContain(re);
      expect(html).toContain('1:20'); // call duration
      expect(html).toContain('1:05'); // voicemail length
      expect(html).toContain('voicemail left (1:05)');
      expect(html).toContain('call ended (completed, 1:20)');
      expect(html).toContain('+316••••••78');
    });
  });
});
