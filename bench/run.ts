// npm run bench: seeds 1,000,000 synthetic contacts, then measures Baken beside a bare Hono server and a raw
// one-insert-per-request endpoint in the same run, and writes bench/RESULTS.md. Loopback only, bounded runs.
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, totalmem, type as osType, release } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import SQLite from 'better-sqlite3';
import { seedContacts } from './seed.js';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..');
const tmp = join(here, 'tmp');
const COUNT = Number(process.env.BENCH_CONTACTS ?? 1_000_000);
const DURATION = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = 32;
mkdirSync(tmp, { recursive: true });

const keyFile = join(tmp, 'data.key');
if (!existsSync(keyFile)) writeFileSync(keyFile, randomBytes(32).toString('base64'));
const dataKey = readFileSync(keyFile, 'utf8').trim();
const dbPath = join(tmp, `contacts-${COUNT}.sqlite`);

function start(cmd: string[], env: Record<string, string>, readyText: string): Promise<ChildProcess> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', ...cmd], { cwd: root, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    const onData = (d: Buffer) => { out += d.toString(); if (out.includes(readyText)) resolve(child); };
    child.stdout!.on('data', onData); child.stderr!.on('data', onData);
    child.on('exit', (code) => reject(new Error(`${cmd.join(' ')} exited ${code}: ${out.slice(-2000)}`)));
    setTimeout(() => reject(new Error(`${cmd.join(' ')} did not start: ${out.slice(-2000)}`)), 60_000).unref();
  });
}

interface Measured { name: string; rps: number; p50: number; p90: number; p975: number; p99: number; errors: number; non2xx: number }

async function load(name: string, opts: autocannon.Options): Promise<Measured> {
  process.stderr.write(`  measuring ${name} …\n`);
  const r = await autocannon({ connections: CONNECTIONS, duration: DURATION, ...opts });
  return { name, rps: Math.round(r.requests.average), p50: r.latency.p50, p90: r.latency.p90, p975: r.latency.p97_5, p99: r.latency.p99, errors: r.errors + r.timeouts, non2xx: r.non2xx };
}

function rssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Math.round(Number(/VmRSS:\s+(\d+)/.exec(status)![1]) / 1024);
}

