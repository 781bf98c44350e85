// npm run bench: seeds 1,000,000 synthetic contacts, then measures Baken beside its yardsticks in the same run — a
// bare Hono server, a raw one-insert-per-request endpoint and the voice webhook's own statements through the bare
// driver (bench/bare-server.ts) —, profiles the webhook (bench/voice-profile.ts), measures the growth from 100,000
// contacts, and writes bench/RESULTS.md with reading notes computed from this run's figures. Loopback only.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem, type as osType, release } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { openDatabase } from '../src/db/database.js';
import { seedContacts, seedContactsPostgres } from './seed.js';
import { PENDING, RESULTS, resultsFile } from './results-file.js';
import { profileVoice, type VoiceProfile } from './voice-profile.js';
import pg from 'pg';

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
    // A first start on a freshly seeded database may do one-time work (on a loaded machine, minutes): a child
    // that does not start in time is ended, never left running behind the bench.
    setTimeout(() => {
      if (out.includes(readyText)) return;
      child.kill('SIGKILL');
      reject(new Error(`${cmd.join(' ')} did not start in 5 minutes: ${out.slice(-2000)}`));
    }, 300_000).unref();
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
  /** The machine's 1-minute load average before and after the measurement. */
  loadBefore?: number;
  loadAfter?: number;
}

/**
 * A measurement is marked as taken on a loaded machine when the 1-minute load average before it is above the
 * cores plus a half: the bench's own server and load generator keep two cores busy, anything more is other work.
 */
const LOADED_AT = cpus().length + 0.5;
const isLoaded = (m: Measured) => (m.loadBefore ?? 0) > LOADED_AT;
/** A measurement that got answers in its window (on an overloaded machine a short window may get none). */
const answered = (m: Measured | undefined): m is Measured => !!m && m.rps > 0 && m.p50 > 0;

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

/** Measures one target, with the machine's load average before and after it. */
async function load(name: string, target: Target): Promise<Measured> {
  const loadBefore = loadavg()[0]!;
  const m = await measureOnce(name, target);
  return { ...m, loadBefore, loadAfter: loadavg()[0]! };
}

/** Measures one target with wrk (C, light on the shared cores) or, where wrk is missing, autocannon. */
async function measureOnce(name: string, target: Target): Promise<Measured> {
  const connections = target.connections ?? CONNECTIONS;
  process.stderr.write(`  measuring ${name} …\n`);
  // Baken is warmed up first (issue 15): right after a start its first second of requests runs on cold code
  // (no JIT yet), which alone made the webhook's p99 of about a second. The warm-up is not measured.
  if (target.warmup) {
    const { warmup, ...rest } = target;
    const saved = DURATION_OVERRIDE.value;
    DURATION_OVERRIDE.value = warmup;
    await measureOnce(`${name} (warm-up)`, { ...rest, connections });
    DURATION_OVERRIDE.value = saved;
  }
  if (HAS_WRK) {
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
    duration: DURATION_OVERRIDE.value ?? DURATION,
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

/** PostgreSQL's durability settings (issue 28: the figures count only with fsync and synchronous_commit on). */
async function pgSettings(url: string) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const names = [
      'server_version',
      'fsync',
      'synchronous_commit',
      'full_page_writes',
      'wal_sync_method',
      'shared_buffers',
    ];
    const r = await client.query<{ name: string; setting: string; unit: string | null }>(
      'SELECT name, setting, unit FROM pg_settings WHERE name = ANY($1)',
      [names],
    );
    const v = Object.fromEntries(
      r.rows.map((x) => [x.name, x.unit === '8kB' ? `${Math.round((Number(x.setting) * 8) / 1024)} MB` : x.setting]),
    );
    const durable =
      v.fsync === 'on' &&
      ['on', 'remote_write', 'remote_apply', 'local'].includes(v.synchronous_commit ?? '') &&
      v.full_page_writes === 'on';
    return {
      text: names
        .filter((n) => v[n] !== undefined)
        .map((n) => `${n} ${v[n]}`)
        .join(', '),
      durable,
    };
  } finally {
    await client.end();
  }
}

