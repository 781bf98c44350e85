// What synchronous=FULL costs (issue 21, "durable means durable"): the voice webhook of the built Baken on the same
// seeded SQLite database with synchronous=NORMAL (a commit is synced at checkpoints only: a power loss may take
// the last ones back) and FULL (every commit syncs the WAL before its 200), each with and without the group commit
// (src/db/sqlite-driver.ts), in the same run. Writes the section "Durability" of bench/RESULTS.md with the
// machine's load average, since the figures move with whatever else runs on it. `npm run bench` runs it after
// bench/run.ts; alone: `npx tsx bench/durability.ts` (BENCH_DURABILITY_CONTACTS, BENCH_SECONDS make it smaller).
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import SQLite from 'better-sqlite3';
import { resultsFile } from './results-file.js';
import { seedContacts } from './seed.js';
import { voiceRequest } from './voice.js';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..');
const tmp = join(here, 'tmp');
const COUNT = Number(process.env.BENCH_DURABILITY_CONTACTS ?? 100_000);
const DURATION = Number(process.env.BENCH_SECONDS ?? 10);
const WARMUP = 3;
const PORT = 3905;
mkdirSync(tmp, { recursive: true });
const keyFile = join(tmp, 'data.key');
if (!existsSync(keyFile)) writeFileSync(keyFile, randomBytes(32).toString('base64'));
const dataKey = readFileSync(keyFile, 'utf8').trim();
const seeded = join(tmp, `contacts-${COUNT}.sqlite`);
const dbPath = join(tmp, 'durability.sqlite');
const token = randomBytes(16).toString('hex');
const base = `http://127.0.0.1:${PORT}`;

interface Config {
  name: string;
  synchronous: 'NORMAL' | 'FULL';
  groupCommit: boolean;
}
const CONFIGS: Config[] = [
  { name: 'NORMAL, group commit', synchronous: 'NORMAL', groupCommit: true },
  { name: 'FULL, group commit (Baken)', synchronous: 'FULL', groupCommit: true },
  { name: 'NORMAL, one commit per call', synchronous: 'NORMAL', groupCommit: false },
  { name: 'FULL, one commit per call', synchronous: 'FULL', groupCommit: false },
];

interface Measured {
  rps: number;
  p50: number;
  p99: number;
  errors: number;
  load: string;
}

const load1 = () =>
  loadavg()
    .map((l) => l.toFixed(1))
    .join(' / ');

function startBaken(c: Config): Promise<ChildProcess> {
  const flags =
    (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).scripts.start as string).match(/--[\w-]+=\S+/g) ?? [];
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...flags, 'dist/main.js'], {
      cwd: root,
      env: {
        ...process.env,
        NODE_ENV: 'production',
        PORT: String(PORT),
        DATABASE_URL: dbPath,
        DATA_DIR: tmp,
        DATA_KEY: dataKey,
        // A production start needs an audit key apart from the data key; the bench's own, in its data folder.
        AUDIT_KEY_IN_DATA_DIR: 'allow',
        PUBLIC_URL: base,
        TWILIO_AUTH_TOKEN: token,
        TWILIO_ACCOUNT_SID: `AC${'0'.repeat(32)}`,
        BENCH_SQLITE_SYNCHRONOUS: c.synchronous,
        BAKEN_GROUP_COMMIT: c.groupCommit ? '1' : '0',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    const onData = (d: Buffer) => {
      out += d.toString();
      if (out.includes('Baken is listening')) resolve(child);
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.on('exit', (code) => reject(new Error(`Baken exited ${code}: ${out.slice(-2000)}`)));
    setTimeout(() => reject(new Error(`Baken did not start: ${out.slice(-2000)}`)), 60_000).unref();
  });
}

/** The voice webhook at `connections` for `seconds`, one new call per request (autocannon). */
async function measure(run: string, connections: number, seconds: number): Promise<Measured> {
  let i = 0;
  const r = await autocannon({
    url: `${base}/twilio/voice`,
    connections,
    duration: seconds,
    requests: [
      {
        setupRequest: (req) => {
          const v = voiceRequest(base, token, `${run}-${i++}`);
          return { ...req, method: 'POST', path: v.path, body: v.body, headers: v.headers };
        },
      },
    ],
  });
  return {
    rps: Math.round(r.requests.average),
    p50: r.latency.p50,
    p99: r.latency.p99,
    errors: r.errors + r.timeouts + r.non2xx,
    load: load1(),
  };
}

/**
 * The sync itself, without HTTP and without the CPU the load generator takes: `n` small transactions (one
 * insert each) committed one by one, or `group` at a time in one COMMIT (as the group commit does), on a file in
 * bench/tmp (the same disk as Baken's database). Milliseconds per transaction: mean, p50, p99.
 */