async function main() {
  console.error(`Baken benchmark: ${COUNT.toLocaleString('en')} contacts, ${DURATION} s per measurement, ${CONNECTIONS} connections`);
  const t0 = Date.now();
  seedContacts(dbPath, COUNT, Buffer.from(dataKey, 'base64'));
  const seedSeconds = (Date.now() - t0) / 1000;

  // A signed-in agent: a user and a session written straight into the database.
  const token = randomBytes(32).toString('base64url');
  const db = new SQLite(dbPath);
  const now = new Date().toISOString();
  db.prepare("INSERT OR IGNORE INTO users (email, name, password_hash, roles, active, created_at, updated_at) VALUES ('bench@baken.test', 'Bench', 'x', 'agent', 1, ?, ?)").run(now, now);
  const userId = (db.prepare("SELECT id FROM users WHERE email = 'bench@baken.test'").get() as { id: number }).id;
  db.prepare('INSERT INTO sessions (id, user_id, created_at, last_seen_at) VALUES (?, ?, ?, ?)').run(createHash('sha256').update(token).digest('base64url'), userId, now, '2099-01-01T00:00:00.000Z');
  db.close();

  const authToken = randomBytes(16).toString('hex');
  const bakenPort = 3901, barePort = 3902;
  const rawDb = join(tmp, 'raw.sqlite');
  for (const f of [rawDb, `${rawDb}-wal`, `${rawDb}-shm`]) rmSync(f, { force: true });
  const baken = await start(['src/main.ts'], {
    NODE_ENV: 'production', PORT: String(bakenPort), DATABASE_URL: dbPath, DATA_DIR: tmp, DATA_KEY: dataKey, PUBLIC_URL: `http://127.0.0.1:${bakenPort}`,
    TWILIO_AUTH_TOKEN: authToken, TWILIO_ACCOUNT_SID: 'AC' + '0'.repeat(32), SESSION_IDLE_MINUTES: '1440',
  }, 'Baken is listening');
  const bare = await start(['bench/bare-server.ts'], { PORT: String(barePort), RAW_DB: rawDb }, 'ready');
  const rssIdle = rssMb(baken.pid!);
  const cookie = `baken_session=${token}`;
  const results: Measured[] = [];
  let rssLoaded = 0;
  try {
    results.push(await load('bare Hono GET / (hello)', { url: `http://127.0.0.1:${barePort}/` }));
    let i = 0;
    results.push(await load('raw POST /insert (one SQLite insert per request)', { url: `http://127.0.0.1:${barePort}/insert`, method: 'POST', body: 'CallSid=CA0&From=%2B31970100000', headers: { 'content-type': 'application/x-www-form-urlencoded' } }));
    const voice = await import('./voice.js').catch(() => null);
    if (voice) {
      const base = `http://127.0.0.1:${bakenPort}`;
      const run = Date.now().toString(36);
      results.push(await load('Baken POST /twilio/voice (signature, contact insert, TwiML)', {
        url: base,
        requests: [{ setupRequest: (req: Record<string, unknown>) => { const r = voice.voiceRequest(base, authToken, `${run}-${i++}`); return { ...req, method: 'POST', path: r.path, body: r.body, headers: r.headers }; } }],
      } as autocannon.Options));
    }
    results.push(await load('Baken GET /contacts (inbox, first page)', { url: `http://127.0.0.1:${bakenPort}/contacts`, headers: { cookie } }));
    results.push(await load('Baken GET /contacts?queue=legal&status=open (filtered)', { url: `http://127.0.0.1:${bakenPort}/contacts?queue=legal&status=open`, headers: { cookie } }));
    results.push(await load('Baken GET /contacts?q=bedenktijd (full-text)', { url: `http://127.0.0.1:${bakenPort}/contacts?q=bedenktijd`, headers: { cookie } }));
    results.push(await load('Baken GET /contacts?q=paspoort+schiphol (full-text, two words)', { url: `http://127.0.0.1:${bakenPort}/contacts?q=paspoort+schiphol`, headers: { cookie } }));
  } finally {
    rssLoaded = rssMb(baken.pid!);
    baken.kill('SIGTERM'); bare.kill('SIGTERM');
  }

  let smtpLine = 'not measured (bench/smtp.ts missing)';
  const smtp = await import('./smtp.js').catch(() => null);
  if (smtp) {
    const r = await smtp.runSmtpBench({ messages: 2000, concurrency: 8 });
    smtpLine = `${Math.round(r.messagesPerSecond)} messages/s (p50 ${r.p50ms.toFixed(1)} ms, p99 ${r.p99ms.toFixed(1)} ms per message, ${r.messages} messages, each committed before its 250)`;
  }

  const byName = (s: string) => results.find((r) => r.name.startsWith(s));
  const raw = byName('raw POST'), voiceR = byName('Baken POST /twilio/voice'), inbox = byName('Baken GET /contacts (inbox'), fts = byName('Baken GET /contacts?q=bedenktijd');
  const verdict = (ok: boolean | undefined) => (ok === undefined ? 'not measured' : ok ? 'met' : 'NOT met');
  const lines = [
    '# Benchmark results', '',
    `Run: ${new Date().toISOString()} · ${osType()} ${release()} · ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'} · ${Math.round(totalmem() / 2 ** 30)} GiB · Node ${process.version}`,
    `Load: autocannon in the benchmark process, ${CONNECTIONS} connections, ${DURATION} s each, all on loopback; server and load generator share the machine's cores.`,
    `Data: ${COUNT.toLocaleString('en')} synthetic contacts with full-text rows (seeded in ${seedSeconds.toFixed(0)} s; 0 when reused from bench/tmp).`, '',
    '| what | req/s | p50 ms | p90 ms | p97.5 ms | p99 ms | errors | non-2xx |', '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...results.map((r) => `| ${r.name} | ${r.rps} | ${r.p50} | ${r.p90} | ${r.p975} | ${r.p99} | ${r.errors} | ${r.non2xx} |`), '',
    '## Against the targets (SPEC §11)', '',
    `- Voice webhook at ≥ 50 % of the raw insert endpoint: ${voiceR && raw ? `${Math.round((voiceR.rps / raw.rps) * 100)} %` : 'n/a'} — ${verdict(voiceR && raw ? voiceR.rps >= raw.rps / 2 : undefined)}; p99 ${voiceR?.p99 ?? 'n/a'} ms at ${CONNECTIONS} connections (target < 25 ms) — ${verdict(voiceR ? voiceR.p99 < 25 : undefined)}`,
    `- Inbox first page p95 < 30 ms: p97.5 = ${inbox?.p975 ?? 'n/a'} ms (autocannon reports p90 and p97.5; p95 lies between) — ${verdict(inbox ? inbox.p975 < 30 : undefined)}`,
    `- Full-text search p95 < 50 ms: p97.5 = ${fts?.p975 ?? 'n/a'} ms — ${verdict(fts ? fts.p975 < 50 : undefined)}`,
    `- Email through the SMTP listener ≥ 200 messages/s: ${smtpLine}`,
    `- Memory < 250 MB resident at ${COUNT.toLocaleString('en')} contacts: ${rssIdle} MB after start, ${rssLoaded} MB after the load — ${verdict(rssLoaded < 250)}`,
    '- Statistics over 200,000 registrations: not measured yet (registrations are not built).', '',
    'Latencies are whole milliseconds (autocannon). Re-run with `npm run bench`; `BENCH_CONTACTS` and `BENCH_SECONDS` change the size.', '',
  ];
  writeFileSync(join(here, 'RESULTS.md'), lines.join('\n'));
  console.error(lines.join('\n'));
}

main().catch((e) => { console.error(e); process.exit(1); });
