import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { Client, createTestApp, signedIn, type TestApp } from '../../support/test-app.js';
import { sid, signedTwilioPost } from '../../support/twilio.js';

const TOKEN = 'playback-test-token';
const PUBLIC = 'https://baken.example.org';
const ACCOUNT = `AC${'2'.repeat(32)}`;
const AUDIO = Buffer.from('ID3\u0004fake-mp3-bytes-of-a-voicemail', 'latin1');

/** A stand-in for Twilio's REST API on loopback: checks basic auth and the recording path, returns bytes. */
describe('voicemail playback through Baken', () => {
  let twilio: Server;
  let apiBase: string;
  let seen: { path: string; auth: string | undefined }[];
  let mode: 'ok' | 'error';

  beforeAll(async () => {
    twilio = createServer((req: IncomingMessage, res) => {
      seen.push({ path: req.url ?? '', auth: req.headers.authorization });
      const expected = `Basic ${Buffer.from(`${ACCOUNT}:${TOKEN}`).toString('base64')}`;
      if (req.headers.authorization !== expected) {
        res.writeHead(401).end('{"message":"Authenticate"}');
        return;
      }
      if (mode === 'error') {
        res.writeHead(500).end('oops');
        return;
      }
      if (!/^\/2010-04-01\/Accounts\/AC2{32}\/Recordings\/RE[0-9a-f]{32}\.mp3$/.test(req.url ?? '')) {
        res.writeHead(404).end();
        return;
      }
      const range = /^bytes=(\d+)-(\d*)$/.exec(String(req.headers.range ?? ''));
      if (range) {
        const from = Number(range[1]),
          to = range[2] ? Math.min(Number(range[2]), AUDIO.length - 1) : AUDIO.length - 1;
        res
          .writeHead(206, {
            'Content-Type': 'audio/mpeg',
            'Content-Length': String(to - from + 1),
            'Content-Range': `bytes ${from}-${to}/${AUDIO.length}`,
          })
          .end(AUDIO.subarray(from, to + 1));
        return;
      }
      res.writeHead(200, { 'Content-Type': 'audio/mpeg', 'Content-Length': String(AUDIO.length) }).end(AUDIO);
    });
    await new Promise<void>((r) => twilio.listen(0, '127.0.0.1', () => r()));
    apiBase = `http://127.0.0.1:${(twilio.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    twilio.closeAllConnections();
    await new Promise((r) => twilio.close(r));
  });

  let t: TestApp;
  let recordingId: number;
  let contactId: number;
  const RE = sid('RE', 'playback');

  async function leaveVoicemail(app: TestApp) {
    const call = { AccountSid: ACCOUNT, CallSid: sid('CA', 'playback'), From: '+31612345678', To: '+31334481186' };
    expect((await signedTwilioPost(app.app, PUBLIC, TOKEN, '/twilio/voice', call)).status).toBe(200);
    const res = await signedTwilioPost(app.app, PUBLIC, TOKEN, '/twilio/recording', {
      ...call,
      RecordingSid: RE,
      RecordingUrl: `${apiBase}/2010-04-01/Accounts/${ACCOUNT}/Recordings/${RE}`,
      RecordingDuration: '20',
      RecordingStatus: 'completed',
    });
    expect(res.status).toBe(200);
    const rec = await app.deps.db.selectFrom('recordings').select(['id', 'contact_id']).executeTakeFirstOrThrow();
    return rec;
  }

  beforeEach(async () => {
    seen = [];
    mode = 'ok';
    t = await createTestApp(
      { TWILIO_AUTH_TOKEN: TOKEN, TWILIO_ACCOUNT_SID: ACCOUNT, TWILIO_API_BASE: apiBase, PUBLIC_URL: PUBLIC },
      { now: '2026-11-28T20:00:00Z' },
    );
    const rec = await leaveVoicemail(t);
    recordingId = rec.id;
    contactId = rec.contact_id;
  });
  afterEach(async () => {
    await t.close();
  });

  it('answers a byte range (the player seeking) with 206 and audits only the play from the start', async () => {
    const { client } = await signedIn(t, ['agent']);
    const first = await client.get(`/calls/recordings/${recordingId}`, { Range: 'bytes=0-' });
    expect(first.status).toBe(206);
    expect(first.headers.get('accept-ranges')).toBe('bytes');
    expect(Buffer.from(await first.arrayBuffer()).equals(AUDIO)).toBe(true);
    const seek = await client.get(`/calls/recordings/${recordingId}`, { Range: 'bytes=4-9' });
    expect(seek.status).toBe(206);
    expect(seek.headers.get('content-range')).toBe(`bytes 4-9/${AUDIO.length}`);
    expect(Buffer.from(await seek.arrayBuffer()).equals(AUDIO.subarray(4, 10))).toBe(true);
    const plays = await t.deps.db.selectFrom('audit_log').select('id').where('action', '=', 'recording.play').execute();
    expect(plays).toHaveLength(1);
    const odd = await client.get(`/calls/recordings/${recordingId}`, { Range: 'bytes=oops' });
    expect(odd.status).toBe(200);
  });

  it('streams the recording from Twilio with basic auth to a signed-in agent, and audits it', async () => {
    const { client, user } = await signedIn(t, ['agent']);
    const res = await client.get(`/calls/recordings/${recordingId}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('audio/mpeg');
    expect(res.headers.get('cache-control')).toBe('no-store, private');
    expect(Buffer.from(await res.arrayBuffer())).toEqual(AUDIO);
    expect(seen).toEqual([
      {
        path: `/2010-04-01/Accounts/${ACCOUNT}/Recordings/${RE}.mp3`,
        auth: `Basic ${Buffer.from(`${ACCOUNT}:${TOKEN}`).toString('base64')}`,
      },
    ]);
    const audit = await t.deps.db.selectFrom('audit_log').selectAll().where('action', '=', 'recording.play').execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actor_id: user.id, subject_type: 'recording', subject_id: String(recordingId) });
    // Fetching the audio never marks it as reviewed; the agent's POST does.
    expect((await t.deps.db.selectFrom('recordings').selectAll().executeTakeFirstOrThrow()).played_at).toBeNull();
    expect((await client.post(`/calls/recordings/${recordingId}/played`)).status).toBe(303);
    const rec = await t.deps.db.selectFrom('recordings').selectAll().executeTakeFirstOrThrow();
    expect(rec.played_at).toBe('2026-11-28T20:00:00.000Z');
    expect(rec.played_by).toBe(user.id);
  });

  it('audits every play but marks the voicemail as reviewed only once', async () => {
    const { client } = await signedIn(t, ['supervisor']);
    for (let i = 0; i < 3; i++) {
      const r = await client.get(`/calls/recordings/${recordingId}`);
      expect(r.status).toBe(200);
      await r.arrayBuffer();
      expect((await client.post(`/calls/recordings/${recordingId}/played`)).status).toBe(303);
      t.clock.advance(60_000);
    }
    expect(
      await t.deps.db.selectFrom('audit_log').select('id').where('action', '=', 'recording.play').execute(),
    ).toHaveLength(3);
    const played = await t.deps.db
      .selectFrom('contact_events')
      .select('id')
      .where('contact_id', '=', contactId)
      .where('kind', '=', 'call.voicemail-played')
      .execute();
    expect(played).toHaveLength(1);
    expect((await t.deps.db.selectFrom('recordings').select('played_at').executeTakeFirstOrThrow()).played_at).toBe(
      '2026-11-28T20:00:00.000Z',
    );
  });

  it('sends a visitor who is not signed in to the login page, without fetching anything', async () => {
    const res = await new Client(t.app).get(`/calls/recordings/${recordingId}`);
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toContain('/login');
    expect(seen).toEqual([]);
  });

  it('refuses a user without the agent role', async () => {
    const { client } = await signedIn(t, ['coordinator']);
    const res = await client.get(`/calls/recordings/${recordingId}`);
    expect(res.status).toBe(403);
    expect(seen).toEqual([]);
  });

  it.each(['999', 'abc', '1%3B%20DROP%20TABLE%20recordings', '-1', '1e3', '0x1', '9'.repeat(40)])(
    'answers 404 for recording id %s',
    async (id) => {
      const { client } = await signedIn(t, ['agent']);
      const res = await client.get(`/calls/recordings/${id}`);
      expect(res.status).toBe(404);
      expect(seen).toEqual([]);
    },
  );

  it('never marks a voicemail heard from the contact page unless all of it reached that agent', async () => {
    const { client, user } = await signedIn(t, ['agent']);
    const early = await client.post(`/calls/recordings/${recordingId}/played`);
    expect(early.status).toBe(422);
    expect(await early.text()).toContain('Play the recording to the end first');
    const start = await client.get(`/calls/recordings/${recordingId}`, { Range: 'bytes=0-3' });
    expect(start.status).toBe(206);
    await start.arrayBuffer();
    expect((await client.post(`/calls/recordings/${recordingId}/played`)).status).toBe(422);
    expect((await t.deps.db.selectFrom('recordings').selectAll().executeTakeFirstOrThrow()).played_at).toBeNull();
    const rest = await client.get(`/calls/recordings/${recordingId}`, { Range: 'bytes=4-' });
    await rest.arrayBuffer();
    const streamed = await t.deps.db
      .selectFrom('audit_log')
      .selectAll()
      .where('action', '=', 'recording.streamed')
      .execute();
    expect(streamed).toHaveLength(1);
    expect(streamed[0]).toMatchObject({ actor_id: user.id, subject_id: String(recordingId) });
    expect((await client.post(`/calls/recordings/${recordingId}/played`)).status).toBe(303);
    expect((await t.deps.db.selectFrom('recordings').selectAll().executeTakeFirstOrThrow()).played_by).toBe(user.id);
  });

  it('notes a failed fetch for the agent, audited, so the review may decide it with that reason', async () => {
    mode = 'error';
    const { client, user } = await signedIn(t, ['agent']);
    expect((await client.get(`/calls/recordings/${recordingId}`)).status).toBe(503);
    const failed = await t.deps.db
      .selectFrom('audit_log')
      .selectAll()
      .where('action', '=', 'recording.failed')
      .execute();
    expect(failed).toHaveLength(1);
    expect(failed[0]).toMatchObject({ actor_id: user.id, subject_id: String(recordingId) });
    expect(JSON.parse(failed[0]!.details)).toMatchObject({ by: 'fetch', code: 'recording_unavailable' });
    const play = await t.deps.db.selectFrom('recording_plays').selectAll().executeTakeFirstOrThrow();
    expect(play).toMatchObject({ user_id: user.id, streamed_at: null, heard_at: null });
    expect(play.failed_at).not.toBeNull();
  });

  it('says the voicemail is unavailable when Twilio fails, and audits no play', async () => {
    mode = 'error';
    const { client } = await signedIn(t, ['agent']);
    const res = await client.get(`/calls/recordings/${recordingId}`);
    expect(res.status).toBe(503);
    expect(await res.text()).toContain('could not be fetched from Twilio');
    expect(
      await t.deps.db.selectFrom('audit_log').select('id').where('action', '=', 'recording.play').execute(),
    ).toHaveLength(0);
    expect(
      (await t.deps.db.selectFrom('recordings').select('played_at').executeTakeFirstOrThrow()).played_at,
    ).toBeNull();
    expect(
      t.logs.some((l) => l.includes('voicemail could not be fetched from Twilio') && l.includes('"status":500')),
    ).toBe(true);
  });

  it('says the voicemail is unavailable when Twilio rejects the credentials', async () => {
    await t.close();
    t = await createTestApp(
      {
        TWILIO_AUTH_TOKEN: TOKEN,
        TWILIO_ACCOUNT_SID: `AC${'3'.repeat(32)}`,
        TWILIO_API_BASE: apiBase,
        PUBLIC_URL: PUBLIC,
      },
      { now: '2026-11-28T20:00:00Z' },
    );
    const rec = await leaveVoicemail(t);
    const { client } = await signedIn(t, ['agent']);
    const res = await client.get(`/calls/recordings/${rec.id}`);
    expect(res.status).toBe(503);
  });

  it('says voicemails cannot be played when the Twilio account is not configured', async () => {
    await t.close();
    t = await createTestApp(
      { TWILIO_AUTH_TOKEN: TOKEN, TWILIO_API_BASE: apiBase, PUBLIC_URL: PUBLIC },
      { now: '2026-11-28T20:00:00Z' },
    );
    const rec = await leaveVoicemail(t);
    const { client } = await signedIn(t, ['agent']);
    const res = await client.get(`/calls/recordings/${rec.id}`);
    expect(res.status).toBe(503);
    expect(await res.text()).toContain('TWILIO_ACCOUNT_SID');
    expect(seen).toEqual([]);
  });

  it('accepts a RecordingUrl on the configured API base, and stores it for reference only', async () => {
    const rec = await t.deps.db.selectFrom('recordings').select('url').executeTakeFirstOrThrow();
    expect(rec.url).toBe(`${apiBase}/2010-04-01/Accounts/${ACCOUNT}/Recordings/${RE}`);
    const { client } = await signedIn(t, ['agent']);
    const page = await (await client.get(`/contacts/${contactId}`)).text();
    expect(page).not.toContain(apiBase);
    expect(page).toContain(`src="/calls/recordings/${recordingId}"`);
  });
});
