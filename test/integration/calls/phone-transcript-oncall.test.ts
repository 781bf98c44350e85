import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, signedIn, type Client, type TestApp } from '../../support/test-app.js';
import { sid, signedTwilioPost } from '../../support/twilio.js';
import { startTwilioStandIn, type TwilioStandIn } from '../../support/twilio-standin.js';
import { startCatcher, type Catcher } from '../../support/mail.js';
import { ingestComposed } from '../../support/factories.js';
import { oncallIdle, sendDueOncallNotices } from '../../../src/oncall/oncall.service.js';
import { purgeStaleTranscripts } from '../../../src/calls/transcript.service.js';

const TOKEN = 'test-twilio-auth-token-0123456789';
const PUBLIC = 'https://baken.example.org';
const ACCOUNT = `AC${'1'.repeat(32)}`;
const CALLER = '+31612345678';
const DESK = '+31334481186';
const ONCALL = '+31687654321';
const SATURDAY = '2026-11-28T20:00:00Z'; // Saturday 21:00 in Amsterdam: closed
const MONDAY_11 = '2026-11-23T10:00:00Z'; // open
const GIRL = 'Hallo, ik bel over een meisje van 15. Ze wordt bedreigd en heeft vannacht geen veilige plek.';
const gt = (n: number | string) => `GT${Buffer.from(String(n)).toString('hex').padStart(32, '0').slice(-32)}`;

