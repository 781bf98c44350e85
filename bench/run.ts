// npm run bench: seeds 1,000,000 synthetic contacts, then measures Baken beside a bare Hono server and a raw
// one-insert-per-request endpoint in the same run, and writes bench/RESULTS.md. Loopback only, bounded runs.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, totalmem, type as osType, release } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { openDatabase } from '../src/db/database.js';
import { seedContacts, seedContactsPostgres } from './seed.js';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..');
const tmp = join(here, 'tmp');
const COUNT = Number(process.env.BENCH_CONTACTS ?? 1_000_000);
const DURATION = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = 32;
/** Pages are read by people: 8 agents each reloading continuously is far above a national desk's real load. */
const UI_CONNECTIONS = 8;
mkdirSync(tmp, { recursive: true });

const keyFile = join(tmp, 'data.key');
if (!existsSync(keyFile)) writeFileSync(keyFile, randomBytes(32).toString('base64'));
const dataKey = readFileSync(keyFile, 'utf8').trim();
const dbPath = join(tmp, `contacts-${COUNT}.sqlite`);
/** BENCH_PG_URL=postgres://…: the same measurements of Baken on PostgreSQL too (the database is seeded first). */
const PG_URL = process.env.BENCH_PG_URL?.trim() || null;

function start(cmd: string[], env: Record<string, string>, readyText: string): Promise<ChildProcess> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, cmd, {
      cwd: root,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    const onData = (d: Buffer) => {
      out += d.toString();
      if (out.includes(readyText)) resolve(child);
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.on('exit', (code) => reject(new Error(`${cmd.join(' ')} exited ${code}: ${out.slice(-2000)}`)));
    setTimeout(() => reject(new Error(`${cmd.join(' ')} did not start: ${out.slice(-2000)}`)), 60_000).unref();
  });
}

interface Measured {
  name: string;
  connections: number;
  rps: number;
  p50: number;
  p90: number;
  p95: number;
  p99: number;
  errors: number;
  non2xx: number;
  tool: string;
}

interface Target {
  url: string;
  connections?: number;
  method?: string;
  headers?: Record<string, string>;
  body?: string /** one signed request per call, for webhooks */;
  next?: () => { path: string; body: string; headers: Record<string, string> };
  /** Seconds of unmeasured load first (Baken's targets). */
  warmup?: number;
}

/** The duration of a warm-up run (set while one runs). */
const DURATION_OVERRIDE: { value: number | undefined } = { value: undefined };
const WARMUP = 3;

const HAS_WRK = spawnSync('wrk', ['--version']).error === undefined;

const WRK_DONE = `done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("RESULT %d %f %d %d %d %d %d %d\\n", summary.requests, summary.duration / 1e6, latency:percentile(50), latency:percentile(90), latency:percentile(95), latency:percentile(99), e.connect + e.read + e.write + e.timeout, e.status))
end
`;