function commitCost(synchronous: 'NORMAL' | 'FULL', group: number, n = 600) {
  const file = join(tmp, 'commit-cost.sqlite');
  for (const f of [file, `${file}-wal`, `${file}-shm`]) rmSync(f, { force: true });
  const db = new SQLite(file);
  db.pragma('journal_mode = WAL');
  db.pragma(`synchronous = ${synchronous}`);
  db.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT NOT NULL)');
  const insert = db.prepare('INSERT INTO t (v) VALUES (?)');
  const per: number[] = [];
  for (let done = 0; done < n; done += group) {
    const t0 = performance.now();
    db.exec('BEGIN');
    for (let k = 0; k < group; k++) insert.run(randomBytes(200).toString('hex'));
    db.exec('COMMIT');
    const each = (performance.now() - t0) / group;
    for (let k = 0; k < group; k++) per.push(each);
  }
  db.close();
  for (const f of [file, `${file}-wal`, `${file}-shm`]) rmSync(f, { force: true });
  per.sort((a, b) => a - b);
  const at = (q: number) => per[Math.min(per.length - 1, Math.floor(q * per.length))]!;
  const r = (x: number) => (x < 1 ? Math.round(x * 1000) / 1000 : Math.round(x * 100) / 100);
  return { mean: r(per.reduce((a, b) => a + b, 0) / per.length), p50: r(at(0.5)), p99: r(at(0.99)) };
}

