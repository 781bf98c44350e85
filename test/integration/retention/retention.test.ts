import { existsSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, signedIn, type TestApp } from '../../support/test-app.js';
import { ingestComposed, makeContact } from '../../support/factories.js';
import { sid, signedTwilioPost } from '../../support/twilio.js';
import type { NewRegistration } from '../../../src/registrations/registrations.service.js';
import { makeRegistration } from '../../support/registration-factory.js';
import { runPurge } from '../../../src/retention/retention.service.js';
import { writeAudit } from '../../../src/audit/audit.queries.js';
import { searchTextOf } from '../../../src/db/contact-search.js';

const TOKEN = 'retention-test-token';
const PUBLIC = 'https://baken.example.org';
const ACCOUNT = `AC${'3'.repeat(32)}`;
const DESK = 'meld@baken.test';
const START = '2026-01-10T10:00:00Z';
const DAY = 86_400_000;
const later = (days: number) => new Date(Date.parse(START) + days * DAY);

/** A stand-in for Twilio's REST API on loopback: records DELETEs of recordings; can hold them (a slow Twilio). */
let twilio: Server;
let apiBase: string;
let deleted: string[] = [];
let hold: Promise<void> | null = null;
beforeAll(async () => {
  twilio = createServer((req: IncomingMessage, res) => {
    const ok = req.headers.authorization === `Basic ${Buffer.from(`${ACCOUNT}:${TOKEN}`).toString('base64')}`;
    const m = /^\/2010-04-01\/Accounts\/AC3{32}\/Recordings\/(RE[0-9a-f]{32})\.json$/.exec(req.url ?? '');
    if (!ok || req.method !== 'DELETE' || !m) {
      res.writeHead(404).end();
      return;
    }
    void (hold ?? Promise.resolve()).then(() => {
      deleted.push(m[1]!);
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((r) => twilio.listen(0, '127.0.0.1', () => r()));
  apiBase = `http://127.0.0.1:${(twilio.address() as AddressInfo).port}`;
});
afterAll(async () => {
  twilio.closeAllConnections();
  await new Promise((r) => twilio.close(r));
});

const apps: TestApp[] = [];
afterEach(async () => {
  for (const t of apps.splice(0)) await t.close();
  deleted = [];
  hold = null;
});
async function app() {
  const t = await createTestApp(
    { TWILIO_AUTH_TOKEN: TOKEN, TWILIO_ACCOUNT_SID: ACCOUNT, TWILIO_API_BASE: apiBase, PUBLIC_URL: PUBLIC },
    { now: START },
  );
  apps.push(t);
  return t;
}

let n = 0;
/** A voicemail with its transcription, through the signed Twilio webhooks. */
async function voicemail(t: TestApp, text: string) {
  n += 1;
  const call = { AccountSid: ACCOUNT, CallSid: sid('CA', `ret${n}`), From: '+31612345678', To: '+31334481186' };
  const re = sid('RE', `ret${n}`);
  const rec = { ...call, RecordingSid: re, RecordingUrl: `${apiBase}/2010-04-01/Accounts/${ACCOUNT}/Recordings/${re}` };
  expect((await signedTwilioPost(t.app, PUBLIC, TOKEN, '/twilio/voice', call)).status).toBe(200);
  expect(
    (
      await signedTwilioPost(t.app, PUBLIC, TOKEN, '/twilio/recording', {
        ...rec,
        RecordingDuration: '12',
        RecordingStatus: 'completed',
      })
    ).status,
  ).toBe(200);
  expect(
    (
      await signedTwilioPost(t.app, PUBLIC, TOKEN, '/twilio/transcription', {
        ...rec,
        TranscriptionSid: sid('TR', `ret${n}`),
        TranscriptionStatus: 'completed',
        TranscriptionText: text,
      })
    ).status,
  ).toBe(200);
  return t.deps.db.selectFrom('recordings').selectAll().where('recording_sid', '=', re).executeTakeFirstOrThrow();
}

/** The contact was resolved at `at` (and any acknowledgement went out): its retention starts counting there. */
async function close(t: TestApp, contactId: number, at: Date) {
  await t.deps.db
    .updateTable('contacts')
    .set({ status: 'resolved', updated_at: at.toISOString() })
    .where('id', '=', contactId)
    .execute();
  await t.deps.db.updateTable('mail_outbox').set({ status: 'sent' }).where('contact_id', '=', contactId).execute();
}

/** A registration made through the real registrations service (the shared factory), answered as its row. */
async function register(t: TestApp, actorId: number, over: Partial<NewRegistration> = {}) {
  const id = await makeRegistration(t, actorId, {
    reportedOn: '2026-01-05',
    dossierType: 'registration',
    birthYear: 1999,
    name: 'Maria Popescu',
    phone: '+40712345678',
    email: 'maria@example.org',
    ...over,
  });
  return t.deps.db.selectFrom('registrations').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
}

const purgeAudits = (t: TestApp) =>
  t.deps.db
    .selectFrom('audit_log')
    .select(['actor_id', 'subject_id', 'details'])
    .where('action', '=', 'retention.purge')
    .orderBy('id')
    .execute();

describe('retention purge', () => {
  it('deletes a closed voicemail at Twilio after 90 days and its transcription after a year, never an open one', async () => {
    const t = await app();
    const closed = await voicemail(t, 'Bel me terug over de bedenktijd');
    const open = await voicemail(t, 'Nog een open voicemail graag');
    await close(t, closed.contact_id, later(0));

    await runPurge(t.deps, later(60));
    expect(deleted).toEqual([]);

    await runPurge(t.deps, later(100));
    expect(deleted).toEqual([closed.recording_sid]);
    const afterRec = await t.deps.db
      .selectFrom('recordings')
      .selectAll()
      .where('id', '=', closed.id)
      .executeTakeFirstOrThrow();
    expect(afterRec.url).toBeNull();
    expect(afterRec.transcription_text).not.toBeNull();

    await runPurge(t.deps, later(400));
    expect(deleted).toEqual([closed.recording_sid]); // never deleted twice
    const gone = await t.deps.db
      .selectFrom('recordings')
      .selectAll()
      .where('id', '=', closed.id)
      .executeTakeFirstOrThrow();
    expect(gone.transcription_text).toBeNull();
    expect(gone.transcription_status).toBe('completed');
    expect((await searchTextOf(t.deps.db, closed.contact_id))?.body ?? '').not.toContain('bedenktijd');

    const still = await t.deps.db
      .selectFrom('recordings')
      .selectAll()
      .where('id', '=', open.id)
      .executeTakeFirstOrThrow();
    expect(still.url).not.toBeNull();
    expect(t.deps.crypto.decrypt(still.transcription_text)).toBe('Nog een open voicemail graag');
    expect((await searchTextOf(t.deps.db, open.contact_id))?.body).toContain('voicemail');
  });

  it('removes a mail body and its attachment file after the period, and keeps a younger one', async () => {
    const t = await app();
    const old = await ingestComposed(t, {
      from: 'jan@politie.nl',
      to: DESK,
      subject: 'Oude melding',
      text: 'Het slachtoffer woont op de Kade 12',
      attachments: [{ filename: 'verklaring.txt', content: 'geheime verklaring oud' }],
    });
    const young = await ingestComposed(t, {
      from: 'piet@inspectie.nl',
      to: DESK,
      subject: 'Jonge melding',
      text: 'Werknemers slapen in de loods',
      attachments: [{ filename: 'foto.txt', content: 'geheime verklaring jong' }],
    });
    if (old.status !== 'stored' || young.status !== 'stored') throw new Error('not stored');
    const { client: agent } = await signedIn(t, ['agent']);
    const reply = await agent.post(`/email/contacts/${old.contactId}/reply`, {
      body: 'Wij nemen contact op met de inspectie in Zwolle.',
    });
    expect(reply.status).toBeLessThan(400);
    expect((await searchTextOf(t.deps.db, old.contactId))?.body).toContain('Zwolle');
    // The contact's own identifiers are kept longer here, so that its note outlives its mail.
    await t.deps.db
      .insertInto('retention_settings')
      .values({ kind: 'contacts', days: 3650, updated_at: START, updated_by: null })
      .execute();
    const note = await agent.post(`/contacts/${old.contactId}/notes`, { body: 'Teruggebeld door de kustwacht' });
    expect(note.status).toBeLessThan(400);
    expect((await searchTextOf(t.deps.db, old.contactId))?.body).toContain('kustwacht');
    await close(t, old.contactId, later(0));
    await close(t, young.contactId, later(600));
    const fileOf = async (messageRowId: number) => {
      const a = await t.deps.db
        .selectFrom('mail_attachments')
        .select('sha256')
        .where('message_id', '=', messageRowId)
        .executeTakeFirstOrThrow();
      return join(t.dir, 'attachments', a.sha256!.slice(0, 2), a.sha256!);
    };
    const oldFile = await fileOf(old.messageRowId);
    const youngFile = await fileOf(young.messageRowId);
    expect(existsSync(oldFile)).toBe(true);
    expect(existsSync(youngFile)).toBe(true);

    await runPurge(t.deps, later(800));

    expect(existsSync(oldFile)).toBe(false);
    expect(existsSync(youngFile)).toBe(true);
    const msg = (id: number) =>
      t.deps.db.selectFrom('mail_messages').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    const o = await msg(old.messageRowId);
    expect(o.text_body).toBe('');
    expect(o.html_safe).toBeNull();
    expect(o.contact_id).toBe(old.contactId);
    expect(o.received_at).toBeTruthy();
    expect((await msg(young.messageRowId)).text_body).toContain('loods');
    const searchText = (await searchTextOf(t.deps.db, old.contactId))?.body ?? '';
    expect(searchText).not.toContain('Kade');
    expect(searchText).not.toContain('Zwolle');
    // The search text is rebuilt from what remains: the note (the contacts' own period is not over) stays found.
    expect(searchText).toContain('Teruggebeld door de kustwacht');
    const contact = await t.deps.db
      .selectFrom('contacts')
      .select(['channel', 'started_at'])
      .where('id', '=', old.contactId)
      .executeTakeFirstOrThrow();
    expect(contact.channel).toBe('email');

    const { client } = await signedIn(t, ['agent']);
    const attachment = await t.deps.db
      .selectFrom('mail_attachments')
      .select('id')
      .where('message_id', '=', old.messageRowId)
      .executeTakeFirstOrThrow();
    expect((await client.get(`/email/attachments/${attachment.id}`)).status).toBe(404);
    const contactPage = await client.get(`/contacts/${old.contactId}`);
    expect(contactPage.status).toBe(200);
    expect(await contactPage.text()).not.toContain('Kade 12');

    // The incoming mail and the acknowledgement sent to it: both bodies of the closed contact, no more.
    const ofOld = await t.deps.db
      .selectFrom('mail_messages')
      .select('id')
      .where('contact_id', '=', old.contactId)
      .execute();
    expect(ofOld.length).toBeGreaterThanOrEqual(1);
    const mailAudit = (await purgeAudits(t)).map((a) => JSON.parse(a.details)).find((d) => d.kind === 'mail');
    expect(mailAudit).toEqual({ kind: 'mail', removed: ofOld.length, failed: 0, days: 730 });
  });

  it('blanks the identifying fields of a closed registration, keeps its facts and every statistic byte for byte', async () => {
    const t = await app();
    const { user: agent } = await signedIn(t, ['agent']);
    const closedReg = await register(t, agent.id, { notes: 'woont bij haar tante' });
    for (let i = 0; i < 11; i++) await register(t, agent.id, { gender: i % 2 ? 'male' : 'female' });
    await register(t, agent.id, { exploitation: ['labour'], nationalities: ['NG'], birthYear: 2010 });
    const contact = await makeContact(t, { subject: 'Lopende begeleiding' }, agent.id);
    const openReg = await register(t, agent.id, { contactId: contact.id, name: 'Ana Ionescu' });
    const v = await voicemail(t, 'Een voicemail voor de statistiek');
    await close(t, v.contact_id, later(0));
    const mail = await ingestComposed(t, { from: 'jan@politie.nl', to: DESK, subject: 'Melding', text: 'tekst' });
    if (mail.status !== 'stored') throw new Error('not stored');
    await close(t, mail.contactId, later(0));
    expect(closedReg.name_enc).not.toBeNull();

    const { client } = await signedIn(t, ['supervisor']);
    const pages = [
      '/statistics?by=exploitation',
      '/statistics?by=gender&period=quarter',
      '/statistics?by=nationality_group&period=month',
      '/statistics?by=age_band',
      '/statistics/export.csv?by=exploitation&publication=1',
      '/statistics/export.csv?by=nationality_group&publication=1',
      '/statistics/ctdc.csv',
      '/statistics/desk.csv?by=channel',
      '/statistics/desk.csv?by=queue',
      '/statistics/desk.csv?by=topic',
      '/statistics/desk.csv?by=in_office_hours',
      '/statistics/desk.csv?by=sla',
      '/statistics/desk.csv?by=hours',
      '/statistics/year',
      '/statistics/year.csv?publication=1&year=2026',
    ];
    const render = async () => {
      const out: string[] = [];
      for (const p of pages) {
        const res = await client.get(p);
        expect(res.status, p).toBe(200);
        out.push(await res.text());
      }
      return out;
    };
    const before = await render();
    expect(await (await client.get(`/registrations/${closedReg.id}`)).text()).toContain('Popescu');
    expect(before[0]).toContain('<td class="num">13</td>');
    expect(before[4]).toMatch(/^period,sexual,labour/);

    await runPurge(t.deps, later(6 * 365));

    const after = await render();
    for (let i = 0; i < pages.length; i++) expect(after[i], pages[i]).toBe(before[i]);
    // The same run purged the closed contacts' own identifiers (the contacts kind): the figures did not move.
    const purgedContacts = await t.deps.db
      .selectFrom('contacts')
      .select(['id', 'party_phone_hash', 'party_email_hash', 'subject', 'channel'])
      .where('id', 'in', [v.contact_id, mail.contactId])
      .orderBy('id')
      .execute();
    expect(purgedContacts.map((c) => [c.party_phone_hash, c.party_email_hash, c.subject])).toEqual([
      [null, null, ''],
      [null, null, ''],
    ]);
    expect(purgedContacts.map((c) => c.channel)).toEqual(['voicemail', 'email']);
    const contactsAudit = (await purgeAudits(t)).map((a) => JSON.parse(a.details)).find((d) => d.kind === 'contacts');
    expect(contactsAudit).toEqual({ kind: 'contacts', removed: 2, failed: 0, days: 730 });

    const row = await t.deps.db
      .selectFrom('registrations')
      .selectAll()
      .where('id', '=', closedReg.id)
      .executeTakeFirstOrThrow();
    for (const col of [
      'name_enc',
      'dob_enc',
      'phone_enc',
      'email_enc',
      'vnumber_enc',
      'name_year_hash',
      'phone_hash',
    ] as const)
      expect(row[col], col).toBeNull();
    expect(row.notes).toBe('');
    expect({
      gender: row.gender,
      birth: row.birth_year,
      band: row.age_band,
      region: row.region,
      on: row.reported_on,
    }).toEqual({
      gender: closedReg.gender,
      birth: closedReg.birth_year,
      band: closedReg.age_band,
      region: closedReg.region,
      on: closedReg.reported_on,
    });
    const forms = await t.deps.db
      .selectFrom('registration_exploitation')
      .select('form')
      .where('registration_id', '=', closedReg.id)
      .execute();
    expect(forms.map((f) => f.form)).toEqual(['sexual']);
    const open = await t.deps.db
      .selectFrom('registrations')
      .select(['name_enc', 'phone_hash'])
      .where('id', '=', openReg.id)
      .executeTakeFirstOrThrow();
    expect(open.name_enc).not.toBeNull();
    expect(open.phone_hash).not.toBeNull();
    const regPage = await client.get(`/registrations/${closedReg.id}`);
    expect(regPage.status).toBe(200);
    expect(await regPage.text()).not.toContain('Popescu');
  });

  it("purges a contact's identifiers with its registration's, even when the contact's own period is longer", async () => {
    const t = await app();
    const { user: agent } = await signedIn(t, ['agent']);
    await t.deps.db
      .insertInto('retention_settings')
      .values({ kind: 'contacts', days: 3650, updated_at: START, updated_by: null })
      .execute();
    const linked = await makeContact(t, { subject: 'Melding Popescu', party: { name: 'Maria Popescu' } }, agent.id);
    const alone = await makeContact(t, { subject: 'Vraag Ionescu', party: { name: 'Ana Ionescu' } }, agent.id);
    const reg = await register(t, agent.id, { contactId: linked.id });
    await close(t, linked.id, later(0));
    await close(t, alone.id, later(0));
    await t.deps.db.updateTable('registrations').set({ updated_at: START }).where('id', '=', reg.id).execute();

    await runPurge(t.deps, later(6 * 365));

    const rows = await t.deps.db
      .selectFrom('contacts')
      .select(['id', 'party_name_enc', 'subject'])
      .where('id', 'in', [linked.id, alone.id])
      .orderBy('id')
      .execute();
    expect(rows[0]).toEqual({ id: linked.id, party_name_enc: null, subject: '' });
    expect(t.deps.crypto.decrypt(rows[1]!.party_name_enc)).toBe('Ana Ionescu');
    expect(rows[1]!.subject).toBe('Vraag Ionescu');
    const g = await t.deps.db
      .selectFrom('registrations')
      .select('name_enc')
      .where('id', '=', reg.id)
      .executeTakeFirstOrThrow();
    expect(g.name_enc).toBeNull();
  });

  it('writes one audit entry per kind with counts only, and deletes audit rows older than their period', async () => {
    const t = await app();
    await writeAudit(t.deps.db, { at: '2018-01-01T00:00:00.000Z', actorId: null, action: 'login', details: {} });
    await writeAudit(t.deps.db, { at: '2025-01-01T00:00:00.000Z', actorId: null, action: 'login', details: {} });
    const v = await voicemail(t, 'Tekst die weg moet');
    await close(t, v.contact_id, later(0));

    const runId = await runPurge(t.deps, later(400));

    const audits = await purgeAudits(t);
    expect(audits.map((a) => JSON.parse(a.details).kind)).toEqual([
      'recordings',
      'transcriptions',
      'mail',
      'identifiers',
      'contacts',
      'audit',
    ]);
    for (const a of audits) {
      expect(a.subject_id).toBe(String(runId));
      expect(Object.keys(JSON.parse(a.details)).sort()).toEqual(['days', 'failed', 'kind', 'removed']);
    }
    const removed = Object.fromEntries(audits.map((a) => [JSON.parse(a.details).kind, JSON.parse(a.details).removed]));
    expect(removed).toEqual({ recordings: 1, transcriptions: 1, mail: 0, identifiers: 0, contacts: 0, audit: 1 });
    const logins = await t.deps.db.selectFrom('audit_log').select('at').where('action', '=', 'login').execute();
    expect(logins.map((l) => l.at)).toEqual(['2025-01-01T00:00:00.000Z']);
    // Outside a purge the audit log stays append-only.
    await expect(t.deps.db.deleteFrom('audit_log').where('action', '=', 'login').execute()).rejects.toThrow(
      /append-only/,
    );
    const run = await t.deps.db
      .selectFrom('retention_runs')
      .selectAll()
      .where('id', '=', runId!)
      .executeTakeFirstOrThrow();
    expect(run.status).toBe('done');
    expect(JSON.parse(run.counts).recordings).toEqual({ removed: 1, failed: 0 });
  });
});

describe('/admin/retention', () => {
  it('answers 403 to a supervisor and an agent, for the page, the periods and "run now"', async () => {
    const t = await app();
    for (const role of ['supervisor', 'agent'] as const) {
      const { client } = await signedIn(t, [role]);
      expect((await client.get('/admin/retention')).status).toBe(403);
      expect((await client.post('/admin/retention', { recordings: '30' })).status).toBe(403);
      expect((await client.post('/admin/retention/run')).status).toBe(403);
    }
    expect(await t.deps.db.selectFrom('retention_settings').selectAll().execute()).toEqual([]);
    expect(await t.deps.db.selectFrom('retention_runs').selectAll().execute()).toEqual([]);
  });

  it('refuses bad periods with 422 by the field and changes nothing; good ones are saved and audited old → new', async () => {
    const t = await app();
    const { client } = await signedIn(t, ['admin']);
    const page = await client.get('/admin/retention');
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('href="/admin/retention"');
    expect(html).toMatch(/<label for="retention-recordings">/);
    expect(html).toContain('value="90"');

    const bad = await client.post('/admin/retention', {
      recordings: '-5',
      transcriptions: 'abc',
      identifiers: '99999999999999',
      audit: '0',
    });
    expect(bad.status).toBe(422);
    const body = await bad.text();
    expect(body).toContain('id="retention-recordings-error"');
    expect(body).toContain('id="retention-transcriptions-error"');
    expect(body).toContain('id="retention-mail-error"');
    expect(body).toContain('id="retention-identifiers-error"');
    expect(body).toContain('id="retention-contacts-error"');
    expect(body).toContain('id="retention-audit-error"');
    expect(body).toContain('value="abc"');
    expect(await t.deps.db.selectFrom('retention_settings').selectAll().execute()).toEqual([]);
    const tooShortAudit = await client.post('/admin/retention', {
      recordings: '30',
      transcriptions: '365',
      mail: '730',
      identifiers: '1825',
      contacts: '730',
      audit: '365',
    });
    expect(tooShortAudit.status).toBe(422);
    expect(await t.deps.db.selectFrom('retention_settings').selectAll().execute()).toEqual([]);

    const ok = await client.post('/admin/retention', {
      recordings: '30',
      transcriptions: '365',
      mail: '730',
      identifiers: '1825',
      contacts: '730',
      audit: '2555',
    });
    expect(ok.status).toBe(303);
    const rows = await t.deps.db.selectFrom('retention_settings').select(['kind', 'days']).execute();
    expect(rows).toEqual([{ kind: 'recordings', days: 30 }]);
    const audit = await t.deps.db
      .selectFrom('audit_log')
      .select('details')
      .where('action', '=', 'retention.period')
      .execute();
    expect(audit.map((a) => JSON.parse(a.details))).toEqual([{ kind: 'recordings', from: 90, to: 30 }]);

    const nl = await client.get('/admin/retention?saved=1');
    expect(await nl.text()).toContain('value="30"');
  });

  it('starts one purge on "run now", shows its progress, and a second "run now" while it runs starts nothing', async () => {
    const t = await app();
    const v = await voicemail(t, 'Graag terugbellen');
    await close(t, v.contact_id, later(0));
    t.clock.set(later(100).toISOString());
    let release!: () => void;
    hold = new Promise<void>((r) => {
      release = r;
    });
    const { client } = await signedIn(t, ['admin']);
    const first = await client.post('/admin/retention/run');
    expect(first.status).toBe(303);
    expect(first.headers.get('location')).toBe('/admin/retention?started=1');
    const second = await client.post('/admin/retention/run');
    expect(second.headers.get('location')).toBe('/admin/retention?busy=1');
    expect(await t.deps.db.selectFrom('retention_runs').selectAll().execute()).toHaveLength(1);
    expect(await runPurge(t.deps, later(100))).toBeNull();

    await expect.poll(async () => (await (await client.get('/admin/retention')).text()).includes('0 of 1')).toBe(true);
    const progress = await (await client.get('/admin/retention/progress')).text();
    expect(progress).toContain('Running now: Voicemail recordings, 0 of 1.');
    expect(progress).toContain('hx-trigger="every 2s"');
    release();
    await expect
      .poll(async () => (await t.deps.db.selectFrom('retention_runs').select('status').executeTakeFirst())?.status)
      .toBe('done');
    expect(deleted).toEqual([v.recording_sid]);
    const html = await (await client.get('/admin/retention')).text();
    expect(html).toContain('No purge is running.');
    expect(await (await client.get('/admin/retention/progress')).text()).not.toContain('hx-trigger');
    expect(html).toMatch(/Voicemail recordings: 1/);
    expect(await t.deps.db.selectFrom('retention_runs').selectAll().execute()).toHaveLength(1);
  });
});