/** Measures one target with wrk (C, light on the shared cores) or, where wrk is missing, autocannon. */
async function load(name: string, target: Target): Promise<Measured> {
  const connections = target.connections ?? CONNECTIONS;
  process.stderr.write(`  measuring ${name} …\n`);
  if (HAS_WRK) {
    // Baken is warmed up first (issue 15): right after a start its first second of requests runs on cold code
    // (no JIT yet), which alone made the webhook's p99 of about a second. The warm-up is not measured.
    if (target.warmup) {
      const { warmup, ...rest } = target;
      const saved = DURATION_OVERRIDE.value;
      DURATION_OVERRIDE.value = warmup;
      await load(`${name} (warm-up)`, { ...rest, connections });
      DURATION_OVERRIDE.value = saved;
    }
    let script = WRK_DONE;
    if (target.next) {
      const file = join(tmp, 'requests.txt');
      const lines: string[] = [];
      for (let i = 0; i < (target.warmup === undefined && DURATION_OVERRIDE.value ? 20_000 : 150_000); i++) {
        const r = target.next();
        lines.push(`${r.path}\t${r.headers['x-twilio-signature']}\t${r.body}`);
      }
      writeFileSync(file, `${lines.join('\n')}\n`);
      script += `local reqs = {}
for line in io.lines("${file}") do
  local p, sig, body = line:match("([^\\t]*)\\t([^\\t]*)\\t(.*)")
  reqs[#reqs + 1] = wrk.format("POST", p, { ["Host"] = "${new URL(target.url).host}", ["Content-Type"] = "application/x-www-form-urlencoded", ["X-Twilio-Signature"] = sig }, body)
end
local n = 0
request = function() n = n + 1; return reqs[((n - 1) % #reqs) + 1] end
`;
    } else if (target.method === 'POST') {
      script += `wrk.method = "POST"\nwrk.body = ${JSON.stringify(target.body ?? '')}\nwrk.headers["Content-Type"] = "application/x-www-form-urlencoded"\n`;
    }
    const scriptFile = join(tmp, 'wrk.lua');
    writeFileSync(scriptFile, script);
    const headerArgs = Object.entries(target.headers ?? {}).flatMap(([k, v]) => ['-H', `${k}: ${v}`]);
    const out = spawnSync(
      'wrk',
      [
        '-t1',
        `-c${connections}`,
        `-d${DURATION_OVERRIDE.value ?? DURATION}s`,
        '--timeout',
        '5s',
        '-s',
        scriptFile,
        ...headerArgs,
        target.url,
      ],
      { encoding: 'utf8' },
    );
    const m = /RESULT (\d+) ([\d.]+) (\d+) (\d+) (\d+) (\d+) (\d+) (\d+)/.exec(out.stdout);
    if (!m) throw new Error(`wrk failed: ${out.stdout}${out.stderr}`);
    const ms = (us: string) => Math.round(Number(us) / 100) / 10;
    return {
      name,
      connections,
      tool: 'wrk',
      rps: Math.round(Number(m[1]) / Number(m[2])),
      p50: ms(m[3]!),
      p90: ms(m[4]!),
      p95: ms(m[5]!),
      p99: ms(m[6]!),
      errors: Number(m[7]),
      non2xx: Number(m[8]),
    };
  }
  const opts: autocannon.Options = {
    url: target.url,
    connections,
    duration: DURATION,
    method: (target.method ?? 'GET') as 'GET',
    headers: target.headers,
    body: target.body,
  };
  if (target.next) {
    const next = target.next;
    opts.requests = [
      {
        setupRequest: (req) => {
          const r = next();
          return { ...req, method: 'POST', path: r.path, body: r.body, headers: r.headers };
        },
      },
    ];
  }
  const r = await autocannon(opts);
  return {
    name,
    connections,
    tool: 'autocannon',
    rps: Math.round(r.requests.average),
    p50: r.latency.p50,
    p90: r.latency.p90,
    p95: r.latency.p97_5,
    p99: r.latency.p99,
    errors: r.errors + r.timeouts,
    non2xx: r.non2xx,
  };
}

function rssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Math.round(Number(/VmRSS:\s+(\d+)/.exec(status)![1]) / 1024);
}

/** A signed-in agent's session cookie: a user and a session written straight into the database (either kind). */
async function benchSession(target: string): Promise<string> {
  const token = randomBytes(32).toString('base64url');
  const { db } = openDatabase(target);
  try {
    const now = new Date().toISOString();
    await db
      .insertInto('users')
      .values({
        email: 'bench@baken.test',
        name: 'Bench',
        password_hash: 'x',
        roles: 'agent',
        active: 1,
        created_at: now,
        updated_at: now,
      })
      .onConflict((oc) => oc.column('email').doNothing())
      .execute();
    const user = await db
      .selectFrom('users')
      .select('id')
      .where('email', '=', 'bench@baken.test')
      .executeTakeFirstOrThrow();
    await db
      .insertInto('sessions')
      .values({
        id: createHash('sha256').update(token).digest('base64url'),
        user_id: user.id,
        created_at: now,
        last_seen_at: '2099-01-01T00:00:00.000Z',
      })
      .execute();
  } finally {
    await db.destroy();
  }
  return `baken_session=${token}`;
}

