import { existsSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { changeContact } from '../../../src/contacts/contact-change.service.js';
import { contactsMatching, searchTextOf } from '../../../src/db/contact-search.js';
import { isPostgres } from '../../../src/db/database.js';
import { claimRun, executeRun, runPurge } from '../../../src/retention/retention.service.js';
import { ingestComposed, makeContact } from '../../support/factories.js';
import { onPostgres } from '../../support/database.js';
import { createTestApp, signedIn, type TestApp } from '../../support/test-app.js';
import { sid, signedTwilioPost } from '../../support/twilio.js';

// A purge leaves nothing (issue 21): after a run, none of the purged words is in any row, in the search index,
// nor — on SQLite — anywhere in the bytes of the database file or its WAL; a contact's own identifiers have their
// retention kind; a disk that fills during a purge stops it with a clear report, loses nothing, and the next run
// resumes.

const TOKEN = 'erase-test-token';
const PUBLIC = 'https://baken.example.org';
const ACCOUNT = `AC${'5'.repeat(32)}`;
const DESK = 'meld@baken.test';
const START = '2026-01-10T10:00:00Z';
const DAY = 86_400_000;
const later = (days: number) => new Date(Date.parse(START) + days * DAY);

/** Words only the purged contacts hold, each where a purge must reach it. */
const PURGED = {
  name: 'Zwanhilde Xqbrouwershaven', // party name (encrypted) and in a mail body
  phoneLine: '0612349876', // a phone number alone on a line of a mail body and of a note
  note: 'Jxkwartelkoning', // a note's text (timeline and search index)
  subject: 'Qvzeepaardje', // the subject of the mail and the contact
  newSubject: 'Vqsnoekbaarsvraag', // a subject an agent set (its change event holds from/to)
  address: 'ijsvogelxq.purge@example.org', // the sender's address
  reply: 'Wxpimpelmees', // the agent's reply (mail body, timeline, search index)
  transcription: 'Kxvlinderdas', // a voicemail's transcription
};
/** A word of a contact still open: it must stay (proves the byte search finds what is there). */
const KEPT = 'Yqreigerbosch';

/** The forms a word is stored in: as written, lower-cased (the index), and its tail (FTS5 shares prefixes). */
const formsOf = (w: string) => [w, w.toLowerCase(), w.toLowerCase().slice(2)];

/** Which of `words` occur anywhere in the SQLite file and its WAL, as bytes (UTF-8). */
function inFiles(t: TestApp, words: string[]): string[] {
  const files = ['baken.sqlite', 'baken.sqlite-wal']
    .map((f) => join(t.dir, f))
    .filter(existsSync)
    .map((f) => readFileSync(f));
  return words.filter((w) => formsOf(w).some((form) => files.some((b) => b.includes(Buffer.from(form, 'utf8')))));
}

/** Which of `words` occur in any row of any table, read as text (both databases). */
async function inRows(t: TestApp, words: string[]): Promise<string[]> {
  const db = t.deps.db;
  const tables = isPostgres(db)
    ? (
        await sql<{ name: string }>`SELECT table_name AS name FROM information_schema.tables
          WHERE table_schema = 'public' AND table_type = 'BASE TABLE'`.execute(db)
      ).rows.map((r) => r.name)
    : (
        await sql<{ name: string }>`SELECT name FROM sqlite_master WHERE type = 'table'
          AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'contact_text_%'`.execute(db)
      ).rows.map((r) => r.name);
  let text = '';
  for (const name of tables) {
    const rows = isPostgres(db)
      ? (await sql<{ v: string }>`SELECT t::text AS v FROM ${sql.table(name)} t`.execute(db)).rows.map((r) => r.v)
      : (await sql<Record<string, unknown>>`SELECT * FROM ${sql.table(name)}`.execute(db)).rows.map((r) =>
          JSON.stringify(r),
        );
    text += `${rows.join('\n').toLowerCase()}\n`;
  }
  return words.filter((w) => text.includes(w.toLowerCase()));
}

/** Which of `words` the search index finds (FTS5 MATCH or the tsvector). */
async function inIndex(t: TestApp, words: string[]): Promise<string[]> {
  const out: string[] = [];
  for (const w of words) {
    const hits = await contactsMatching(t.deps.db, `"${w}"`).select('contacts.id').execute();
    if (hits.length) out.push(w);
  }
  return out;
}

/** Twilio's REST API on loopback: every recording DELETE succeeds. */
let twilio: Server;
let apiBase: string;
beforeAll(async () => {
  twilio = createServer((_req, res) => res.writeHead(204).end());
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
});
async function app() {
  const t = await createTestApp(
    { TWILIO_AUTH_TOKEN: TOKEN, TWILIO_ACCOUNT_SID: ACCOUNT, TWILIO_API_BASE: apiBase, PUBLIC_URL: PUBLIC },
    { now: START },
  );
  apps.push(t);
  return t;
}

/** A voicemail with its transcription, through the signed Twilio webhooks; returns its contact's id. */
async function voicemail(t: TestApp, tag: string, from: string, text: string) {
  const call = { AccountSid: ACCOUNT, CallSid: sid('CA', tag), From: from, To: '+31334481186' };
  const re = sid('RE', tag);
  const rec = { ...call, RecordingSid: re, RecordingUrl: `${apiBase}/2010-04-01/Accounts/${ACCOUNT}/Recordings/${re}` };
  expect((await signedTwilioPost(t.app, PUBLIC, TOKEN, '/twilio/voice', call)).status).toBe(200);
  const recording = { ...rec, RecordingDuration: '9', RecordingStatus: 'completed' };
  expect((await signedTwilioPost(t.app, PUBLIC, TOKEN, '/twilio/recording', recording)).status).toBe(200);
  const transcription = {
    ...rec,
    TranscriptionSid: sid('TR', tag),
    TranscriptionStatus: 'completed',
    TranscriptionText: text,
  };
  expect((await signedTwilioPost(t.app, PUBLIC, TOKEN, '/twilio/transcription', transcription)).status).toBe(200);
  const row = await t.deps.db
    .selectFrom('recordings')
    .select('contact_id')
    .where('recording_sid', '=', re)
    .executeTakeFirstOrThrow();
  return row.contact_id;
}

/** The contact was resolved at `at` (and its mail went out): its retention starts counting there. */
async function close(t: TestApp, contactId: number, at: Date) {
  await t.deps.db
    .updateTable('contacts')
    .set({ status: 'resolved', updated_at: at.toISOString() })
    .where('id', '=', contactId)
    .execute();
  await t.deps.db.updateTable('mail_outbox').set({ status: 'sent' }).where('contact_id', '=', contactId).execute();
}

/** A mail thread, a changed subject and number, a note, a reply and a voicemail, all holding PURGED's words. */
async function fill(t: TestApp) {
  const { user: agent, client } = await signedIn(t, ['agent']);
  const mail = await ingestComposed(t, {
    from: `"${PURGED.name}" <${PURGED.address}>`,
    to: DESK,
    subject: `${PURGED.subject} melding`,
    text: `Beste,\n\nIk bel namens ${PURGED.name.split(' ')[1]}.\n\n\n\n${PURGED.phoneLine}\n\nGroet`,
  });
  if (mail.status !== 'stored') throw new Error('not stored');
  const reply = await client.post(`/email/contacts/${mail.contactId}/reply`, {
    body: `Wij bellen ${PURGED.reply} terug.`,
  });
  expect(reply.status).toBeLessThan(400);
  await changeContact(
    t.deps,
    mail.contactId,
    { subject: PURGED.newSubject, phone: '+31 6 1234 9876', partyName: PURGED.name },
    { id: agent.id },
    { note: `${PURGED.note} gezien\n\n${PURGED.phoneLine}` },
  );
  await changeContact(t.deps, mail.contactId, { subject: 'Vraag', phone: '+31 6 1234 9875' }, { id: agent.id });
  const call = await voicemail(t, 'erase1', '+31612349876', `Bel ${PURGED.transcription} terug`);
  const open = await makeContact(t, { subject: 'Lopend', notes: `${KEPT} gesproken` }, agent.id);
  return { agent, mailContact: mail.contactId, callContact: call, openContact: open.id };
}

describe('a purge leaves nothing', () => {
  it('finds none of the purged words in any row, the search index, the database file or its WAL after a run', async () => {
    const t = await app();
    const c = await fill(t);
    const words = Object.values(PURGED)
      .flatMap((w) => w.split(/[\s@.]+/))
      .filter((w) => w.length >= 8);
    // Before: the words are there (so the searches below can fail).
    expect(await inIndex(t, [PURGED.note, PURGED.reply, PURGED.transcription, PURGED.phoneLine])).toHaveLength(4);
    expect(await inRows(t, [PURGED.note, PURGED.reply, PURGED.newSubject])).toHaveLength(3);
    if (!isPostgres(t.deps.db)) expect(inFiles(t, [PURGED.note, PURGED.reply, PURGED.phoneLine])).toHaveLength(3);
    await close(t, c.mailContact, later(0));
    await close(t, c.callContact, later(0));

    const runId = await runPurge(t.deps, later(800));

    const run = await t.deps.db
      .selectFrom('retention_runs')
      .selectAll()
      .where('id', '=', runId!)
      .executeTakeFirstOrThrow();
    expect(run.status).toBe('done');
    expect(run.failure).toBeNull();
    expect(JSON.parse(run.counts).contacts).toEqual({ removed: 2, failed: 0 });
    expect(await inRows(t, words)).toEqual([]);
    expect(await inIndex(t, words)).toEqual([]);
    expect(await inIndex(t, [KEPT])).toEqual([KEPT]);
    expect(await inRows(t, [KEPT])).toEqual([KEPT]);
    if (!isPostgres(t.deps.db)) {
      expect(inFiles(t, words)).toEqual([]);
      expect(inFiles(t, [KEPT])).toEqual([KEPT]);
      // The WAL was checkpointed and truncated: it holds at most the page of the run's lease, written after.
      const wal = join(t.dir, 'baken.sqlite-wal');
      expect(existsSync(wal) ? readFileSync(wal).length : 0).toBeLessThanOrEqual(32 + 2 * (24 + 4096));
    } else {
      // PostgreSQL: the touched tables were vacuumed (their dead row versions removed).
      await expect
        .poll(async () => {
          const r = await sql<{ v: string | null }>`SELECT last_vacuum::text AS v FROM pg_stat_user_tables
            WHERE relname = 'contact_text'`.execute(t.deps.db);
          return r.rows[0]?.v ?? null;
        })
        .not.toBeNull();
    }
  });

  it("blanks a resolved contact's own identifiers and keeps its channel, times, queue and topics", async () => {
    const t = await app();
    const c = await fill(t);
    await t.deps.db.insertInto('contact_topics').values({ contact_id: c.mailContact, topic: 'reflection' }).execute();
    const before = await t.deps.db
      .selectFrom('contacts')
      .selectAll()
      .where('id', '=', c.mailContact)
      .executeTakeFirstOrThrow();
    await close(t, c.mailContact, later(0));
    await close(t, c.callContact, later(0));
    const closed = await t.deps.db
      .selectFrom('contacts')
      .selectAll()
      .where('id', '=', c.mailContact)
      .executeTakeFirstOrThrow();

    await runPurge(t.deps, later(700)); // not yet: two years is 730 days
    const notYet = await t.deps.db
      .selectFrom('contacts')
      .selectAll()
      .where('id', '=', c.mailContact)
      .executeTakeFirstOrThrow();
    expect(t.deps.crypto.decrypt(notYet.party_name_enc)).toBe(PURGED.name);

    await runPurge(t.deps, later(731));

    const after = await t.deps.db
      .selectFrom('contacts')
      .selectAll()
      .where('id', '=', c.mailContact)
      .executeTakeFirstOrThrow();
    for (const col of [
      'party_name_enc',
      'party_name_hash',
      'party_phone_enc',
      'party_phone_hash',
      'party_phone_mask',
      'party_email_enc',
      'party_email_hash',
      'party_email_mask',
    ] as const)
      expect(after[col], col).toBeNull();
    expect(after.subject).toBe('');
    const kept = (r: typeof after) => ({
      channel: r.channel,
      direction: r.direction,
      started_at: r.started_at,
      ended_at: r.ended_at,
      updated_at: r.updated_at,
      first_action_at: r.first_action_at,
      due_at: r.due_at,
      in_office_hours: r.in_office_hours,
      queue: r.queue,
      status: r.status,
      topic: r.topic,
      party_type: r.party_type,
      reference: r.reference,
    });
    expect(kept(after)).toEqual(kept(closed));
    expect(before.channel).toBe('email');
    expect(after.version).toBe(closed.version + 1);
    const topics = await t.deps.db
      .selectFrom('contact_topics')
      .select('topic')
      .where('contact_id', '=', c.mailContact)
      .execute();
    expect(topics.map((x) => x.topic)).toContain('reflection');
    const messages = await t.deps.db
      .selectFrom('mail_messages')
      .selectAll()
      .where('contact_id', '=', c.mailContact)
      .execute();
    expect(messages.length).toBeGreaterThanOrEqual(2);
    for (const m of messages) {
      expect(m.subject).toBe('');
      expect([m.from_enc, m.from_name_enc, m.from_hash, m.from_mask, m.to_enc, m.cc_enc]).toEqual([
        null,
        null,
        null,
        null,
        null,
        null,
      ]);
      expect(m.received_at).toBeTruthy();
    }
    const participants = await t.deps.db
      .selectFrom('mail_participants')
      .selectAll()
      .where('contact_id', '=', c.mailContact)
      .execute();
    expect(participants).toEqual([]);
    // The timeline keeps what happened and when, without the text: a note says it was removed.
    const events = await t.deps.db
      .selectFrom('contact_events')
      .select(['kind', 'data', 'at'])
      .where('contact_id', '=', c.mailContact)
      .orderBy('id')
      .execute();
    const note = events.find((e) => e.kind === 'note')!;
    expect(JSON.parse(note.data)).toEqual({ purged: true });
    const phone = events.find((e) => e.kind === 'party.phone')!;
    expect(JSON.parse(phone.data)).toEqual({ purged: true });
    const { client } = await signedIn(t, ['agent']);
    const page = await client.get(`/contacts/${c.mailContact}`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('Removed after its retention period.');
    expect(html).not.toContain(PURGED.note);
    expect(html).not.toContain(PURGED.newSubject);
    // The call's number (its keyed hash) is gone from the call too.
    const calls = await t.deps.db
      .selectFrom('calls')
      .select('from_hash')
      .where('contact_id', '=', c.callContact)
      .execute();
    expect(calls.map((x) => x.from_hash)).toEqual([null]);
    // An open contact keeps everything.
    const open = await t.deps.db
      .selectFrom('contacts')
      .select(['subject'])
      .where('id', '=', c.openContact)
      .executeTakeFirstOrThrow();
    expect(open.subject).toBe('Lopend');
  });

  it('purges a contact again when it was reopened and closed after its first purge', async () => {
    const t = await app();
    const c = await fill(t);
    await close(t, c.mailContact, later(0));
    await runPurge(t.deps, later(731));
    // Reopened with a new number, then closed again: the new number is due two years after this closing.
    await t.deps.db
      .updateTable('contacts')
      .set({ party_name_enc: t.deps.crypto.encrypt('Nieuwe Naam'), updated_at: later(800).toISOString() })
      .where('id', '=', c.mailContact)
      .execute();
    await runPurge(t.deps, later(900));
    const mid = await t.deps.db
      .selectFrom('contacts')
      .select('party_name_enc')
      .where('id', '=', c.mailContact)
      .executeTakeFirstOrThrow();
    expect(t.deps.crypto.decrypt(mid.party_name_enc)).toBe('Nieuwe Naam');
    await runPurge(t.deps, later(800 + 731));
    const after = await t.deps.db
      .selectFrom('contacts')
      .select('party_name_enc')
      .where('id', '=', c.mailContact)
      .executeTakeFirstOrThrow();
    expect(after.party_name_enc).toBeNull();
  });
});

/**
 * The disk fills: the database may grow by `freePages` pages at most, and a filler takes every other byte that is
 * free (SQLite's max_page_count: a page past it fails as a full disk does, SQLITE_FULL).
 */
async function fillDisk(t: TestApp, freePages: number) {
  const db = t.deps.db;
  await sql`CREATE TABLE filler (x BLOB)`.execute(db);
  await sql`VACUUM`.execute(db);
  const pages = Number(
    (await sql<{ n: number }>`SELECT page_count AS n FROM pragma_page_count`.execute(db)).rows[0]!.n,
  );
  await sql.raw(`PRAGMA max_page_count = ${pages + freePages}`).execute(db);
  for (const size of [8000, 4000, 500, 50, 1]) {
    for (;;) {
      try {
        await sql`INSERT INTO filler (x) VALUES (randomblob(${size}))`.execute(db);
      } catch (e) {
        expect((e as { code?: string }).code).toBe('SQLITE_FULL');
        break;
      }
    }
  }
  // Each 8000-byte row holds two pages: deleting them frees whole pages any table may take.
  await sql`DELETE FROM filler WHERE rowid IN (SELECT rowid FROM filler WHERE length(x) = 8000 LIMIT ${Math.ceil(freePages / 2)})`.execute(
    db,
  );
}

async function roomAgain(t: TestApp) {
  await sql`DROP TABLE filler`.execute(t.deps.db);
  await sql.raw('PRAGMA max_page_count = 1073741823').execute(t.deps.db);
}

/** Closed contacts with their own identifiers, and an organisation of many words that stays (indexed anew). */
async function manyContacts(t: TestApp, n: number) {
  const { user: agent } = await signedIn(t, ['agent']);
  const ids: number[] = [];
  for (let i = 0; i < n; i++) {
    const c = await makeContact(
      t,
      {
        subject: `Zqmelding${i}`,
        party: {
          name: `Persoon Xq${i}`,
          email: `afzender${i}@example.org`,
          org: Array.from({ length: 120 }, (_, k) => `w${i}x${k}`).join(' '),
        },
      },
      agent.id,
    );
    ids.push(c.id);
    await close(t, c.id, later(0));
  }
  await t.deps.db
    .insertInto('retention_settings')
    .values({ kind: 'contacts', days: 30, updated_at: START, updated_by: null })
    .execute();
  return ids;
}

const runOf = (t: TestApp, id: number) =>
  t.deps.db.selectFrom('retention_runs').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
const markedContacts = async (t: TestApp) =>
  new Set(
    (await t.deps.db.selectFrom('retention_purged').select('item_id').where('kind', '=', 'contact').execute()).map(
      (r) => r.item_id,
    ),
  );

describe.skipIf(onPostgres())('a disk that fills during a purge (SQLite)', () => {
  it('stops the purge with "disk full" on the page, loses nothing, and the next run resumes and finishes', async () => {
    const t = await app();
    const ids = await manyContacts(t, 210);
    const runId = await claimRun(t.deps, later(100), 'manual', null);
    await fillDisk(t, 0);
    await executeRun(t.deps, runId!, later(100), null);

    const failed = await runOf(t, runId!);
    expect(failed.status).toBe('failed');
    expect(failed.failure).toBe('disk_full');
    // Nothing is lost: each contact is either purged and marked, or whole (name, search text) and unmarked.
    const marked = await markedContacts(t);
    expect(marked.size).toBeLessThan(ids.length);
    for (const id of ids) {
      const row = await t.deps.db
        .selectFrom('contacts')
        .select(['party_name_enc', 'subject'])
        .where('id', '=', id)
        .executeTakeFirstOrThrow();
      if (marked.has(id)) {
        expect(row.party_name_enc, `contact ${id}`).toBeNull();
        expect((await searchTextOf(t.deps.db, id))?.subject).toBe('');
      } else {
        expect(t.deps.crypto.decrypt(row.party_name_enc), `contact ${id}`).toMatch(/^Persoon Xq\d+$/);
        const text = await searchTextOf(t.deps.db, id);
        expect(text?.subject).toBe(row.subject);
        expect(text?.body).toContain('x119');
        expect(row.subject).toMatch(/^Zqmelding\d+$/);
      }
    }
    const { client } = await signedIn(t, ['admin']);
    const page = await client.get('/admin/retention');
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('the disk was full; the next run resumes where this one stopped');

    // Room again: the next run purges the rest and leaves no name behind.
    await roomAgain(t);
    const next = await runPurge(t.deps, later(101));
    const done = await runOf(t, next!);
    expect(done.status).toBe('done');
    expect(JSON.parse(done.counts).contacts.removed).toBe(ids.length - marked.size);
    const left = await t.deps.db
      .selectFrom('contacts')
      .select('id')
      .where('id', 'in', ids)
      .where('party_name_enc', 'is not', null)
      .execute();
    expect(left).toEqual([]);
    expect(inFiles(t, ['Zqmelding0', 'Zqmelding209'])).toEqual([]);
  });

  it('redoes the erasing a full disk stopped, on the next run, though nothing more is due', async () => {
    const t = await app();
    const ids = await manyContacts(t, 400);
    const runId = await claimRun(t.deps, later(100), 'manual', null);
    // Room for the purge itself, not for merging the search index afterwards (its index needs ~160-290 pages
    // more here, the purge's batches fewer).
    await fillDisk(t, 200);
    await executeRun(t.deps, runId!, later(100), null);

    const failed = await runOf(t, runId!);
    expect(failed.status).toBe('failed');
    expect(failed.failure).toBe('disk_full');
    expect((await markedContacts(t)).size).toBe(ids.length);
    // The rows are blank, but the index's older segments still hold the subjects.
    expect(inFiles(t, ['Zqmelding0', 'Zqmelding209']).length).toBeGreaterThan(0);

    await roomAgain(t);
    const next = await runPurge(t.deps, later(101));
    const done = await runOf(t, next!);
    expect(done.status).toBe('done');
    expect(JSON.parse(done.counts).contacts.removed).toBe(0);
    expect(inFiles(t, ['Zqmelding0', 'Zqmelding209'])).toEqual([]);
  });
});
