import { execSql } from '../../support/sqlite.js';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, signedIn, type TestApp } from '../../support/test-app.js';
import { sid, signedTwilioPost } from '../../support/twilio.js';
import { DESK, emailTestApp, messages, type EmailTestApp } from '../../support/email-app.js';
import { ingestMail } from '../../support/factories.js';
import { rawMessage } from '../../support/mail.js';
import { ConfigError, loadConfig } from '../../../src/config.js';
import { resolveDataKey } from '../../../src/crypto/data-key.js';
import { webhookAuthToken } from '../../../src/calls/twilio-signature.js';
import { encryptClearTranscriptions } from '../../../src/calls/voicemail.service.js';
import { addWorkingHours, officeStatus } from '../../../src/office-hours/calendar.js';
import { createContact } from '../../../src/contacts/contacts.service.js';

const TOKEN = 'hardening-test-token';
const PUBLIC = 'https://baken.example.org';
const ACCOUNT = `AC${'4'.repeat(32)}`;
const AUDIO = Buffer.from('ID3\u0004hardening-voicemail-bytes', 'latin1');
const mode = (path: string) => statSync(path).mode & 0o777;
const audit = (t: TestApp, action: string) =>
  t.deps.db.selectFrom('audit_log').selectAll().where('action', '=', action).orderBy('id').execute();