const r1 = (n: number) => Math.round(n * 10) / 10;
const pct = (a: number, b: number) => `${Math.round((a / b) * 100)} %`;

async function main() {
  const load0 = loadavg();
  console.error(
    `Baken benchmark: ${COUNT.toLocaleString('en')} contacts, ${DURATION} s per measurement, ${CONNECTIONS} connections (load average ${load0.map((l) => l.toFixed(2)).join(' / ')})`,
  );
  // A run of the whole bench (npm run bench) starts a new results file: bench/RESULTS.md is replaced only once
  // every step has written its part (bench/publish.ts), so an interrupted run leaves the previous one in place.
  if (process.env.BENCH_RUN === 'all') rmSync(PENDING, { force: true });
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
  const yardDb = join(tmp, 'yardstick.sqlite');
  for (const f of [rawDb, yardDb]) for (const x of [f, `${f}-wal`, `${f}-shm`]) rmSync(x, { force: true });
  // The yardstick runs the webhook's statements on a copy of the seeded database: indexes as deep as Baken's.
  copyFileSync(dbPath, yardDb);
  // Baken runs as `npm start` runs it: the esbuild bundle in dist/.
  const build = spawnSync('npm', ['run', 'build', '--silent'], { cwd: root, encoding: 'utf8' });
  if (build.status !== 0) throw new Error(`build failed: ${build.stderr}`);

  const results: Measured[] = [];
  const bare = await start(
    ['--import', 'tsx', 'bench/bare-server.ts'],
    { PORT: String(barePort), RAW_DB: rawDb, YARDSTICK_DB: yardDb },
    'ready',
  );
  const voice = await import('./voice.js');
  try {
    results.push(await load('bare Hono GET / (hello)', { url: `http://127.0.0.1:${barePort}/` }));
    results.push(
      await load('raw POST /insert (one SQLite insert per request)', {
        url: `http://127.0.0.1:${barePort}/insert`,
        method: 'POST',
        body: 'CallSid=CA0&From=%2B31970100000',
      }),
    );
    let j = 0;
    const run = `yard-${Date.now().toString(36)}`;
    results.push(
      await load("yardstick POST /voice (the webhook's statements, bare driver, one transaction)", {
        url: `http://127.0.0.1:${barePort}/voice`,
        next: () => ({
          ...voice.voiceRequest(`http://127.0.0.1:${barePort}`, authToken, `${run}-${j++}`),
          path: '/voice',
        }),
        warmup: WARMUP,
      }),
    );
  } finally {
    bare.kill('SIGTERM');
    await new Promise((r) => bare.once('exit', r));
  }
  const sqliteRun = await measureBaken('SQLite', dbPath, 3901, authToken);
  results.push(...sqliteRun.results);
  const pg = PG_URL ? await pgSettings(PG_URL) : null;
  const pgRun = PG_URL ? await measureBaken('PostgreSQL', PG_URL, 3903, authToken) : null;
  if (pgRun) results.push(...pgRun.results);
  const { rssIdle, rssLoaded } = sqliteRun;

  // The profile of the webhook, in a run of its own (the profiler slows the process it watches).
  let profile: VoiceProfile | null = null;
  try {
    profile = await profileVoice({ database: yardDb, dataKey, port: 3904, seconds: Math.min(DURATION, 10) });
  } catch (e) {
    console.error('the profile of the voice webhook failed:', e);
  }
  for (const x of [yardDb, `${yardDb}-wal`, `${yardDb}-shm`]) rmSync(x, { force: true });

  // Growth: the same measurements of Baken at the smaller sizes (BENCH_GROWTH, default 100,000) beside this run's.
  const growthSizes = (process.env.BENCH_GROWTH ?? '100000')
    .split(',')
    .map(Number)
    .filter((n) => Number.isInteger(n) && n > 0 && n < COUNT);
  const growth: Array<{ count: number; results: Measured[]; rssLoaded: number }> = [];
  for (const n of growthSizes) {
    const path = join(tmp, `contacts-${n}.sqlite`);
    await seedContacts(path, n, Buffer.from(dataKey, 'base64'));
    const g = await measureBaken('SQLite', path, 3905, authToken);
    growth.push({ count: n, results: g.results, rssLoaded: g.rssLoaded });
  }
  growth.push({ count: COUNT, results: sqliteRun.results, rssLoaded });

  let smtpLine = 'not measured (bench/smtp.ts missing)';
  const smtp = await import('./smtp.js').catch(() => null);
  if (smtp) {
    const r = await smtp.runSmtpBench({ messages: 2000, concurrency: 8 });
    smtpLine = `${Math.round(r.messagesPerSecond)} messages/s (p50 ${r.p50ms.toFixed(1)} ms, p99 ${r.p99ms.toFixed(1)} ms per message, ${r.messages} messages, each committed before its 250)`;
  }
  const load1 = loadavg();

  // Only measurements that got answers count for a target or a ratio; one that got none reads "not measured".
  const pick = (list: Measured[], prefix: string, db = 'SQLite') => {
    const m = list.find(
      (r) => r.name.startsWith(prefix) && (!r.name.startsWith('Baken') || r.name.endsWith(`[${db}]`)),
    );
    return answered(m) ? m : undefined;
  };
  const byName = (prefix: string, db = 'SQLite') => pick(results, prefix, db);
  const hello = byName('bare Hono'),
    raw = byName('raw POST'),
    yard = byName('yardstick POST'),
    voiceR = byName('Baken POST /twilio/voice'),
    inbox = byName('Baken GET /contacts (inbox'),
    fts = byName('Baken GET /contacts?q=bedenktijd');
  const pgVoice = byName('Baken POST /twilio/voice', 'PostgreSQL'),
    pgInbox = byName('Baken GET /contacts (inbox', 'PostgreSQL'),
    pgFts = byName('Baken GET /contacts?q=bedenktijd', 'PostgreSQL');
  const verdict = (ok: boolean | undefined) => (ok === undefined ? 'not measured' : ok ? 'met' : 'NOT met');
  const loadedRows = results.filter(isLoaded);
  const tail = (m: Measured | undefined) => (answered(m) ? r1(m.p99 / m.p50) : undefined);

  const lines = [
    '# Benchmark results',
    '',
    `Run: ${new Date().toISOString()} · ${osType()} ${release()} · ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'} · ${Math.round(totalmem() / 2 ** 30)} GiB · Node ${process.version}`,
    `Machine load (1 / 5 / 15 min): ${load0.map((l) => l.toFixed(2)).join(' / ')} at the start, ${load1.map((l) => l.toFixed(2)).join(' / ')} at the end. ${
      loadedRows.length
        ? `**Loaded run**: ${loadedRows.length} of ${results.length} measurements started with a 1-minute load above ${LOADED_AT} (marked ⚠ below): other work shared the cores, so their figures understate this machine. Re-run on a quiet machine for figures to hold Baken to.`
        : `Every measurement started with a 1-minute load at or under ${LOADED_AT} (the bench's own server and load generator use two cores).`
    }`,
    `Load: ${HAS_WRK ? 'wrk (one thread)' : 'autocannon (wrk not installed)'}, ${CONNECTIONS} connections for webhooks and yardsticks and ${UI_CONNECTIONS} for pages, ${DURATION} s each after ${WARMUP} s of unmeasured warm-up for Baken and the webhook yardstick, all on loopback; server and load generator share the machine's cores.`,
    `Data: ${COUNT.toLocaleString('en')} synthetic contacts with full-text rows (seeded in ${seedSeconds.toFixed(0)} s; 0 when reused from bench/tmp).`,
    PG_URL
      ? `PostgreSQL: the same contacts in a PostgreSQL database (BENCH_PG_URL; seeded in ${pgSeedSeconds.toFixed(0)} s, 0 when reused), the server on the same machine; rows marked [PostgreSQL], Baken's other rows [SQLite]. Settings: ${pg!.text} — ${pg!.durable ? 'durable (every commit synced)' : '**NOT durable: these PostgreSQL figures do not count for the targets** (docs/performance.md asks for fsync and synchronous_commit on)'}.`
      : 'PostgreSQL: not measured (set BENCH_PG_URL=postgres://… to measure Baken on PostgreSQL in the same run).',
    '',
    '| what | connections | req/s | p50 ms | p90 ms | p95 ms | p99 ms | p99/p50 | errors | non-2xx | load before → after |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |',
    ...results.map(
      (r) =>
        `| ${r.name}${answered(r) ? '' : ' (no answer within the window)'} | ${r.connections} | ${r.rps} | ${r.p50} | ${r.p90} | ${r.p95} | ${r.p99} | ${tail(r) ?? 'n/a'} | ${r.errors} | ${r.non2xx} | ${r.loadBefore?.toFixed(2)} → ${r.loadAfter?.toFixed(2)}${isLoaded(r) ? ' ⚠' : ''} |`,
    ),
    '',
    '## Against the targets (docs/performance.md)',
    '',
    `- Voice webhook at ≥ 50 % of the yardstick (its own statements through the bare driver): ${voiceR && yard ? `${voiceR.rps} against ${yard.rps} req/s, ${pct(voiceR.rps, yard.rps)}` : 'n/a'} — ${verdict(voiceR && yard ? voiceR.rps >= yard.rps / 2 : undefined)}`,
    `- Voice webhook p99 ≤ 4 × p50 at ${CONNECTIONS} connections: p50 ${voiceR?.p50 ?? 'n/a'} ms, p99 ${voiceR?.p99 ?? 'n/a'} ms (${tail(voiceR) ?? 'n/a'} ×) — ${verdict(voiceR ? voiceR.p99 <= 4 * voiceR.p50 : undefined)}`,
    `- For reference: the webhook at ${voiceR && raw ? pct(voiceR.rps, raw.rps) : 'n/a'} of the raw one-row insert and ${voiceR && hello ? pct(voiceR.rps, hello.rps) : 'n/a'} of the bare hello; the yardstick itself at ${yard && raw ? pct(yard.rps, raw.rps) : 'n/a'} of the raw insert.`,
    `- Inbox first page p95 < 30 ms: ${inbox?.p95 ?? 'n/a'} ms — ${verdict(inbox ? inbox.p95 < 30 : undefined)}`,
    `- Full-text search p95 < 50 ms: ${fts?.p95 ?? 'n/a'} ms — ${verdict(fts ? fts.p95 < 50 : undefined)}`,
    ...(pgRun
      ? [
          `- On PostgreSQL${pg!.durable ? '' : ' (NOT durable settings: not counted)'}: voice webhook ${pgVoice?.rps ?? 'n/a'} req/s, ${pgVoice && voiceR ? pct(pgVoice.rps, voiceR.rps) : 'n/a'} of SQLite's (target ≥ 50 %) — ${verdict(pgVoice && voiceR ? pgVoice.rps >= voiceR.rps / 2 : undefined)}; inbox p95 ${pgInbox?.p95 ?? 'n/a'} ms — ${verdict(pgInbox ? pgInbox.p95 < 30 : undefined)}; full-text p95 ${pgFts?.p95 ?? 'n/a'} ms — ${verdict(pgFts ? pgFts.p95 < 50 : undefined)}; Baken's memory ${pgRun.rssLoaded} MB after the load`,
        ]
      : []),
    `- Email through the SMTP listener ≥ 200 messages/s: ${smtpLine}`,
    `- Memory < 250 MB resident at ${COUNT.toLocaleString('en')} contacts: ${rssIdle} MB after start, ${rssLoaded} MB after the load — ${verdict(rssLoaded < 250)}`,
    '- No stalls during the flood (no event-loop pause over 50 ms, no COMMIT over 20 ms): see [RESULTS-flood.md](RESULTS-flood.md) (bench/flood.ts, run last by `npm run bench`).',
    '- Statistics over 200,000 registrations and 1,000,000 contacts: see the section "Statistics page" below (bench/statistics.ts, run next by `npm run bench`).',
    '',
    ...growthTable(growth, pick),
    ...readingNotes({ hello, raw, yard, voiceR, inbox, pgVoice, profile, loadedRows: loadedRows.length }),
    'With autocannon (no wrk) latencies are whole milliseconds and the p95 column shows p97.5. Re-run with `npm run bench`; `BENCH_CONTACTS`, `BENCH_SECONDS` and `BENCH_GROWTH` (the smaller sizes, comma-separated) change the sizes.',
    '',
  ];
  writeFileSync(resultsFile(), lines.join('\n'));
  console.error(lines.join('\n'));
  console.error(
    resultsFile() === RESULTS
      ? 'written to bench/RESULTS.md'
      : `written to ${PENDING} (bench/publish.ts puts it in place)`,
  );
}

