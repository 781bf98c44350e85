// A CPU profile of Baken's voice webhook under load (node --cpu-prof), with the loop probe's view from inside the
// server: bench/run.ts takes one in every run and writes its shares into the notes of bench/RESULTS.md (issue 28).
// Alone: `npx tsx bench/voice-profile.ts <sqlite file> [seconds] [bundle]` (after `npm run build`) prints the shares
// and the heaviest functions; [bundle] runs another build (an older commit's, to compare).
import { spawn } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { heaviestFunctions, profileShares, type ProfileShares } from './cpu-profile.js';
import { voiceRequest } from './voice.js';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..');
const tmp = join(here, 'tmp');

export interface ProbeView {
  loop: { p50: number; p99: number; max: number; mean: number };
  served: Record<string, { n: number; p50: number; p95: number; p99: number; max: number }>;
  sqlite: {
    transactions: number;
    commits: number;
    maxBatch: number;
    statements: number;
    statementMs: number;
    commitMs: number;
    maxCommitMs?: number;
  } | null;
  cpuPercent: number;
}

export interface VoiceProfile extends ProfileShares {
  calls: number;
  seconds: number;
  /** Profiled milliseconds of the main thread per answered call (idle left out). */
  busyMsPerCall: number;
  /** CPU time of the whole Baken process per call (user + system, from the probe): steadier than wall time on a loaded machine. */
  cpuMsPerCall: number;
  heaviest: string[];
  probe: ProbeView;
}

/** Starts the built Baken with --cpu-prof and the loop probe on `database`, sends signed voice webhooks, reads both. */
export async function profileVoice(opts: {
  database: string;
  dataKey: string;
  port: number;
  seconds: number;
  connections?: number;
  /** The bundle to run (default dist/main.js), e.g. an older build to compare with. */
  entry?: string;
}): Promise<VoiceProfile> {
  const dir = join(tmp, 'cpu-prof');
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const probeFile = join(tmp, 'voice-probe.json');
  rmSync(probeFile, { force: true });
  const token = 'profile-token';
  const startFlags =
    (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).scripts.start as string).match(/--[\w-]+=\S+/g) ?? [];
  const base = `http://127.0.0.1:${opts.port}`;
  const spawnedAt = performance.now();
  const child = spawn(
    process.execPath,
    [
      ...startFlags,
      '--cpu-prof',
      `--cpu-prof-dir=${dir}`,
      '--import',
      './bench/loop-probe.mjs',
      opts.entry ?? 'dist/main.js',
    ],
    {
      cwd: root,
      env: {
        ...process.env,
        NODE_ENV: 'production',
        PORT: String(opts.port),
        DATABASE_URL: opts.database,
        DATA_DIR: tmp,
        DATA_KEY: opts.dataKey,
        AUDIT_KEY_IN_DATA_DIR: 'allow',
        PUBLIC_URL: base,
        TWILIO_AUTH_TOKEN: token,
        TWILIO_ACCOUNT_SID: `AC${'0'.repeat(32)}`,
        LOOP_PROBE_FILE: probeFile,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  await new Promise<void>((resolve, reject) => {
    let out = '';
    const onData = (d: Buffer) => {
      out += d.toString();
      if (out.includes('Baken is listening')) resolve();
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => reject(new Error(`Baken exited ${code}: ${out.slice(-2000)}`)));
    setTimeout(() => {
      if (out.includes('Baken is listening')) return;
      child.kill('SIGKILL');
      reject(new Error(`Baken did not start in 5 minutes: ${out.slice(-2000)}`));
    }, 300_000).unref();
  });
  const run = `profile-${Date.now().toString(36)}`;
  let i = 0;
  const flood = (duration: number) =>
    autocannon({
      url: `${base}/twilio/voice`,
      connections: opts.connections ?? 32,
      duration,
      requests: [
        {
          setupRequest: (req) => {
            const r = voiceRequest(base, token, `${run}-${i++}`);
            return { ...req, method: 'POST', path: r.path, body: r.body, headers: r.headers };
          },
        },
      ],
    });
  try {
    await flood(2); // warm-up (the JIT): left out of the shares, as the start-up is
    child.kill('SIGUSR2');
    await new Promise((r) => setTimeout(r, 100));
    const fromMs = performance.now() - spawnedAt;
    const before = i;
    const floodStart = performance.now();
    await flood(opts.seconds);
    const floodMs = performance.now() - floodStart;
    const calls = i - before;
    await new Promise((r) => setTimeout(r, 400)); // the probe's next write
    // The probe rewrites its file four times a second: a read that meets a write in progress is tried again.
    let probe: ProbeView | null = null;
    for (let attempt = 0; !probe; attempt++) {
      try {
        probe = JSON.parse(readFileSync(probeFile, 'utf8')) as ProbeView;
      } catch (e) {
        if (attempt >= 20) throw e;
        await new Promise((r) => setTimeout(r, 50));
      }
    }
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
    const file = readdirSync(dir).find((f) => f.endsWith('.cpuprofile'));
    if (!file) throw new Error('no CPU profile written');
    const shares = profileShares(join(dir, file), fromMs);
    const idle = shares.shares.find((s) => s.part === 'idle')?.ms ?? 0;
    return {
      ...shares,
      calls,
      seconds: opts.seconds,
      busyMsPerCall: Math.round(((shares.totalMs - idle) / Math.max(1, calls)) * 1000) / 1000,
      cpuMsPerCall: Math.round((((probe.cpuPercent / 100) * floodMs) / Math.max(1, calls)) * 1000) / 1000,
      heaviest: heaviestFunctions(join(dir, file), 30, fromMs),
      probe,
    };
  } finally {
    if (child.exitCode === null) child.kill('SIGTERM');
  }
}

if (process.argv[1]?.endsWith('voice-profile.ts') && process.argv[2]) {
  const key = readFileSync(join(tmp, 'data.key'), 'utf8').trim();
  const p = await profileVoice({
    database: process.argv[2],
    dataKey: key,
    port: 3911,
    seconds: Number(process.argv[3] ?? 5),
    entry: process.argv[4],
  });
  console.log(JSON.stringify({ ...p, heaviest: undefined }, null, 1));
  console.log(p.heaviest.join('\n'));
}