describe('every read of a voicemail is audited; marking it played is a POST', () => {
  let twilio: Server;
  let apiBase: string;
  let t: TestApp;
  let recordingId: number;
  beforeAll(async () => {
    twilio = createServer((req, res) => {
      const range = /^bytes=(\d+)-(\d*)$/.exec(String(req.headers.range ?? ''));
      if (!range) return void res.writeHead(200, { 'Content-Type': 'audio/mpeg' }).end(AUDIO);
      const from = Number(range[1]);
      const to = range[2] ? Number(range[2]) : AUDIO.length - 1;
      res
        .writeHead(206, { 'Content-Type': 'audio/mpeg', 'Content-Range': `bytes ${from}-${to}/${AUDIO.length}` })
        .end(AUDIO.subarray(from, to + 1));
    });
    await new Promise<void>((r) => twilio.listen(0, '127.0.0.1', () => r()));
    apiBase = `http://127.0.0.1:${(twilio.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    twilio.closeAllConnections();
    await new Promise((r) => twilio.close(r));
  });
  beforeEach(async () => {
    t = await createTestApp(
      { TWILIO_AUTH_TOKEN: TOKEN, TWILIO_ACCOUNT_SID: ACCOUNT, TWILIO_API_BASE: apiBase, PUBLIC_URL: PUBLIC },
      { now: '2026-11-28T20:00:00Z' },
    );
    const call = { AccountSid: ACCOUNT, CallSid: sid('CA', 'hard'), From: '+31612345678', To: '+31334481186' };
    await signedTwilioPost(t.app, PUBLIC, TOKEN, '/twilio/voice', call);
    const re = sid('RE', 'hard');
    await signedTwilioPost(t.app, PUBLIC, TOKEN, '/twilio/recording', {
      ...call,
      RecordingSid: re,
      RecordingUrl: `${apiBase}/2010-04-01/Accounts/${ACCOUNT}/Recordings/${re}`,
      RecordingDuration: '20',
      RecordingStatus: 'completed',
    });
    await signedTwilioPost(t.app, PUBLIC, TOKEN, '/twilio/transcription', {
      ...call,
      RecordingSid: re,
      RecordingUrl: `${apiBase}/2010-04-01/Accounts/${ACCOUNT}/Recordings/${re}`,
      TranscriptionSid: sid('TR', 'hard'),
      TranscriptionStatus: 'completed',
      TranscriptionText: 'Mijn naam is Fatima, bel me op het opvangnummer',
    });
    recordingId = (await t.deps.db.selectFrom('recordings').select('id').executeTakeFirstOrThrow()).id;
  });
  afterEach(async () => {
    await t.close();
  });

  it('audits a play that starts after the first byte (Range: bytes=1-)', async () => {
    const { client, user } = await signedIn(t, ['agent']);
    const res = await client.get(`/calls/recordings/${recordingId}`, { Range: 'bytes=1-' });
    expect(res.status).toBe(206);
    expect(Buffer.from(await res.arrayBuffer()).equals(AUDIO.subarray(1))).toBe(true);
    const plays = await audit(t, 'recording.play');
    expect(plays).toHaveLength(1);
    expect(plays[0]).toMatchObject({ actor_id: user.id, subject_id: String(recordingId) });
    expect(JSON.parse(plays[0]!.details)).toMatchObject({ range: '1-' });
  });

  it('never marks a voicemail played on a GET; the POST does, once, with a timeline event', async () => {
    const { client, user } = await signedIn(t, ['agent']);
    await (await client.get(`/calls/recordings/${recordingId}`)).arrayBuffer();
    await (await client.get(`/calls/recordings/${recordingId}`, { Range: 'bytes=0-' })).arrayBuffer();
    await (await client.get(`/calls/recordings/${recordingId}/played`)).arrayBuffer();
    expect((await t.deps.db.selectFrom('recordings').selectAll().executeTakeFirstOrThrow()).played_at).toBeNull();
    expect((await client.post(`/calls/recordings/${recordingId}/played`, {}, {}, { csrf: false })).status).toBe(403);
    const res = await client.post(`/calls/recordings/${recordingId}/played`);
    expect(res.status).toBe(303);
    expect(await client.post(`/calls/recordings/${recordingId}/played`)).toHaveProperty('status', 303);
    const rec = await t.deps.db.selectFrom('recordings').selectAll().executeTakeFirstOrThrow();
    expect(rec).toMatchObject({ played_at: '2026-11-28T20:00:00.000Z', played_by: user.id });
    expect(await audit(t, 'recording.played')).toHaveLength(1);
    const page = await (await client.get(`/contacts/${rec.contact_id}`)).text();
    expect(page).not.toContain(`action="/calls/recordings/${recordingId}/played"`);
  });

  it('keeps the transcription out of the database in clear (only the search index holds it), shown decrypted', async () => {
    const rec = await t.deps.db.selectFrom('recordings').selectAll().executeTakeFirstOrThrow();
    expect(rec.transcription_text).toMatch(/^v1\./);
    expect(rec.transcription_text).not.toContain('Fatima');
    const events = await t.deps.db.selectFrom('contact_events').select('data').execute();
    expect(events.map((e) => e.data).join('\n')).not.toContain('Fatima');
    const { client } = await signedIn(t, ['agent']);
    expect(await (await client.get(`/contacts/${rec.contact_id}`)).text()).toContain(
      'Mijn naam is Fatima, bel me op het opvangnummer',
    );
  });

  it('encrypts transcriptions an older version kept in clear, and still shows them', async () => {
    await t.deps.db
      .updateTable('recordings')
      .set({ transcription_text: 'Oude tekst van Fatima' })
      .where('id', '=', recordingId)
      .execute();
    expect(await encryptClearTranscriptions(t.deps)).toBe(1);
    const rec = await t.deps.db.selectFrom('recordings').selectAll().executeTakeFirstOrThrow();
    expect(rec.transcription_text).toMatch(/^v1\./);
    expect(t.deps.crypto.decrypt(rec.transcription_text)).toBe('Oude tekst van Fatima');
    expect(await encryptClearTranscriptions(t.deps)).toBe(0);
  });
});

describe('an invalid spam or merge request that shows the thread is audited', () => {
  let e: EmailTestApp;
  beforeEach(async () => {
    e = await emailTestApp();
  });
  afterEach(async () => {
    await e.close();
  });

  it.each([
    ['merge', { target: 'not a reference' }],
    ['merge', { target: 'HD-2026-999999' }],
    ['spam', { spam: 'maybe' }],
  ])('audits the view of the thread on a refused %s (%j)', async (action, form) => {
    await ingestMail(
      e.t,
      'jan@politie.nl',
      rawMessage({ From: 'Jan <jan@politie.nl>', To: DESK, Subject: 'Vraag', 'Message-ID': '<a1@politie.nl>' }, 'Hoi'),
    );
    const m = (await messages(e.t)).at(-1)!;
    const { client, user } = await signedIn(e.t, ['agent']);
    const res = await client.post(`/email/contacts/${m.contact_id}/${action}`, form, { 'HX-Request': 'true' });
    expect(res.status).toBe(422);
    expect(await res.text()).toContain('Hoi');
    const views = await audit(e.t, 'contact.view');
    expect(views).toHaveLength(1);
    expect(views[0]).toMatchObject({ actor_id: user.id, subject_id: String(m.contact_id) });
  });
});

describe('closures and the calendar beyond its horizon', () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await createTestApp({ TWILIO_AUTH_TOKEN: TOKEN, PUBLIC_URL: PUBLIC }, { now: '2026-11-23T10:00:00Z' });
  });
  afterEach(async () => {
    await t.close();
  });

  it('refuses a 500-day closure in the form, and accepts one of 31 days', async () => {
    const { client } = await signedIn(t, ['admin']);
    const long = await client.post('/admin/office-hours/closures', {
      start: '2026-12-01T09:00',
      end: '2028-04-14T09:00',
      reason: 'Verbouwing',
    });
    expect(long.status).toBe(422);
    expect(await long.text()).toContain('A closure can last at most 31 days');
    expect(await t.deps.db.selectFrom('closures').select('id').execute()).toHaveLength(0);
    const month = await client.post('/admin/office-hours/closures', {
      start: '2026-12-01T09:00',
      end: '2027-01-01T09:00',
      reason: 'Verbouwing',
    });
    expect(month.status).toBe(303);
  });

  it('answers beyond its horizon, and a call during a closure of 500 days is stored with a due time', async () => {
    // Closures that existed before the bound (or many in a row) can still cover more than the horizon.
    await t.deps.db
      .insertInto('closures')
      .values({
        start_at: '2026-11-01T00:00:00.000Z',
        end_at: '2028-03-15T00:00:00.000Z',
        reason: 'lang',
        created_by: null,
        created_at: '2026-11-01T00:00:00.000Z',
      })
      .execute();
    await t.deps.officeHours.reload();
    const cal = t.deps.officeHours.calendar;
    expect(officeStatus(cal, new Date('2026-11-23T10:00:00Z'))).toEqual({ open: false, opensAt: null });
    expect(() => addWorkingHours(cal, new Date('2026-11-23T10:00:00Z'), 8)).not.toThrow();
    const res = await signedTwilioPost(t.app, PUBLIC, TOKEN, '/twilio/voice', {
      CallSid: sid('CA', 'closure'),
      From: '+31612345678',
    });
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('<Record');
    const rec = await signedTwilioPost(t.app, PUBLIC, TOKEN, '/twilio/recording', {
      CallSid: sid('CA', 'closure'),
      RecordingSid: sid('RE', 'closure'),
      RecordingUrl: `https://api.twilio.com/2010-04-01/Accounts/${ACCOUNT}/Recordings/${sid('RE', 'closure')}`,
      RecordingDuration: '9',
    });
    expect(rec.status).toBe(200);
    const contact = await t.deps.db.selectFrom('contacts').selectAll().executeTakeFirstOrThrow();
    expect(contact).toMatchObject({ channel: 'voicemail', queue: 'after-hours' });
    expect(contact.due_at! > '2027-12-01').toBe(true);
    expect(await t.deps.db.selectFrom('recordings').select('id').execute()).toHaveLength(1);
  });

  it('never answers a call 200 when it could not be stored', async () => {
    // Renamed rather than dropped: other tables refer to it (a drop would need CASCADE on PostgreSQL).
    await execSql(t.deps, 'ALTER TABLE calls RENAME TO calls_gone');
    const res = await signedTwilioPost(t.app, PUBLIC, TOKEN, '/twilio/voice', {
      CallSid: sid('CA', 'broken'),
      From: '+31612345678',
    });
    expect(res.status).toBe(500);
    expect(res.headers.get('content-type')).toContain('text/xml');
  });
});

