import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, signedIn, type Client, type TestApp } from '../../support/test-app.js';
import { ingestComposed, makeContact } from '../../support/factories.js';
import { sid, signedTwilioPost } from '../../support/twilio.js';
import type { LiveEvent } from '../../../src/shared/event-bus.js';
import { changeContact } from '../../../src/contacts/contacts.service.js';

const TOKEN = 'review-test-twilio-token-0123456789';
const PUBLIC = 'https://baken.example.org';
const ACCOUNT = `AC${'3'.repeat(32)}`;
const DESK = 'meldpunt@baken.test';
const MONDAY_0920 = '2026-11-23T08:20:00Z'; // Monday 09:20 in Amsterdam

describe('the after-hours review', () => {
  let t: TestApp;
  let eva: Client;
  let evaId: number;
  let rik: Client;
  let events: LiveEvent[];
  const ids = {} as Record<'mailA' | 'voicemail' | 'missed' | 'mailB' | 'urgent', number>;

  const post = (path: string, params: Record<string, string>) => signedTwilioPost(t.app, PUBLIC, TOKEN, path, params);
  const call = (n: string, from: string, extra: Record<string, string> = {}) => ({
    AccountSid: ACCOUNT,
    CallSid: sid('CA', n),
    From: from,
    To: '+31334481186',
    Direction: 'inbound',
    CallStatus: 'ringing',
    ...extra,
  });
  const contactOfCall = async (n: string) =>
    (
      await t.deps.db
        .selectFrom('calls')
        .select('contact_id')
        .where('call_sid', '=', sid('CA', n))
        .executeTakeFirstOrThrow()
    ).contact_id;
  const contact = (id: number) =>
    t.deps.db.selectFrom('contacts').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  const mailContact = async (subject: string) =>
    (
      await t.deps.db
        .selectFrom('mail_messages')
        .select('contact_id')
        .where('subject', '=', subject)
        .executeTakeFirstOrThrow()
    ).contact_id;
  /** The ids of the review list's rows, in the order the page shows them. */
  const listed = async (client: Client = eva) => {
    const res = await client.get('/review');
    expect(res.status).toBe(200);
    const html = await res.text();
    return [...html.matchAll(/<tr class="review-row[^"]*" data-id="(\d+)"/g)].map((m) => Number(m[1]));
  };
  const audits = (action: string) =>
    t.deps.db.selectFrom('audit_log').selectAll().where('action', '=', action).orderBy('id').execute();
  /** The agent's player fetching the voicemail through Baken: all of it, or only a byte range. */
  const listen = async (client: Client, range?: string) => {
    const rec = await t.deps.db.selectFrom('recordings').select('id').executeTakeFirstOrThrow();
    const res = await client.get(`/calls/recordings/${rec.id}`, range ? { Range: range } : {});
    expect(res.status).toBe(range ? 206 : 200);
    return Buffer.from(await res.arrayBuffer());
  };

  // A stand-in for Twilio's REST API on loopback, serving the voicemail's audio (with byte ranges).
  let twilio: Server;
  const AUDIO = Buffer.from('ID3-fake-mp3-audio-of-the-voicemail');
  beforeAll(async () => {
    twilio = createServer((req, res) => {
      const range = /^bytes=(\d+)-(\d*)$/.exec(String(req.headers.range ?? ''));
      if (!range) return void res.writeHead(200, { 'Content-Type': 'audio/mpeg' }).end(AUDIO);
      const from = Number(range[1]);
      const to = range[2] ? Math.min(Number(range[2]), AUDIO.length - 1) : AUDIO.length - 1;
      res
        .writeHead(206, { 'Content-Type': 'audio/mpeg', 'Content-Range': `bytes ${from}-${to}/${AUDIO.length}` })
        .end(AUDIO.subarray(from, to + 1));
    });
    await new Promise<void>((r) => twilio.listen(0, '127.0.0.1', () => r()));
  });
  afterAll(async () => {
    twilio.closeAllConnections();
    await new Promise((r) => twilio.close(r));
  });

  beforeEach(async () => {
    t = await createTestApp(
      {
        TWILIO_AUTH_TOKEN: TOKEN,
        TWILIO_ACCOUNT_SID: ACCOUNT,
        TWILIO_API_BASE: `http://127.0.0.1:${(twilio.address() as AddressInfo).port}`,
        PUBLIC_URL: PUBLIC,
        HELPDESK_ADDRESSES: DESK,
      },
      { now: '2026-11-20T18:30:00Z' }, // Friday 19:30: closed
    );
    events = [];
    t.deps.events.subscribe((e) => events.push(e));
    // Friday evening: a mail.
    await ingestComposed(t, {
      from: 'jan@example.org',
      to: DESK,
      subject: 'Vraag over verblijf',
      text: 'Goedenavond,\nik heb een vraag over mijn verblijfsvergunning.',
    });
    ids.mailA = await mailContact('Vraag over verblijf');
    // Friday 21:00: a voicemail.
    t.clock.set('2026-11-20T20:00:00Z');
    const re = sid('RE', 'vm');
    expect((await post('/twilio/voice', call('vm', '+31612345678'))).status).toBe(200);
    expect(
      (
        await post(
          '/twilio/recording',
          call('vm', '+31612345678', {
            RecordingSid: re,
            RecordingUrl: `https://api.twilio.com/2010-04-01/Accounts/${ACCOUNT}/Recordings/${re}`,
            RecordingDuration: '42',
            RecordingStatus: 'completed',
          }),
        )
      ).status,
    ).toBe(200);
    ids.voicemail = await contactOfCall('vm');
    // Saturday 02:14: a call that hangs up before leaving a message.
    t.clock.set('2026-11-21T01:14:00Z');
    await post('/twilio/voice', call('missed', '+31687654321'));
    await post('/twilio/status', call('missed', '+31687654321', { CallStatus: 'completed', CallDuration: '7' }));
    ids.missed = await contactOfCall('missed');
    // Saturday morning and Sunday night: two more mails, the second about a 15-year-old with no safe place.
    t.clock.set('2026-11-21T09:00:00Z');
    await ingestComposed(t, {
      from: 'piet@example.org',
      to: DESK,
      subject: 'Training aanvragen',
      text: 'Wij willen graag een training.',
    });
    ids.mailB = await mailContact('Training aanvragen');
    t.clock.set('2026-11-22T21:00:00Z');
    await ingestComposed(t, {
      from: 'mentor@school.example.nl',
      to: DESK,
      subject: 'Dringend: leerling',
      text: 'Een meisje van 15 heeft vannacht geen veilige plek. Ze wordt bedreigd door haar loverboy.',
    });
    ids.urgent = await mailContact('Dringend: leerling');
    t.clock.set(MONDAY_0920);
    const a = await signedIn(t, ['agent'], 'Eva');
    eva = a.client;
    evaId = a.user.id;
    rik = (await signedIn(t, ['agent'], 'Rik')).client;
  });
  afterEach(async () => {
    const logs = t.logs.join('\n');
    expect(logs).not.toContain('612345678');
    expect(logs).not.toContain('veilige plek');
    await t.close();
  });

  it('lists the urgent item first and the rest oldest first, each linking to its contact', async () => {
    expect(await listed()).toEqual([ids.urgent, ids.mailA, ids.voicemail, ids.missed, ids.mailB]);
    const html = await (await eva.get('/review')).text();
    for (const id of Object.values(ids)) expect(html).toContain(`href="/contacts/${id}"`);
    expect(html).toContain('Fri 20-11-2026 21:00'); // the voicemail, in the desk's zone, with its full date
    expect(html).toContain('Sat 21-11-2026 02:14'); // the missed call
    expect(html).toContain('+316••••••78');
    expect(html).not.toContain('+31612345678');
    expect(html).toContain('0:42'); // the voicemail's duration
    expect(html).toContain('not played');
    expect(html).toMatch(/<td class="first-line"[^>]*>Dringend: leerling<\/td>/); // a mail shows its subject
    expect(html).not.toContain('Goedenavond,'); // never the first line of its body
  });

  it('tells open review pages live when an item arrives or is decided (ids only)', async () => {
    t.clock.set('2026-11-23T05:00:00Z'); // Monday 06:00: still closed
    events = [];
    await ingestComposed(t, { from: 'kees@example.org', to: DESK, subject: 'Vroeg', text: 'Goedemorgen.' });
    const id = await mailContact('Vroeg');
    expect(events).toContainEqual({ type: 'review.changed', roles: ['agent', 'supervisor'], data: { id } });
    t.clock.set(MONDAY_0920);
    events = [];
    await eva.get(`/review/${id}`);
    await eva.post(`/review/${id}`, { decision: 'dismiss', reason: 'handled' });
    const changed = events.filter((e) => e.type === 'review.changed');
    expect(changed.at(-1)).toEqual({
      type: 'review.changed',
      roles: ['agent', 'supervisor'],
      data: { id, decided: true },
    });
    expect(JSON.stringify(changed)).not.toContain('kees');
  });

  it('shows the earlier contacts of the same number, counted in the list and linked on the item', async () => {
    const earlier = await makeContact(t, {
      subject: 'Eerder',
      startedAt: '2026-11-10T10:00:00Z',
      party: { phone: '06-12345678' },
    });
    const row = (await (await eva.get('/review')).text()).match(
      new RegExp(`<tr class="review-row[^"]*" data-id="${ids.voicemail}".*?</tr>`),
    )![0];
    expect(row).toContain('1 earlier');
    const item = await (await eva.get(`/review/${ids.voicemail}`)).text();
    expect(item).toContain(`<a href="/contacts/${earlier.id}">${earlier.reference}</a>`);
    expect(await listed()).not.toContain(earlier.id);
  });

  it('leaves out a missed call during office hours: it stays a callback task', async () => {
    await post('/twilio/voice', call('office', '+31611112222'));
    await post('/twilio/status', call('office', '+31611112222', { CallStatus: 'completed', CallDuration: '5' }));
    const id = await contactOfCall('office');
    expect((await contact(id)).call_outcome).toBe('missed');
    expect(await listed()).not.toContain(id);
  });

  it('removes each item once it is decided, every decision in the timeline and the audit log', async () => {
    // The urgent mail becomes a care question.
    let res = await eva.get(`/review/${ids.urgent}`);
    expect(res.status).toBe(200);
    expect(await res.text()).toMatch(/<mark class="match-(urgent|minor)">/);
    res = await eva.post(`/review/${ids.urgent}`, { decision: 'care' });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toMatch(new RegExp(`^/review/${ids.mailA}\\?`));
    expect(await contact(ids.urgent)).toMatchObject({ queue: 'care' });

    // The first mail: a legal question.
    await eva.get(`/review/${ids.mailA}`);
    res = await eva.post(`/review/${ids.mailA}`, { decision: 'legal' });
    expect(res.status).toBe(303);
    expect(await contact(ids.mailA)).toMatchObject({ queue: 'legal' });

    // The voicemail: played, then called back — a new outgoing phone contact, linked.
    await eva.get(`/review/${ids.voicemail}`);
    expect(await listen(eva)).toEqual(AUDIO);
    expect((await eva.post(`/review/${ids.voicemail}/played`, {})).status).toBe(303);
    res = await eva.post(`/review/${ids.voicemail}`, { decision: 'callback' });
    expect(res.status).toBe(303);
    const cbId = Number(new URL(res.headers.get('location')!, PUBLIC).searchParams.get('callback'));
    expect(await contact(cbId)).toMatchObject({
      channel: 'phone',
      direction: 'out',
      assignee_id: evaId,
      party_phone_mask: '+316••••••78',
    });
    expect(await contact(ids.voicemail)).toMatchObject({ status: 'resolved' });
    const row = await t.deps.db
      .selectFrom('review_items')
      .selectAll()
      .where('contact_id', '=', ids.voicemail)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({ decision: 'callback', callback_contact_id: cbId, decided_by: evaId });

    // The missed call: dismissed as silence, with a note.
    await eva.get(`/review/${ids.missed}`);
    res = await eva.post(`/review/${ids.missed}`, { decision: 'dismiss', reason: 'silence', note: 'Alleen ruis.' });
    expect(res.status).toBe(303);
    expect(await contact(ids.missed)).toMatchObject({ status: 'resolved' });

    // The second mail: a registration, which sends the agent on to the registration form.
    await eva.get(`/review/${ids.mailB}`);
    res = await eva.post(`/review/${ids.mailB}`, { decision: 'registration' });
    expect(res.headers.get('location')).toMatch(/^\/review\?/);
    expect(await contact(ids.mailB)).toMatchObject({ queue: 'registration' });
    expect(await (await eva.get(res.headers.get('location')!)).text()).toContain(
      `href="/registrations/new?contact=${ids.mailB}"`,
    );

    expect(await listed()).toEqual([]);
    expect(await (await eva.get('/review')).text()).toContain('Nothing waiting');
    const decided = await audits('review.decide');
    expect(decided.map((a) => Number(a.subject_id))).toEqual([
      ids.urgent,
      ids.mailA,
      ids.voicemail,
      ids.missed,
      ids.mailB,
    ]);
    expect(decided.every((a) => a.actor_id === evaId)).toBe(true);
    const timeline = await t.deps.db
      .selectFrom('contact_events')
      .select(['contact_id', 'data'])
      .where('kind', '=', 'review.decided')
      .execute();
    expect(timeline).toHaveLength(5);
    const page = await (await eva.get(`/contacts/${ids.missed}`)).text();
    expect(page).toContain('After-hours review: dismissed (Silence).');
    expect(events.filter((e) => e.type === 'review.changed').length).toBeGreaterThanOrEqual(5);
  });

  it('refuses a dismissal without a reason or with an unknown one (422), and changes nothing', async () => {
    const before = await contact(ids.missed);
    const forms: Record<string, string>[] = [
      { decision: 'dismiss' },
      { decision: 'dismiss', reason: 'bored' },
      { decision: 'shrug' },
    ];
    for (const form of forms) {
      const res = await eva.post(`/review/${ids.missed}`, form);
      expect(res.status).toBe(422);
    }
    expect(await contact(ids.missed)).toEqual(before);
    expect(await audits('review.decide')).toHaveLength(0);
    expect(await listed()).toContain(ids.missed);
  });

  it('never gives two agents the same item: the second sees who holds it and cannot decide it (409)', async () => {
    const first = await eva.get(`/review/${ids.mailB}`);
    expect(first.status).toBe(200);
    const second = await rik.get(`/review/${ids.mailB}`);
    expect(await second.text()).toContain('Eva is working on this item');
    const res = await rik.post(`/review/${ids.mailB}`, { decision: 'dismiss', reason: 'spam' });
    expect(res.status).toBe(409);
    expect(await contact(ids.mailB)).toMatchObject({ status: 'new', queue: 'after-hours' });
    // Rik's list shows who has it; deciding lands Rik on an item nobody else holds.
    expect(await (await rik.get('/review')).text()).toContain('Eva is working on it');
    // An agent works one item at a time: when Eva opens another, her first one is free again.
    await eva.get(`/review/${ids.mailA}`);
    expect(await (await rik.get(`/review/${ids.mailB}`)).text()).not.toContain('Eva is working on this item');
    await eva.get(`/review/${ids.mailB}`);
    expect(await (await eva.get(`/review/${ids.mailB}`)).text()).toContain('Rik is working on this item');
    // Five minutes later the hold has expired and Rik may take it.
    t.clock.advance(5 * 60_000);
    expect((await eva.post(`/review/${ids.mailB}`, { decision: 'dismiss', reason: 'spam' })).status).toBe(303);
  });

  it('refuses to decide a voicemail this agent has not heard to the end (422, saying why), then allows it', async () => {
    await eva.get(`/review/${ids.voicemail}`);
    const res = await eva.post(`/review/${ids.voicemail}`, { decision: 'legal' });
    expect(res.status).toBe(422);
    expect(await res.text()).toContain(
      'This voicemail was not heard. Play it to the end, or say why it cannot be played.',
    );
    expect(await contact(ids.voicemail)).toMatchObject({ queue: 'after-hours' });
    // "Played" without the audio, or with only its start, is refused: nothing is marked.
    const early = await eva.post(`/review/${ids.voicemail}/played`, {});
    expect(early.status).toBe(422);
    expect(await early.text()).toContain('Play the recording to the end first');
    await listen(eva, 'bytes=0-9');
    const partial = await eva.post(`/review/${ids.voicemail}/played`, {}, { 'X-Requested-With': 'fetch' });
    expect(partial.status).toBe(422);
    expect(await audits('recording.played')).toHaveLength(0);
    expect((await eva.post(`/review/${ids.voicemail}`, { decision: 'legal' })).status).toBe(422);
    // The rest of it arrives: the whole recording reached Eva, and her player says it ended.
    await listen(eva, 'bytes=10-');
    expect(await audits('recording.streamed')).toHaveLength(1);
    expect((await eva.post(`/review/${ids.voicemail}/played`, {})).status).toBe(303);
    expect((await audits('recording.played')).length).toBe(1);
    expect((await eva.post(`/review/${ids.voicemail}`, { decision: 'legal' })).status).toBe(303);
  });

  it('counts a play only for the agent who heard it, and never a seek to the end', async () => {
    // Rik seeks straight to the end: nothing before it reached him, so it does not count.
    await listen(rik, 'bytes=20-');
    expect((await rik.post(`/review/${ids.voicemail}/played`, {})).status).toBe(422);
    // Eva hears it all; that does not make Rik's decision possible.
    await listen(eva);
    expect((await eva.post(`/review/${ids.voicemail}/played`, {})).status).toBe(303);
    await rik.get(`/review/${ids.voicemail}`);
    expect((await rik.post(`/review/${ids.voicemail}`, { decision: 'legal' })).status).toBe(422);
    const plays = await t.deps.db.selectFrom('recording_plays').selectAll().orderBy('user_id').execute();
    // Rik has no play at all: what reached him lay beyond a gap.
    expect(plays.map((p) => [p.user_id === evaId, p.streamed_at !== null, p.heard_at !== null])).toEqual([
      [true, true, true],
    ]);
    // A reason that does not hold is refused too.
    const made = await rik.post(`/review/${ids.voicemail}`, { decision: 'legal', unplayable: 'failed' });
    expect(made.status).toBe(422);
    expect(await made.text()).toContain('That reason does not apply');
    expect((await rik.post(`/review/${ids.voicemail}`, { decision: 'legal', unplayable: 'bogus' })).status).toBe(422);
    expect(await contact(ids.voicemail)).toMatchObject({ queue: 'after-hours' });
  });

  it('decides a voicemail whose player failed only with that reason, stored and audited', async () => {
    await eva.get(`/review/${ids.voicemail}`);
    const failed = await eva.post(`/review/${ids.voicemail}/failed`, { code: '4' }, { 'X-Requested-With': 'fetch' });
    expect(failed.status).toBe(204);
    const [report] = await audits('recording.failed');
    expect(report).toMatchObject({ actor_id: evaId, subject_type: 'recording' });
    expect(JSON.parse(report!.details)).toMatchObject({ by: 'player', code: 'media_error_4' });
    const page = await (await eva.get(`/review/${ids.voicemail}`)).text();
    expect(page).toContain('the recording would not load or play');
    expect(page).toContain('name="unplayable" value="failed"');
    expect((await eva.post(`/review/${ids.voicemail}`, { decision: 'dismiss', reason: 'silence' })).status).toBe(422);
    const res = await eva.post(`/review/${ids.voicemail}`, {
      decision: 'dismiss',
      reason: 'silence',
      unplayable: 'failed',
    });
    expect(res.status).toBe(303);
    const item = await t.deps.db
      .selectFrom('review_items')
      .selectAll()
      .where('contact_id', '=', ids.voicemail)
      .executeTakeFirstOrThrow();
    expect(item).toMatchObject({ decision: 'dismiss', unplayable: 'failed', decided_by: evaId });
    const [decided] = await audits('review.decide');
    expect(JSON.parse(decided!.details)).toMatchObject({ decision: 'dismiss', unplayable: 'failed' });
    // The voicemail was never heard: it is not marked played.
    expect(
      (await t.deps.db.selectFrom('recordings').select('played_at').executeTakeFirstOrThrow()).played_at,
    ).toBeNull();
  });

  it('refuses a callback the party forbade, and shows the flags first', async () => {
    await changeContact(t.deps, ids.missed, { safe: { mayCallBack: false, viaProfessionalOnly: true } }, { id: evaId });
    const html = await (await eva.get(`/review/${ids.missed}`)).text();
    expect(html).toContain('do not call back');
    expect(html).toContain('via professional only');
    const res = await eva.post(`/review/${ids.missed}`, { decision: 'callback' });
    expect(res.status).toBe(422);
    expect(await listed()).toContain(ids.missed);
  });

  it('merges an item into an existing contact named by its reference', async () => {
    const earlier = await makeContact(t, { subject: 'Eerder gesprek' });
    await eva.get(`/review/${ids.mailB}`);
    expect((await eva.post(`/review/${ids.mailB}`, { decision: 'merge', target: '' })).status).toBe(422);
    expect((await eva.post(`/review/${ids.mailB}`, { decision: 'merge', target: 'HD-2026-999999' })).status).toBe(422);
    const res = await eva.post(`/review/${ids.mailB}`, { decision: 'merge', target: earlier.reference });
    expect(res.status).toBe(303);
    expect(await listed()).not.toContain(ids.mailB);
    const row = await t.deps.db
      .selectFrom('review_items')
      .selectAll()
      .where('contact_id', '=', ids.mailB)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({ decision: 'merge', merged_into: earlier.id });
  });

  it('merges an item into the newest earlier contact with the same number', async () => {
    const earlier = await makeContact(t, { subject: 'Eerder gebeld', party: { phone: '06 87654321' } });
    await eva.get(`/review/${ids.missed}`);
    expect((await eva.post(`/review/${ids.missed}`, { decision: 'merge', target: '0611111111' })).status).toBe(422);
    const res = await eva.post(`/review/${ids.missed}`, { decision: 'merge', target: '+31 6 87654321' });
    expect(res.status).toBe(303);
    expect(await contact(ids.missed)).toMatchObject({ status: 'resolved' });
    const merged = await t.deps.db
      .selectFrom('contact_merges')
      .selectAll()
      .where('source_id', '=', ids.missed)
      .executeTakeFirstOrThrow();
    expect(merged.target_id).toBe(earlier.id);
  });

  it('refuses an oversized note (422) and keeps the item', async () => {
    await eva.get(`/review/${ids.mailB}`);
    const res = await eva.post(`/review/${ids.mailB}`, {
      decision: 'dismiss',
      reason: 'other',
      note: 'x'.repeat(2001),
    });
    expect(res.status).toBe(422);
    expect(await res.text()).toContain('The note is too long');
    expect(await listed()).toContain(ids.mailB);
  });

  it('answers 409 for a decided item, 404 for an unknown one, 403 without CSRF or the agent role', async () => {
    await eva.get(`/review/${ids.mailB}`);
    expect((await eva.post(`/review/${ids.mailB}`, { decision: 'legal' })).status).toBe(303);
    expect((await eva.post(`/review/${ids.mailB}`, { decision: 'care' })).status).toBe(409);
    expect(await contact(ids.mailB)).toMatchObject({ queue: 'legal' });
    expect((await eva.post('/review/999999', { decision: 'legal' })).status).toBe(404);
    expect((await eva.get('/review/999999')).status).toBe(404);
    expect((await eva.post(`/review/${ids.mailA}`, { decision: 'legal' }, {}, { csrf: false })).status).toBe(403);
    const legal = (await signedIn(t, ['legal'])).client;
    expect((await legal.get('/review')).status).toBe(403);
    expect((await legal.post(`/review/${ids.mailA}`, { decision: 'legal' })).status).toBe(403);
    expect(await contact(ids.mailA)).toMatchObject({ queue: 'after-hours' });
  });

  it('shows the supervisor the waiting count, the oldest age and the time to first review', async () => {
    const boss = (await signedIn(t, ['supervisor'], 'Lotte')).client;
    let html = await (await boss.get('/review')).text();
    expect(html).toContain('Waiting: 5');
    expect(html).toContain('Oldest waiting: 2 d 13 h'); // Friday 19:30 → Monday 09:20
    expect(await (await eva.get('/review')).text()).not.toContain('Waiting: 5');
    await eva.get(`/review/${ids.mailA}`); // first reviewed Monday 09:20: 20 minutes after the opening
    await eva.post(`/review/${ids.mailA}`, { decision: 'legal' });
    html = await (await boss.get('/review')).text();
    expect(html).toContain('Waiting: 4');
    expect(html).toMatch(/<td>2026-11-23<\/td><td>Email<\/td><td>1<\/td><td>20 min<\/td><td>20 min<\/td>/);
  });
});

describe('a voicemail Twilio no longer has', () => {
  let twilio: Server;
  let status: number;
  let t: TestApp;
  beforeAll(async () => {
    // A stand-in for Twilio's REST API on loopback: the recording answers `status`.
    twilio = createServer((_req, res) => {
      if (status === 200) res.writeHead(200, { 'Content-Type': 'audio/mpeg' }).end(Buffer.from('ID3-fake-mp3'));
      else res.writeHead(status).end('{"message":"The requested resource was not found"}');
    });
    await new Promise<void>((r) => twilio.listen(0, '127.0.0.1', () => r()));
  });
  afterAll(async () => {
    twilio.closeAllConnections();
    await new Promise((r) => twilio.close(r));
  });
  beforeEach(async () => {
    t = await createTestApp(
      {
        TWILIO_AUTH_TOKEN: TOKEN,
        TWILIO_ACCOUNT_SID: ACCOUNT,
        TWILIO_API_BASE: `http://127.0.0.1:${(twilio.address() as AddressInfo).port}`,
        PUBLIC_URL: PUBLIC,
      },
      { now: '2026-11-21T01:14:00Z' },
    );
  });
  afterEach(async () => {
    await t.close();
  });
  async function voicemail() {
    const c = {
      AccountSid: ACCOUNT,
      CallSid: sid('CA', 'gone'),
      From: '+31612345678',
      To: '+31334481186',
      Direction: 'inbound',
      CallStatus: 'ringing',
    };
    await signedTwilioPost(t.app, PUBLIC, TOKEN, '/twilio/voice', c);
    const re = sid('RE', 'gone');
    await signedTwilioPost(t.app, PUBLIC, TOKEN, '/twilio/recording', {
      ...c,
      RecordingSid: re,
      RecordingUrl: `https://api.twilio.com/2010-04-01/Accounts/${ACCOUNT}/Recordings/${re}`,
      RecordingDuration: '12',
      RecordingStatus: 'completed',
    });
    return (await t.deps.db.selectFrom('recordings').select('contact_id').executeTakeFirstOrThrow()).contact_id;
  }

  it('says so on the item, which can then be decided without playing it', async () => {
    status = 404;
    const id = await voicemail();
    t.clock.set(MONDAY_0920);
    const { client } = await signedIn(t, ['agent']);
    await client.get(`/review/${id}`);
    expect((await client.post(`/review/${id}`, { decision: 'dismiss', reason: 'silence' })).status).toBe(422);
    expect((await client.post(`/review/${id}/gone`, {})).status).toBe(303);
    const page = await (await client.get(`/review/${id}`)).text();
    expect(page).toContain('Twilio no longer has this recording');
    expect(page).toContain('name="unplayable" value="gone"');
    // Only with the explicit reason, which the audit log keeps.
    expect((await client.post(`/review/${id}`, { decision: 'dismiss', reason: 'silence' })).status).toBe(422);
    const res = await client.post(`/review/${id}`, { decision: 'dismiss', reason: 'silence', unplayable: 'gone' });
    expect(res.status).toBe(303);
    const audit = await t.deps.db.selectFrom('audit_log').selectAll().where('action', '=', 'review.decide').execute();
    expect(JSON.parse(audit[0]!.details)).toMatchObject({ unplayable: 'gone' });
  });

  it('does not take an outage at Twilio for a deleted recording', async () => {
    status = 500;
    const id = await voicemail();
    t.clock.set(MONDAY_0920);
    const { client } = await signedIn(t, ['agent']);
    await client.get(`/review/${id}`);
    expect(await (await client.post(`/review/${id}/gone`, {})).text()).toContain(
      'The voicemail could not be fetched from Twilio right now.',
    );
    expect(await (await client.get(`/review/${id}`)).text()).not.toContain('Twilio no longer has this recording');
    expect((await client.post(`/review/${id}`, { decision: 'dismiss', reason: 'silence' })).status).toBe(422);
  });

  it('keeps asking for a play while Twilio still has the recording', async () => {
    status = 200;
    const id = await voicemail();
    t.clock.set(MONDAY_0920);
    const { client } = await signedIn(t, ['agent']);
    await client.get(`/review/${id}`);
    const res = await client.post(`/review/${id}/gone`, {});
    expect(await res.text()).toContain('Twilio still has the recording');
    expect((await client.post(`/review/${id}`, { decision: 'dismiss', reason: 'silence' })).status).toBe(422);
  });
});
