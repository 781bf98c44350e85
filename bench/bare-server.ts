// The yardsticks measured in the same run as Baken: a bare Hono "hello", a raw endpoint that does one SQLite
// insert per request, and the voice webhook's own statements through the bare driver behind a bare route
// (POST /voice): the practical limit of that work on this machine (docs/performance.md).
//
// POST /voice runs, with better-sqlite3 statements prepared once, the very SQL text Baken's voice webhook runs for
// a new call (bench/voice-statements.ts; test/integration/ops/bench-yardstick.test.ts checks them against the statements Baken runs), in one
// transaction committed per request (the screen pop's lookups run per agent's stream, outside the request, as in
// Baken since issue 22's live fragments). It skips what is Baken's
// and not the database's: the signature, encryption, phone parsing, the audit chain's hash, TwiML. It runs on
// YARDSTICK_DB, a copy of the seeded database (so its indexes are as deep as Baken's), with Baken's PRAGMAs.
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import SQLite from 'better-sqlite3';
import { VOICE_STATEMENTS } from './voice-statements.js';

const db = new SQLite(process.env.RAW_DB!);
db.pragma('journal_mode = WAL');
db.pragma('synchronous = NORMAL');
db.exec('CREATE TABLE IF NOT EXISTS hits (id INTEGER PRIMARY KEY, at TEXT NOT NULL, body TEXT NOT NULL)');
const insert = db.prepare('INSERT INTO hits (at, body) VALUES (?, ?)');
const app = new Hono();
app.get('/', (c) => c.text('Hello Hono!'));
app.post('/insert', async (c) => {
  const body = await c.req.text();
  insert.run(new Date().toISOString(), body);
  return c.text('ok');
});

if (process.env.YARDSTICK_DB) {
  const v = new SQLite(process.env.YARDSTICK_DB);
  v.pragma('journal_mode = WAL');
  v.pragma('secure_delete = ON');
  v.pragma(`synchronous = ${process.env.YARDSTICK_SYNCHRONOUS === 'FULL' ? 'FULL' : 'NORMAL'}`);
  v.pragma('foreign_keys = ON');
  const s = Object.fromEntries(Object.entries(VOICE_STATEMENTS).map(([k, text]) => [k, v.prepare(text)])) as Record<
    keyof typeof VOICE_STATEMENTS,
    SQLite.Statement
  >;
  const mask = (p: string) => `${p.slice(0, 4)}••••••${p.slice(-2)}`;
  const logCall = v.transaction((callSid: string, from: string) => {
    if (s.findCall.get(callSid)) return null;
    const now = new Date().toISOString();
    const day = now.slice(0, 10);
    const { id } = s.insertContact.get(
      'phone',
      'in',
      now,
      null,
      1,
      null,
      null,
      null,
      null,
      `enc:${from}`,
      `hash:${from}`,
      mask(from),
      null,
      null,
      null,
      null,
      'Telefoongesprek',
      null,
      'general',
      'new',
      'normal',
      null,
      now,
      0,
      0,
      0,
      0,
      null,
      null,
      now,
      now,
    ) as { id: number };
    const c = s.statsRow.get(id) as { channel: string; queue: string; in_office_hours: number; topic: string | null };
    s.addCounts.run(
      'channel',
      day,
      c.channel,
      1,
      'queue',
      day,
      c.queue,
      1,
      'in_office_hours',
      day,
      String(c.in_office_hours),
      1,
      'topic',
      day,
      c.topic ?? 'none',
      1,
      'hour',
      day,
      now.slice(11, 13),
      1,
    );
    const reference = `T-${day.slice(0, 4)}-${id}`;
    s.setReference.run(reference, id);
    s.insertEvent.run(id, now, null, 'created', JSON.stringify({ channel: 'phone', queue: 'general', callSid }), null);
    s.insertText.run(id, 'Telefoongesprek', '');
    const last = s.lastAudit.get(1) as { id: number; hash: string } | undefined;
    const auditId = (last?.id ?? 0) + 1;
    s.insertAudit.run(
      auditId,
      now,
      null,
      'contact.create',
      'contact',
      id,
      null,
      '{"channel":"phone"}',
      last?.hash ?? '',
      `h${auditId}`,
    );
    s.insertCall.run(callSid, id, `hash:${from}`, 1, 'ringing', now, now, now);
    return { id, from };
  });
  app.post('/voice', async (c) => {
    const p = new URLSearchParams(await c.req.text());
    const made = logCall(p.get('CallSid') ?? '', p.get('From') ?? '');
    return c.body(`<?xml version="1.0" encoding="UTF-8"?><Response><Say>${made ? 1 : 0}</Say></Response>`, 200, {
      'Content-Type': 'text/xml; charset=utf-8',
    });
  });
}

serve({ fetch: app.fetch, port: Number(process.env.PORT), hostname: '127.0.0.1' }, () =>
  process.stdout.write('ready\n'),
);