describe('secrets apart from data', () => {
  it('keeps the database, its WAL and SHM, the data folder and a generated key owner-only', async () => {
    const t = await createTestApp({ DATA_KEY: '' });
    try {
      await signedIn(t, ['agent']);
      expect(mode(t.dir)).toBe(0o700);
      expect(mode(join(t.dir, 'data.key'))).toBe(0o600);
      for (const f of ['baken.sqlite', 'baken.sqlite-wal', 'baken.sqlite-shm'])
        if (existsSync(join(t.dir, f))) expect(mode(join(t.dir, f)), f).toBe(0o600);
      // SQLite only: on PostgreSQL the data folder holds no database file (the server keeps it).
      if (!t.deps.config.databaseUrl) expect(existsSync(join(t.dir, 'baken.sqlite-wal'))).toBe(true);
    } finally {
      await t.close();
    }
  });

  it('refuses to start in production with the key file inside the data folder unless told so', () => {
    // The audit key has a rule of its own (test/integration/audit/audit-chain.test.ts).
    const env = { NODE_ENV: 'production', TWILIO_AUTH_TOKEN: 'x', AUDIT_KEY: Buffer.alloc(32, 1).toString('base64') };
    expect(() => loadConfig(env)).toThrow(ConfigError);
    try {
      loadConfig(env);
    } catch (e) {
      expect((e as ConfigError).problems.join('\n')).toContain('DATA_KEY_IN_DATA_DIR=allow');
    }
    expect(loadConfig({ ...env, DATA_KEY_IN_DATA_DIR: 'allow' }).dataKeyInDataDir).toBe(true);
    expect(() => loadConfig({ ...env, DATA_KEY_IN_DATA_DIR: 'yes' })).toThrow(/only accepted value/);
    const dir = mkdtempSync(join(tmpdir(), 'baken-key-'));
    try {
      expect(() => resolveDataKey(undefined, dir, () => {}, { development: false })).toThrow(/refused/);
      expect(existsSync(join(dir, 'data.key'))).toBe(false);
      resolveDataKey(undefined, dir, () => {}, { development: false, allowInDataDir: true });
      expect(mode(join(dir, 'data.key'))).toBe(0o600);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses every webhook without TWILIO_AUTH_TOKEN when development tools are off', async () => {
    const t = await createTestApp({ DEV_TOOLS: 'false' });
    try {
      expect(webhookAuthToken(t.deps.config)).toBeNull();
      for (const token of ['', 'baken-development-only-twilio-token', 'x'.repeat(32)]) {
        const res = await signedTwilioPost(t.app, 'http://baken.test', token, '/twilio/voice', {
          CallSid: sid('CA', 'nodev'),
          From: '+31612345678',
        });
        expect(res.status).toBe(403);
      }
      expect(await t.deps.db.selectFrom('contacts').select('id').execute()).toHaveLength(0);
    } finally {
      await t.close();
    }
  });

  it('uses a different random development token per install, owner-only, and never the old constant', async () => {
    const a = await createTestApp();
    const b = await createTestApp();
    try {
      const ta = webhookAuthToken(a.deps.config)!;
      const tb = webhookAuthToken(b.deps.config)!;
      expect(ta).toMatch(/^[\w-]{32,}$/);
      expect(ta).not.toBe(tb);
      expect(readFileSync(join(a.dir, 'twilio-dev.token'), 'utf8').trim()).toBe(ta);
      expect(mode(join(a.dir, 'twilio-dev.token'))).toBe(0o600);
      const params = { CallSid: sid('CA', 'forged'), From: '+31612345678' };
      expect((await signedTwilioPost(a.app, 'http://baken.test', tb, '/twilio/voice', params)).status).toBe(403);
      const old = 'baken-development-only-twilio-token';
      expect((await signedTwilioPost(a.app, 'http://baken.test', old, '/twilio/voice', params)).status).toBe(403);
      expect((await signedTwilioPost(a.app, 'http://baken.test', ta, '/twilio/voice', params)).status).toBe(200);
    } finally {
      await a.close();
      await b.close();
    }
  });

  it('binds loopback unless HOST says otherwise', () => {
    expect(loadConfig({}).host).toBe('127.0.0.1');
    expect(loadConfig({ HOST: '0.0.0.0' }).host).toBe('0.0.0.0');
    expect(() => loadConfig({ HOST: 'a b' })).toThrow(/HOST/);
  });
});

describe('the legal role sees the legal queue and its own contacts', () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await createTestApp();
  });
  afterEach(async () => {
    await t.close();
  });

  it('opens legal-queue and assigned contacts, and gets 404 for registrations and others', async () => {
    const legal = await signedIn(t, ['legal'], 'Jurist');
    const sys = { id: null };
    const inLegal = await createContact(t.deps, { channel: 'phone', subject: 'Juridische vraag', queue: 'legal' }, sys);
    const registration = await createContact(
      t.deps,
      { channel: 'phone', subject: 'Melding slachtoffer', queue: 'registration' },
      sys,
    );
    const assigned = await createContact(
      t.deps,
      { channel: 'manual', subject: 'Toegewezen', queue: 'general', assigneeId: legal.user.id },
      sys,
    );
    expect((await legal.client.get(`/contacts/${inLegal.id}`)).status).toBe(200);
    expect((await legal.client.get(`/contacts/${assigned.id}`)).status).toBe(200);
    expect((await legal.client.get(`/contacts/${registration.id}`)).status).toBe(404);
    expect((await legal.client.post(`/contacts/${registration.id}/notes`, { body: 'x' })).status).toBe(404);
    expect((await legal.client.post(`/live/presence/${registration.id}`)).status).toBe(404);
    const inbox = await (await legal.client.get('/contacts')).text();
    expect(inbox).toContain('Juridische vraag');
    expect(inbox).not.toContain('Melding slachtoffer');
    const views = await audit(t, 'contact.view');
    expect(views.map((v) => v.subject_id)).not.toContain(String(registration.id));
    // The outbox lists every contact's mail: not for someone who sees only the legal queue.
    expect((await legal.client.get('/email/outbox')).status).toBe(403);
    expect((await legal.client.post('/email/outbox/1/cancel')).status).toBe(403);
    // An agent still sees everything.
    const agent = await signedIn(t, ['agent']);
    expect((await agent.client.get(`/contacts/${registration.id}`)).status).toBe(200);
    expect((await agent.client.get('/email/outbox')).status).toBe(200);
  });
});