describe('the voicemail transcript in the caller’s language and the on-call notice', () => {
  let t: TestApp;
  let twilio: TwilioStandIn;
  const post = (path: string, params: Record<string, string>, headers: Record<string, string> = {}) =>
    signedTwilioPost(t.app, PUBLIC, TOKEN, path, params, headers);
  const call = (n: number | string, extra: Record<string, string> = {}) => ({
    AccountSid: ACCOUNT,
    CallSid: sid('CA', n),
    From: CALLER,
    To: DESK,
    Direction: 'inbound',
    CallStatus: 'in-progress',
    ...extra,
  });
  const recUrl = (n: number | string) => `${twilio.url}/2010-04-01/Accounts/${ACCOUNT}/Recordings/${sid('RE', n)}`;
  const transcript = (n: number | string, event: string, extra: Record<string, string> = {}) => ({
    AccountSid: ACCOUNT,
    CallSid: sid('CA', n),
    TranscriptionSid: gt(n),
    TranscriptionEvent: event,
    LanguageCode: 'nl-NL',
    Timestamp: '2026-11-28T20:01:00.000Z',
    ...extra,
  });
  const utterance = (n: number | string, seq: number, text: string) =>
    transcript(n, 'transcription-content', {
      SequenceId: String(seq),
      Track: 'inbound_track',
      Final: 'true',
      TranscriptionData: JSON.stringify({ transcript: text, confidence: 0.93 }),
    });
  const contactOf = (n: number | string) =>
    t.deps.db
      .selectFrom('calls')
      .innerJoin('contacts', 'contacts.id', 'calls.contact_id')
      .selectAll('contacts')
      .where('calls.call_sid', '=', sid('CA', n))
      .executeTakeFirstOrThrow();
  const recordingOf = (n: number | string) =>
    t.deps.db.selectFrom('recordings').selectAll().where('call_sid', '=', sid('CA', n)).executeTakeFirst();
  const routing = (contactId: number) =>
    t.deps.db.selectFrom('contact_routing').selectAll().where('contact_id', '=', contactId).executeTakeFirst();
  const sms = () => twilio.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/Messages.json'));
  const notices = () => t.deps.db.selectFrom('oncall_notices').selectAll().orderBy('id').execute();

  /** A whole after-hours voicemail: the call, its recording, and the real-time transcript in two utterances. */
  async function voicemail(n: number | string, words: string[], opts: { recordingFirst?: boolean } = {}) {
    expect((await post('/twilio/voice', call(n))).status).toBe(200);
    const recording = () =>
      post('/twilio/recording', {
        ...call(n, { CallStatus: 'completed' }),
        RecordingSid: sid('RE', n),
        RecordingUrl: recUrl(n),
        RecordingDuration: '31',
        RecordingStatus: 'completed',
      });
    if (opts.recordingFirst) expect((await recording()).status).toBe(200);
    expect((await post('/twilio/transcript', transcript(n, 'transcription-started'))).status).toBe(200);
    for (const [i, w] of words.entries())
      expect((await post('/twilio/transcript', utterance(n, i + 1, w))).status).toBe(200);
    expect((await post('/twilio/transcript', transcript(n, 'transcription-stopped'))).status).toBe(200);
    if (!opts.recordingFirst) expect((await recording()).status).toBe(200);
    await oncallIdle(t.deps);
  }

  beforeEach(async () => {
    twilio = await startTwilioStandIn(ACCOUNT, TOKEN);
    t = await createTestApp(
      {
        TWILIO_AUTH_TOKEN: TOKEN,
        TWILIO_ACCOUNT_SID: ACCOUNT,
        TWILIO_API_BASE: twilio.url,
        TWILIO_CALLER_ID: DESK,
        TWILIO_AGENT_NUMBERS: '+31201234567',
        ONCALL_PHONE: ONCALL,
        PUBLIC_URL: PUBLIC,
      },
      { now: SATURDAY },
    );
  });
  afterEach(async () => {
    await oncallIdle(t.deps);
    // Personal data never goes into logs: not the caller's number, not the voicemail's words.
    const logs = t.logs.join('\n');
    expect(logs).not.toContain('612345678');
    expect(logs).not.toContain('meisje');
    await t.close();
    await twilio.close();
  });

  it('makes a Dutch transcript about a girl of 15 urgent and minor, encrypted, and first in /review', async () => {
    const agent: Client = (await signedIn(t, ['agent'])).client;
    // An older, ordinary voicemail waits already.
    t.clock.set('2026-11-28T19:00:00Z');
    await voicemail(1, ['Goedemiddag, ik heb een vraag over mijn uitkering.', 'Belt u mij terug?']);
    t.clock.set(SATURDAY);
    await voicemail(
      2,
      GIRL.split('. ').map((s) => `${s}.`),
    );

    const urgent = await contactOf(2);
    expect(urgent.priority).toBe('urgent');
    expect(urgent.queue).toBe('after-hours');
    expect(await routing(urgent.id)).toMatchObject({ urgent: 1, minor: 1 });
    const rec = (await recordingOf(2))!;
    expect(rec.transcription_status).toBe('completed');
    expect(rec.transcription_sid).toBe(gt(2));
    expect(rec.transcription_text).toMatch(/^v1\./); // encrypted at rest
    expect(t.deps.crypto.decrypt(rec.transcription_text)).toContain('meisje van 15');
    // The utterances are gone once joined.
    expect(await t.deps.db.selectFrom('call_transcript_parts').selectAll().execute()).toEqual([]);

    const res = await agent.get('/review');
    expect(res.status).toBe(200);
    const html = await res.text();
    const order = [...html.matchAll(/<tr class="review-row[^"]*" data-id="(\d+)"/g)].map((m) => Number(m[1]));
    expect(order[0]).toBe(urgent.id);
    expect(order).toContain((await contactOf(1)).id);
  });

  it('joins the transcript to a recording that arrived before the transcription stopped, too', async () => {
    await voicemail(3, ['Een meisje van 15 wordt bedreigd.'], { recordingFirst: true });
    const c = await contactOf(3);
    expect(c.priority).toBe('urgent');
    expect(t.deps.crypto.decrypt((await recordingOf(3))!.transcription_text)).toBe('Een meisje van 15 wordt bedreigd.');
    expect(await t.deps.db.selectFrom('call_transcripts_pending').selectAll().execute()).toEqual([]);
  });

  it('sends exactly one SMS for an urgent after-hours voicemail: a link, from the desk, and no personal data', async () => {
    await voicemail(4, GIRL.split('. '));
    // Twilio retries the stop event; the worker runs again: still one notice.
    await post('/twilio/transcript', transcript(4, 'transcription-stopped'));
    await sendDueOncallNotices(t.deps);
    await oncallIdle(t.deps);
    const c = await contactOf(4);
    expect(sms()).toHaveLength(1);
    const m = sms()[0]!;
    expect(m.path).toBe(`/2010-04-01/Accounts/${ACCOUNT}/Messages.json`);
    expect(m.form.To).toBe(ONCALL);
    expect(m.form.From).toBe(DESK);
    expect(m.form.Body).toContain(`${PUBLIC}/contacts/${c.id}`);
    for (const secret of ['612345678', '6••', 'meisje', '15', 'bedreigd', 'veilige'])
      expect(String(m.form.Body).replace(`/contacts/${c.id}`, '')).not.toContain(secret);
    const rows = await notices();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ contact_id: c.id, channel: 'sms', status: 'sent', attempts: 1 });
    const audit = await t.deps.db
      .selectFrom('audit_log')
      .select(['action', 'details'])
      .where('action', 'like', 'oncall.%')
      .orderBy('id')
      .execute();
    expect(audit.map((a) => a.action)).toEqual(['oncall.queued', 'oncall.sent']);
    expect(JSON.stringify(audit)).not.toContain(ONCALL);
  });

  it('sends nothing for a non-urgent voicemail after hours, nor for an urgent one in office hours', async () => {
    await voicemail(5, ['Ik heb een vraag over een formulier.']);
    t.clock.set(MONDAY_11);
    await post('/twilio/voice', call(6));
    await post('/twilio/gather', { ...call(6), Digits: '2' });
    await post('/twilio/dial', { ...call(6), DialCallStatus: 'no-answer' });
    await post('/twilio/transcript', utterance(6, 1, 'Een meisje van 15 wordt bedreigd.'));
    await post('/twilio/transcript', transcript(6, 'transcription-stopped'));
    await post('/twilio/recording', {
      ...call(6),
      RecordingSid: sid('RE', 6),
      RecordingUrl: recUrl(6),
      RecordingDuration: '9',
    });
    await sendDueOncallNotices(t.deps);
    expect((await contactOf(6)).priority).toBe('urgent');
    expect(sms()).toHaveLength(0);
    expect(await notices()).toEqual([]);
  });

  it('retries an SMS Twilio answered with 500, shows it failed on the admin page after the last try, and loses nothing', async () => {
    twilio.on('POST', /Messages\.json$/, () => ({ status: 500, json: { code: 20500, message: 'Internal error' } }));
    await voicemail(7, ['Een meisje van 15 wordt bedreigd.']);
    for (let i = 0; i < 6; i++) {
      t.clock.advance(5 * 60_000);
      await sendDueOncallNotices(t.deps);
    }
    expect(sms()).toHaveLength(5);
    const [n] = await notices();
    expect(n).toMatchObject({ status: 'failed', attempts: 5, last_error: 'twilio_500' });
    const admin = (await signedIn(t, ['admin'])).client;
    const page = await admin.get('/admin/on-call');
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('Failed');
    expect(html).toContain('twilio_500');
    // Twilio is back: the admin tries again and it goes.
    twilio.reset();
    const retry = await admin.post(`/admin/on-call/notices/${n!.id}/retry`);
    expect(retry.status).toBe(303);
    await oncallIdle(t.deps);
    expect(sms()).toHaveLength(1);
    expect((await notices())[0]).toMatchObject({ status: 'sent' });
  });

  it('tries again after a timeout', async () => {
    let first = true;
    twilio.on('POST', /Messages\.json$/, () => {
      if (!first) return undefined;
      first = false;
      return { status: 0, hang: true };
    });
    await voicemail(8, ['Een meisje van 15 wordt bedreigd.']);
    expect((await notices())[0]).toMatchObject({ status: 'queued', last_error: 'twilio_timeout' });
    t.clock.advance(60_000);
    await sendDueOncallNotices(t.deps);
    expect((await notices())[0]).toMatchObject({ status: 'sent', attempts: 2 });
  }, 30_000);

  it('ignores a transcript for a call Baken does not know, and logs it without personal data', async () => {
    const res = await post('/twilio/transcript', utterance(99, 1, 'Een meisje van 15 wordt bedreigd.'));
    expect(res.status).toBe(200);
    expect(res.headers.get('Content-Type')).toContain('text/xml');
    await post('/twilio/transcript', transcript(99, 'transcription-stopped'));
    expect(await t.deps.db.selectFrom('call_transcript_parts').selectAll().execute()).toEqual([]);
    expect(await t.deps.db.selectFrom('calls').selectAll().execute()).toEqual([]);
    expect(t.logs.join('\n')).toContain('a call Baken does not know');
  });

  it('removes a day later the text of a voicemail whose recording never came', async () => {
    await post('/twilio/voice', call(13));
    await post('/twilio/transcript', utterance(13, 1, 'Hallo?'));
    await post('/twilio/transcript', utterance(14, 1, 'ignored: unknown call'));
    await post('/twilio/transcript', transcript(13, 'transcription-stopped'));
    await post('/twilio/voice', call(15));
    await post('/twilio/transcript', utterance(15, 1, 'Nog bezig'));
    expect(await t.deps.db.selectFrom('call_transcripts_pending').selectAll().execute()).toHaveLength(1);
    expect(await purgeStaleTranscripts(t.deps)).toBe(0);
    t.clock.advance(25 * 60 * 60_000);
    expect(await purgeStaleTranscripts(t.deps)).toBe(2);
    expect(await t.deps.db.selectFrom('call_transcripts_pending').selectAll().execute()).toEqual([]);
    expect(await t.deps.db.selectFrom('call_transcript_parts').selectAll().execute()).toEqual([]);
  });

  it('refuses a transcript with a forged signature (403) and stores nothing', async () => {
    await post('/twilio/voice', call(10));
    const res = await post('/twilio/transcript', utterance(10, 1, 'Een meisje van 15.'), {
      'X-Twilio-Signature': 'forged',
    });
    expect(res.status).toBe(403);
    expect(await t.deps.db.selectFrom('call_transcript_parts').selectAll().execute()).toEqual([]);
  });

  it('ignores hostile transcript data: not JSON, partial results, the other track, a bad sequence number', async () => {
    await post('/twilio/voice', call(11));
    const base = utterance(11, 1, 'x');
    for (const bad of [
      { ...base, TranscriptionData: '{not json' },
      { ...base, TranscriptionData: JSON.stringify({ transcript: 42 }) },
      { ...base, Final: 'false' },
      { ...base, Track: 'outbound_track' },
      { ...base, SequenceId: '-1' },
      { ...base, SequenceId: '1e9' },
      { ...base, TranscriptionSid: 'GT<script>' },
      { ...base, TranscriptionData: JSON.stringify({ transcript: '\u0000\u0007' }) },
    ])
      expect((await post('/twilio/transcript', bad)).status).toBe(200);
    expect(await t.deps.db.selectFrom('call_transcript_parts').selectAll().execute()).toEqual([]);
  });

  it('still accepts Twilio’s legacy transcription callback as before', async () => {
    await post('/twilio/voice', call(12));
    const res = await post('/twilio/transcription', {
      ...call(12),
      RecordingSid: sid('RE', 12),
      RecordingUrl: recUrl(12),
      TranscriptionSid: sid('TR', 12),
      TranscriptionText: 'Een meisje van 15 wordt bedreigd.',
      TranscriptionStatus: 'completed',
    });
    expect(res.status).toBe(200);
    await oncallIdle(t.deps);
    expect((await contactOf(12)).priority).toBe('urgent');
    expect(sms()).toHaveLength(1);
  });
});