/** Starts the built Baken on `database` (an SQLite path or a postgres:// URL) and measures its webhook and pages. */
async function measureBaken(label: string, database: string, port: number, authToken: string) {
  const cookie = await benchSession(database);
  // Baken runs with the flags of npm start (package.json), e.g. the heap cap that keeps it under 250 MB.
  const startFlags =
    (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).scripts.start as string).match(/--[\w-]+=\S+/g) ?? [];
  const baken = await start(
    [...startFlags, 'dist/main.js'],
    {
      NODE_ENV: 'production',
      PORT: String(port),
      DATABASE_URL: database,
      DATA_DIR: tmp,
      DATA_KEY: dataKey,
      AUDIT_KEY_IN_DATA_DIR: 'allow',
      PUBLIC_URL: `http://127.0.0.1:${port}`,
      TWILIO_AUTH_TOKEN: authToken,
      TWILIO_ACCOUNT_SID: `AC${'0'.repeat(32)}`,
      SESSION_IDLE_MINUTES: '1440',
    },
    'Baken is listening',
  );
  const rssIdle = rssMb(baken.pid!);
  const results: Measured[] = [];
  const base = `http://127.0.0.1:${port}`;
  const on = `[${label}]`;
  let rssLoaded = 0;
  try {
    let i = 0;
    const voice = await import('./voice.js').catch(() => null);
    if (voice) {
      const run = `${label}-${Date.now().toString(36)}`;
      results.push(
        await load(`Baken POST /twilio/voice (signature, contact insert, TwiML) ${on}`, {
          url: `${base}/twilio/voice`,
          next: () => voice.voiceRequest(base, authToken, `${run}-${i++}`),
          warmup: WARMUP,
        }),
      );
    }
    const page = (name: string, path: string, warmup?: number) =>
      load(`${name} ${on}`, {
        url: `${base}${path}`,
        headers: { Cookie: cookie },
        connections: UI_CONNECTIONS,
        warmup,
      });
    results.push(await page('Baken GET /contacts (inbox, first page)', '/contacts', WARMUP));
    results.push(
      await page('Baken GET /contacts?queue=legal&status=open (filtered)', '/contacts?queue=legal&status=open'),
    );
    results.push(await page('Baken GET /contacts?q=bedenktijd (full-text)', '/contacts?q=bedenktijd'));
    results.push(
      await page('Baken GET /contacts?q=paspoort+schiphol (full-text, two words)', '/contacts?q=paspoort+schiphol'),
    );
  } finally {
    rssLoaded = rssMb(baken.pid!);
    baken.kill('SIGTERM');
    await new Promise((r) => baken.once('exit', r));
  }
  return { results, rssIdle, rssLoaded };
}