/** Baken at each size: the webhook and the pages, so a page that slows with the data shows. */
function growthTable(
  growth: Array<{ count: number; results: Measured[]; rssLoaded: number }>,
  pick: (list: Measured[], prefix: string) => Measured | undefined,
): string[] {
  if (growth.length < 2) return [];
  const cols: Array<[string, string, (m: Measured) => string]> = [
    ['voice webhook req/s', 'Baken POST /twilio/voice', (m) => String(m.rps)],
    ['voice p99 ms', 'Baken POST /twilio/voice', (m) => String(m.p99)],
    ['inbox p95 ms', 'Baken GET /contacts (inbox', (m) => String(m.p95)],
    ['filtered p95 ms', 'Baken GET /contacts?queue=legal', (m) => String(m.p95)],
    ['full-text p95 ms', 'Baken GET /contacts?q=bedenktijd', (m) => String(m.p95)],
    ['two words p95 ms', 'Baken GET /contacts?q=paspoort', (m) => String(m.p95)],
  ];
  const first = growth[0]!;
  const last = growth.at(-1)!;
  const ratio = (prefix: string, f: (m: Measured) => number) => {
    const a = pick(first.results, prefix);
    const b = pick(last.results, prefix);
    return a && b && f(a) > 0 ? r1(f(b) / f(a)) : undefined;
  };
  return [
    '## Growth (SQLite)',
    '',
    `| contacts | ${cols.map((c) => c[0]).join(' | ')} | memory after the load MB |`,
    `| ---: | ${cols.map(() => '---:').join(' | ')} | ---: |`,
    ...growth.map((g) => {
      const cells = cols.map(([, prefix, f]) => {
        const m = pick(g.results, prefix);
        return m ? `${f(m)}${isLoaded(m) ? ' ⚠' : ''}` : 'n/a';
      });
      return `| ${g.count.toLocaleString('en')} | ${cells.join(' | ')} | ${g.rssLoaded} |`;
    }),
    '',
    `From ${first.count.toLocaleString('en')} to ${last.count.toLocaleString('en')} contacts (×${r1(last.count / first.count)}): the webhook's rate ×${ratio('Baken POST /twilio/voice', (m) => m.rps) ?? 'n/a'}, the inbox's p95 ×${ratio('Baken GET /contacts (inbox', (m) => m.p95) ?? 'n/a'}, the full-text search's p95 ×${ratio('Baken GET /contacts?q=bedenktijd', (m) => m.p95) ?? 'n/a'}, memory ×${first.rssLoaded ? r1(last.rssLoaded / first.rssLoaded) : 'n/a'}. Sizes measured one after the other: compare them with the load marks (⚠) in mind.`,
    '',
  ];
}