describe('the on-call admin page', () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await createTestApp({}, { now: SATURDAY });
  });
  afterEach(async () => {
    await t.close();
  });

  it('refuses a number that is not E.164 with 422 and keeps what was typed', async () => {
    const admin = (await signedIn(t, ['admin'])).client;
    for (const bad of ['0612345678', '+0612345678', '+31 6 1234 5678 9999 12', 'bel mij', '+31<script>']) {
      const res = await admin.post('/admin/on-call', { phone: bad, email: '' });
      expect(res.status).toBe(422);
      const html = await res.text();
      expect(html).toContain('international format (E.164)');
    }
    const bad = await admin.post('/admin/on-call', { phone: '', email: 'not-an-address' });
    expect(bad.status).toBe(422);
    expect(await t.deps.db.selectFrom('desk_settings').selectAll().execute()).toEqual([]);
  });

  it('saves a number and an address, audited without the number itself', async () => {
    const { client: admin, user } = await signedIn(t, ['admin']);
    const res = await admin.post('/admin/on-call', { phone: '+31 6 87654321', email: 'piket@baken.example.org' });
    expect(res.status).toBe(303);
    expect(res.headers.get('Location')).toBe('/admin/on-call');
    const html = await (await admin.get('/admin/on-call')).text();
    expect(html).toContain('value="+31687654321"');
    expect(html).toContain('value="piket@baken.example.org"');
    const audit = await t.deps.db
      .selectFrom('audit_log')
      .select(['action', 'actor_id', 'details'])
      .where('action', '=', 'oncall.settings')
      .execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]!.actor_id).toBe(user.id);
    expect(audit[0]!.details).not.toContain('87654321');
  });

  it('is for admins only', async () => {
    const agent = (await signedIn(t, ['agent'])).client;
    expect((await agent.get('/admin/on-call')).status).toBe(403);
    expect((await agent.post('/admin/on-call', { phone: '+31687654321', email: '' })).status).toBe(403);
    expect(await t.deps.db.selectFrom('desk_settings').selectAll().execute()).toEqual([]);
  });
});