async function main() {
  console.error(
    `Baken benchmark: ${COUNT.toLocaleString('en')} contacts, ${DURATION} s per measurement, ${CONNECTIONS} connections`,
  );
  const t0 = Date.now();
  await seedContacts(dbPath, COUNT, Buffer.from(dataKey, 'base64'));
  const seedSeconds = (Date.now() - t0) / 1000;
  let pgSeedSeconds = 0;
  if (PG_URL) {
    const t1 = Date.now();
    await seedContactsPostgres(PG_URL, COUNT, Buffer.from(dataKey, 'base64'));
    pgSeedSeconds = (Date.now() - t1) / 1000;
  }

  const authToken = randomBytes(16).toString('hex');
  const barePort = 3902;
  const rawDb = join(tmp, 'raw.sqlite');
  for (const f of [rawDb, `${rawDb}-wal`, `${rawDb}-shm`]) rmSync(f, { force: true });
  // Baken runs as `npm start` runs it: the esbuild bundle in dist/.
  const build = spawnSync('npm', ['run', 'build', '--silent'], { cwd: root, encoding: 'utf8' });
  if (build.status !== 0) throw new Error(`build failed: ${build.stderr}`);

  const results: Measured[] = [];
  const bare = await start(
    ['--import', 'tsx', 'bench/bare-server.ts'],
    { PORT: String(barePort), RAW_DB: rawDb },
    'ready',
  );
  try {
    results.push(await load('bare Hono GET / (hello)', { url: `http://127.0.0.1:${barePort}/` }));
    results.push(
      await load('raw POST /insert (one SQLite insert per request)', {
        url: `http://127.0.0.1:${barePort}/insert`,
        method: 'POST',
        body: 'CallSid=CA0&From=%2B31970100000',
      }),
    );
  } finally {
    bare.kill('SIGTERM');
  }
  const sqliteRun = await measureBaken('SQLite', dbPath, 3901, authToken);
  results.push(...sqliteRun.results);
  const pgRun = PG_URL ? await measureBaken('PostgreSQL', PG_URL, 3903, authToken) : null;
  if (pgRun) results.push(...pgRun.results);
  const { rssIdle, rssLoaded } = sqliteRun;

  let smtpLine = 'not measured (bench/smtp.ts missing)';
  const smtp = await import('./smtp.js').catch(() => null);
  if (smtp) {
    const r = await smtp.runSmtpBench({ messages: 2000, concurrency: 8 });
    smtpLine = `${Math.round(r.messagesPerSecond)} messages/s (p50 ${r.p50ms.toFixed(1)} ms, p99 ${r.p99ms.toFixed(1)} ms per message, ${r.messages} messages, each committed before its 250)`;
  }

  const byName = (s: string, db = 'SQLite') =>
    results.find((r) => r.name.startsWith(s) && (!r.name.startsWith('Baken') || r.name.endsWith(`[${db}]`)));
  const raw = byName('raw POST'),
    voiceR = byName('Baken POST /twilio/voice'),
    inbox = byName('Baken GET /contacts (inbox'),
    fts = byName('Baken GET /contacts?q=bedenktijd');
  const verdict = (ok: boolean | undefined) => (ok === undefined ? 'not measured' : ok ? 'met' : 'NOT met');
  const lines = [
    '# Benchmark results',
    '',
    `Run: ${new Date().toISOString()} · ${osType()} ${release()} · ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'} · ${Math.round(totalmem() / 2 ** 30)} GiB · Node ${process.version}`,
    `Load: ${HAS_WRK ? 'wrk (one thread)' : 'autocannon (wrk not installed)'}, ${CONNECTIONS} connections for webhooks and yardsticks and ${UI_CONNECTIONS} for pages, ${DURATION} s each, all on loopback; server and load generator share the machine's cores.`,
    `Data: ${COUNT.toLocaleString('en')} synthetic contacts with full-text rows (seeded in ${seedSeconds.toFixed(0)} s; 0 when reused from bench/tmp).`,
    PG_URL
      ? `PostgreSQL: the same contacts in a PostgreSQL database (BENCH_PG_URL; seeded in ${pgSeedSeconds.toFixed(0)} s, 0 when reused), the server on the same machine; rows marked [PostgreSQL], Baken's other rows [SQLite].`
      : 'PostgreSQL: not measured (set BENCH_PG_URL=postgres://… to measure Baken on PostgreSQL in the same run).',
    '',
    '| what | connections | req/s | p50 ms | p90 ms | p95 ms | p99 ms | errors | non-2xx |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...results.map(
      (r) =>
        `| ${r.name} | ${r.connections} | ${r.rps} | ${r.p50} | ${r.p90} | ${r.p95} | ${r.p99} | ${r.errors} | ${r.non2xx} |`,
    ),
    '',
    '## Against the targets (SPEC §11)',
    '',
    `- Voice webhook at ≥ 50 % of the raw insert endpoint: ${voiceR && raw ? `${Math.round((voiceR.rps / raw.rps) * 100)} %` : 'n/a'} — ${verdict(voiceR && raw ? voiceR.rps >= raw.rps / 2 : undefined)}; p99 ${voiceR?.p99 ?? 'n/a'} ms at ${CONNECTIONS} connections (target < 25 ms) — ${verdict(voiceR ? voiceR.p99 < 25 : undefined)}`,
    `- Inbox first page p95 < 30 ms: ${inbox?.p95 ?? 'n/a'} ms — ${verdict(inbox ? inbox.p95 < 30 : undefined)}`,
    `- Full-text search p95 < 50 ms: ${fts?.p95 ?? 'n/a'} ms — ${verdict(fts ? fts.p95 < 50 : undefined)}`,
    ...(pgRun
      ? [
          `- On PostgreSQL: voice webhook ${byName('Baken POST /twilio/voice', 'PostgreSQL')?.rps ?? 'n/a'} req/s (p99 ${byName('Baken POST /twilio/voice', 'PostgreSQL')?.p99 ?? 'n/a'} ms); inbox p95 ${byName('Baken GET /contacts (inbox', 'PostgreSQL')?.p95 ?? 'n/a'} ms — ${verdict(byName('Baken GET /contacts (inbox', 'PostgreSQL') ? byName('Baken GET /contacts (inbox', 'PostgreSQL')!.p95 < 30 : undefined)}; full-text p95 ${byName('Baken GET /contacts?q=bedenktijd', 'PostgreSQL')?.p95 ?? 'n/a'} ms — ${verdict(byName('Baken GET /contacts?q=bedenktijd', 'PostgreSQL') ? byName('Baken GET /contacts?q=bedenktijd', 'PostgreSQL')!.p95 < 50 : undefined)}; Baken's memory ${pgRun.rssLoaded} MB after the load`,
        ]
      : []),
    `- Email through the SMTP listener ≥ 200 messages/s: ${smtpLine}`,
    `- Memory < 250 MB resident at ${COUNT.toLocaleString('en')} contacts: ${rssIdle} MB after start, ${rssLoaded} MB after the load — ${verdict(rssLoaded < 250)}`,
    '- Statistics over 200,000 registrations and 1,000,000 contacts: see the section "Statistics page" below (bench/statistics.ts, run next by `npm run bench`).',
    '',
    '## Reading these numbers',
    '',
    '- Baken is measured after 3 s of unmeasured load (wrk). Measured cold, right after its start, the voice webhook had a p99 of 0.7-1.2 s:',
    '  the first second\'s requests run on code V8 has not optimised yet, 32 at a time. That was most of the "long tail" (issue 15).',
    '- What is left at 32 connections is queueing, not a tail: with 32 requests always in flight, each waits for the others ahead of it',
    '  (mean latency = 32 / throughput; at ~1,000 calls/s that is ~30 ms). Inside the server a webhook takes p50 ~1.1 ms, p99 ~7 ms',
    '  (bench/loop-probe.mjs, request parsed → response written). So p99 < 25 ms at 32 connections needs over ~1,300 calls/s, and the',
    "  50 % of the raw insert's rate needs over 5,000/s: 0.2 ms per call for what the raw endpoint does in one insert.",
    "- Where a call's time went (warm, --cpu-prof and the driver's counters, 1,000,000 contacts, wrk on the same cores). Before group",
    "  commit, ~1.5 ms of wall time per call: ~0.35 ms in SQLite's ten statements (the call lookup; the contact with its eight indexes",
    '  and then its reference; its full-text row; two timeline events; the audit entry; the statistics counts; the call row; after',
    '  the commit, the screen-pop lookup of earlier contacts, ~0.04 ms), ~0.37 ms in its own COMMIT (the WAL pages of seven tables and',
    '  their indexes, and the checkpoints) and ~0.8 ms in Node. With group commit, ~0.78 ms per call at ~1,290 calls/s: SQLite',
    "  statements 21 %, COMMITs 10 %, Node's HTTP parser and @hono/node-server's Request/Response ~17 %, Hono's middleware (request",
    '  id, security headers, body limit) a few %, Kysely compiling queries ~3 % (building them a few % more), garbage collection 6 %,',
    "  TwiML 3 % (after hours: the voicemail prompt names the next opening), field encryption 2 %, the signature's HMAC 2 %, parsing",
    '  the phone number 2 %, idle 11 % (wrk shares the cores). The SQLite connection was never contended: better-sqlite3 is',
    "  synchronous, so a transaction runs start to end within one turn of the event loop (the driver's lock counted 0 waits over 6,600",
    '  calls before group commit, 2 acquisitions per call); the order in which requests reach the connection was not the cause.',
    '- Group commit (src/db/sqlite-driver.ts): the transactions of one turn of the event loop share one COMMIT (each in its savepoint, each',
    "  answered only after that COMMIT). Under this load ~30 calls share one, the COMMIT's cost per call falls from ~0.37 to ~0.09 ms and",
    '  the rate rose from ~650 to ~1,000-1,250 calls/s in the same conditions. The statements themselves stay: ten writes into seven',
    '  tables and a full-text index at a million contacts cannot match one insert into a one-table database.',
    "- WAL checkpoints cost ~10 % of the webhook's rate (with them turned off: ~1,430 instead of ~1,280 calls/s, p90 29 instead of 40 ms).",
    '  A thread of its own that checkpointed every 0.5 s gained nothing measurable on two cores (its copying and fsync compete with the',
    '  load generator for the same cores; p99 got worse), so SQLite still checkpoints on the connection, as before.',
    "- Before issue 15 (run of 2026-11-23, cold, Kysely's own driver, no group commit): voice webhook 384 calls/s, p99 1,549 ms; inbox",
    '  p95 41.3 ms; full-text search p95 51.7 ms. The page code itself is unchanged: they gained from the warm-up, from the queue counts',
    "  (no ~550 ms recount after the webhooks' new contacts) and from a quieter machine (compare the yardsticks of both runs).",
    '- Pages cost ~1.3-1.7 ms inside the server (the inbox: ~25 % rendering 50 rows with hono/jsx, ~17 % garbage collection, ~16 %',
    '  SQLite, ~10 % middleware and session lookup); with 8 agents reloading back to back and wrk on the same two cores they queue.',
    '- A flood (calls, mail and agents at once) is measured by bench/flood.ts: see [RESULTS-flood.md](RESULTS-flood.md).',
    '- Runs on this shared machine vary by ±30 % from one run to the next (compare the bare Hono line between runs).',
    '',
    'With autocannon (no wrk) latencies are whole milliseconds and the p95 column shows p97.5. Re-run with `npm run bench`; `BENCH_CONTACTS` and `BENCH_SECONDS` change the size.',
    '',
  ];
  writeFileSync(join(here, 'RESULTS.md'), lines.join('\n'));
  console.error(lines.join('\n'));
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
