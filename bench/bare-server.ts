// The yardsticks measured in the same run as Baken: a bare Hono "hello" and a raw endpoint that does one
// SQLite insert per request (the practical ceiling for a webhook that must commit before it answers).
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import SQLite from 'better-sqlite3';

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
serve({ fetch: app.fetch, port: Number(process.env.PORT), hostname: '127.0.0.1' }, () =>
  process.stdout.write('ready\n'),
);