describe('the on-call mail for an urgent mail after hours', () => {
  let t: TestApp;
  let catcher: Catcher;
  beforeEach(async () => {
    catcher = await startCatcher();
    t = await createTestApp(
      {
        SMTP_URL: catcher.url,
        HELPDESK_ADDRESSES: 'meldpunt@baken.test',
        MAIL_FROM: 'meldpunt@baken.test',
        ONCALL_EMAIL: 'piket@baken.test',
        PUBLIC_URL: PUBLIC,
      },
      { now: SATURDAY },
    );
  });
  afterEach(async () => {
    await oncallIdle(t.deps);
    expect(t.logs.join('\n')).not.toContain('kees@example.org');
    await t.close();
    await catcher.close();
  });

  it('sends one mail to the on-call address with the link and nothing of the sender or their words', async () => {
    const mail = {
      from: 'Kees Jansen <kees@example.org>',
      to: 'meldpunt@baken.test',
      subject: 'Meisje van 15 in gevaar',
      text: 'Een meisje van 15 wordt bedreigd en heeft vannacht geen veilige plek.',
      messageId: '<urgent-1@example.org>',
      date: new Date(SATURDAY),
    };
    const r = await ingestComposed(t, mail);
    await oncallIdle(t.deps);
    const [m] = await catcher.waitFor(1);
    expect(m!.envelope.to).toEqual(['piket@baken.test']);
    const text = m!.parsed.text ?? '';
    expect(text).toContain(`${PUBLIC}/contacts/${r.contactId}`);
    for (const secret of ['Kees', 'kees@example.org', 'meisje', 'Meisje', 'bedreigd', 'veilige'])
      expect(`${m!.parsed.subject} ${text}`).not.toContain(secret);
    // The same mail delivered again (a lost 250), and the worker again: still one notice, one mail.
    await ingestComposed(t, mail);
    await sendDueOncallNotices(t.deps);
    await oncallIdle(t.deps);
    expect(catcher.messages).toHaveLength(1);
    const rows = await t.deps.db
      .selectFrom('oncall_notices')
      .selectAll()
      .where('contact_id', '=', r.contactId)
      .execute();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ channel: 'email', status: 'sent' });
  });
});