/** The notes under the tables, every figure taken from this run (issue 28: no fixed text). */
function readingNotes(r: {
  hello?: Measured;
  raw?: Measured;
  yard?: Measured;
  voiceR?: Measured;
  inbox?: Measured;
  pgVoice?: Measured;
  profile: VoiceProfile | null;
  loadedRows: number;
}): string[] {
  const notes: string[] = ['## Reading these numbers', ''];
  const { voiceR, yard, raw, hello, profile } = r;
  if (voiceR) {
    const little = r1((CONNECTIONS / voiceR.rps) * 1000);
    notes.push(
      `- Queueing: with ${CONNECTIONS} requests always in flight, each waits for those ahead of it; at ${voiceR.rps} calls/s the mean latency that alone explains is ${CONNECTIONS} / ${voiceR.rps} = ${little} ms (Little's law), against a measured p50 of ${voiceR.p50} ms. The p99 is ${r1(voiceR.p99 / Math.max(voiceR.p50, 0.1))} × the p50: ${voiceR.p99 <= 4 * voiceR.p50 ? 'within the 4 × that queueing alone gives' : 'beyond what queueing gives: pauses (a long COMMIT, garbage collection, other work on the cores) held requests back'}.`,
    );
  }
  if (voiceR && yard && raw)
    notes.push(
      `- The yardstick runs the webhook's own SQL (bench/voice-statements.ts: the call lookup, the contact with its eight indexes, the summary counts, its reference, the timeline event, the full-text row, the audit chain's head and entry, the call row; after the commit the screen pop's lookup) through better-sqlite3 behind a bare Hono route, one transaction per request, with SQLite's synchronous = NORMAL: ${yard.rps} req/s, ${pct(yard.rps, raw.rps)} of the raw one-row insert (${raw.rps} req/s) — what ten statements cost against one. Baken does that work and the rest (the signature's HMAC, field encryption, phone parsing, middleware, TwiML, a durable COMMIT with synchronous = FULL shared by the calls of one turn) at ${voiceR.rps} req/s, ${pct(voiceR.rps, yard.rps)} of it.`,
    );
  if (profile) {
    const top = profile.shares.filter((s) => s.part !== 'idle').slice(0, 9);
    const idle = profile.shares.find((s) => s.part === 'idle');
    const p = profile.probe;
    notes.push(
      `- Where a webhook's time went (node --cpu-prof, ${profile.calls} calls in ${profile.seconds} s at ${CONNECTIONS} connections after a warm-up, bench/voice-profile.ts): ${top.map((s) => `${s.part} ${s.percent} %`).join(', ')}${idle ? `; idle ${idle.percent} %` : ''}. That is ${profile.busyMsPerCall} ms of the main thread per call (profiled wall time, idle left out: on a loaded machine it counts time the thread waited for a core) and ${profile.cpuMsPerCall} ms of CPU time of the whole process per call.`,
    );
    const tw = p.served['/twilio'];
    if (tw)
      notes.push(
        `- Inside the server (the loop probe: request parsed → response handed to the socket) a webhook took p50 ${tw.p50} ms, p99 ${tw.p99} ms, max ${tw.max} ms; the event loop's longest pause was ${p.loop.max} ms (p99 ${p.loop.p99} ms)${p.sqlite ? `; SQLite ran ${p.sqlite.transactions} transactions in ${p.sqlite.commits} COMMITs (largest group ${p.sqlite.maxBatch}, ${r1(p.sqlite.transactions / Math.max(1, p.sqlite.commits))} a COMMIT on average), ${r1(p.sqlite.statementMs / Math.max(1, p.sqlite.transactions))} ms of statements and ${r1(p.sqlite.commitMs / Math.max(1, p.sqlite.transactions))} ms of COMMIT per call, the longest COMMIT ${p.sqlite.maxCommitMs === undefined ? 'n/a' : `${r1(p.sqlite.maxCommitMs)} ms`}` : ''}.`,
      );
    notes.push(`- The heaviest functions of that profile (self time): ${profile.heaviest.slice(0, 12).join('; ')}.`);
  } else notes.push('- The profile of the webhook was not taken in this run (see the console).');
  if (hello && voiceR)
    notes.push(
      `- The bare hello (${hello.rps} req/s) measures Node's HTTP stack alone on this machine today: compare runs by their yardsticks, not their absolute figures.`,
    );
  if (r.pgVoice && voiceR)
    notes.push(
      `- PostgreSQL runs the webhook at ${pct(r.pgVoice.rps, voiceR.rps)} of SQLite's rate: each of its statements is a round trip to the server over loopback, where SQLite's is a function call.`,
    );
  if (r.loadedRows)
    notes.push(
      `- ${r.loadedRows} measurements ran on a loaded machine (⚠): the other work took cores from the server and the load generator alike.`,
    );
  notes.push(
    '- A flood (calls, mail and agents at once) is measured by bench/flood.ts: see [RESULTS-flood.md](RESULTS-flood.md).',
    '',
  );
  return notes;
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