async function main() {
  process.stderr.write(`durability benchmark: ${COUNT.toLocaleString('en')} contacts, ${DURATION} s per measurement\n`);
  await seedContacts(seeded, COUNT, Buffer.from(dataKey, 'base64'));
  const build = spawnSync('npm', ['run', 'build', '--silent'], { cwd: root, encoding: 'utf8' });
  if (build.status !== 0) throw new Error(`build failed: ${build.stderr}`);
  const loadBefore = load1();
  const commits = (['NORMAL', 'FULL'] as const).flatMap((sync) =>
    [1, 32].map((group) => ({ sync, group, ...commitCost(sync, group) })),
  );
  const loadAfterCommits = load1();
  // Two rounds, the second in the reverse order, so a change in the machine's load weighs on every setting alike.
  const ROUNDS = Number(process.env.BENCH_DURABILITY_ROUNDS ?? 2);
  const measured = new Map<Config, { many: Measured[]; one: Measured[] }>(
    CONFIGS.map((c) => [c, { many: [], one: [] }]),
  );
  for (let round = 0; round < ROUNDS; round++) {
    for (const c of round % 2 ? [...CONFIGS].reverse() : CONFIGS) {
      for (const f of [dbPath, `${dbPath}-wal`, `${dbPath}-shm`]) rmSync(f, { force: true });
      copyFileSync(seeded, dbPath);
      process.stderr.write(`  round ${round + 1}: ${c.name} …\n`);
      const baken = await startBaken(c);
      try {
        const run = `${c.synchronous}-${c.groupCommit}-${Date.now().toString(36)}`;
        await measure(`${run}-warm`, 32, WARMUP); // not counted: V8 optimises the code first
        measured.get(c)!.many.push(await measure(`${run}-32`, 32, DURATION));
        measured.get(c)!.one.push(await measure(`${run}-1`, 1, DURATION));
      } finally {
        baken.kill('SIGTERM');
        await new Promise((r) => baken.once('exit', r));
      }
    }
  }
  const mean = (ms: Measured[], k: 'rps' | 'p50' | 'p99') =>
    Math.round((ms.reduce((a, m) => a + m[k], 0) / ms.length) * 10) / 10;
  const rows = CONFIGS.map((c) => {
    const m = measured.get(c)!;
    const avg = (ms: Measured[]): Measured => ({
      rps: Math.round(mean(ms, 'rps')),
      p50: mean(ms, 'p50'),
      p99: mean(ms, 'p99'),
      errors: ms.reduce((a, x) => a + x.errors, 0),
      load: ms.map((x) => x.load).join('; '),
    });
    return { c, many: avg(m.many), one: avg(m.one), rounds: m.many.map((x) => x.rps).join(' / ') };
  });
  const of = (sync: string, gc: boolean) => rows.find((r) => r.c.synchronous === sync && r.c.groupCommit === gc)!;
  const pct = (a: number, b: number) => `${Math.round((a / b) * 100)} %`;
  const full = of('FULL', true);
  const normal = of('NORMAL', true);
  const spreads = CONFIGS.map((c) => {
    const rps = measured.get(c)!.many.map((m) => m.rps);
    return Math.max(...rps) / Math.max(1, Math.min(...rps));
  });
  const noisy = Math.max(...spreads) > 1.3;
  const cost = (sync: string, group: number) => commits.find((c) => c.sync === sync && c.group === group)!;
  const section = [
    '## Durability: SQLite synchronous=NORMAL against FULL (bench/durability.ts)',
    '',
    `Run: ${new Date().toISOString()} · ${cpus().length} cores · ${COUNT.toLocaleString('en')} seeded contacts · the built Baken (dist/, flags of npm start) · autocannon in this process, ${DURATION} s per measurement after ${WARMUP} s of warm-up at 32 connections; ${ROUNDS} rounds (the second in reverse order), means shown.`,
    `Load average (1 / 5 / 15 min) at the start: ${loadBefore}; after each measurement in the table. The machine is shared with other builds and tests: compare the rows of one run, not runs.`,
    '',
    `The sync alone (better-sqlite3, no HTTP; one small insert per transaction, 600 transactions each; load average after: ${loadAfterCommits}):`,
    '',
    '| synchronous | transactions per COMMIT | ms per transaction: mean | p50 | p99 |',
    '| --- | ---: | ---: | ---: | ---: |',
    ...commits.map((c) => `| ${c.sync} | ${c.group} | ${c.mean} | ${c.p50} | ${c.p99} |`),
    '',
    `- A commit of its own costs ${cost('FULL', 1).mean} ms with FULL against ${cost('NORMAL', 1).mean} ms with NORMAL: the fsync of the WAL, on this machine's disk. Shared by 32 transactions (the group commit under a flood) it is ${cost('FULL', 32).mean} ms per transaction.`,
    '',
    'The voice webhook of Baken (HTTP, signature, contact, call, audit entry, search index):',
    '',
    '| synchronous, commits | 32 connections: calls/s (each round) | p50 ms | p99 ms | 1 connection: calls/s | p50 ms | p99 ms | errors | load after each round |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |',
    ...rows.map(
      ({ c, many, one, rounds }) =>
        `| ${c.name} | ${many.rps} (${rounds}) | ${many.p50} | ${many.p99} | ${one.rps} | ${one.p50} | ${one.p99} | ${many.errors + one.errors} | ${one.load} |`,
    ),
    '',
    ...(noisy
      ? [
          `- The rounds of one setting differ by up to ${Math.round((Math.max(...spreads) - 1) * 100)} %: the machine's other work decides these webhook figures more than the setting does. The table of the sync alone above is the figure to go by; re-run on a quiet machine for webhook figures worth comparing.`,
        ]
      : []),
    `- Baken (FULL, group commit) takes ${full.many.rps} calls/s at 32 connections: ${pct(full.many.rps, normal.many.rps)} of NORMAL's ${normal.many.rps} in this run; one caller at a time, ${full.one.rps} against ${normal.one.rps} calls/s (${pct(full.one.rps, normal.one.rps)}).`,
    `- One caller at a time each call waits for its own sync: p50 ${full.one.p50} ms with FULL against ${normal.one.p50} ms with NORMAL, the fsync of the WAL on this machine's disk.`,
    `- Without the group commit FULL syncs once per call: ${of('FULL', false).many.rps} calls/s at 32 connections (${pct(of('FULL', false).many.rps, of('NORMAL', false).many.rps)} of NORMAL without it). With it, the calls that arrive together share one sync.`,
    '- NORMAL in WAL mode loses no commit when the process crashes, but a power loss or a kernel crash can take back the last commits',
    '  before a checkpoint: calls answered 200 and mail answered 250 that are then gone. FULL is what Baken runs.',
    '',
  ].join('\n');
  const main = resultsFile();
  const text = existsSync(main) ? readFileSync(main, 'utf8') : '# Benchmark results\n';
  const start = text.indexOf('\n## Durability');
  let out: string;
  if (start >= 0) {
    const next = text.indexOf('\n## ', start + 1);
    out = `${text.slice(0, start).trimEnd()}\n\n${section}${next >= 0 ? `\n${text.slice(next + 1)}` : ''}`;
  } else {
    // Before the statistics section (bench/statistics.ts replaces everything from its heading on).
    const stats = text.indexOf('\n## Statistics page');
    out =
      stats >= 0
        ? `${text.slice(0, stats).trimEnd()}\n\n${section}\n${text.slice(stats + 1)}`
        : `${text.trimEnd()}\n\n${section}`;
  }
  writeFileSync(main, out);
  console.log(section);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
