// Reads a V8 CPU profile (node --cpu-prof) and sums self time by what the code belongs to, so the bench's notes
// say where a request's time went from the profile of the same run (issue 28), never from fixed text.
import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string };
  children?: number[];
}
interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** The driver's functions that call into SQLite (their self time is SQLite's). */
const SQLITE_DRIVER_FUNCTIONS = new Set([
  'run',
  '#commitBatch',
  'beginTransaction',
  'commitTransaction',
  'rollbackTransaction',
]);

/** The parts a webhook's time is told in, first matching rule wins (by function name, then by the code's file). */
const RULES: Array<[string, (fn: string, url: string) => boolean]> = [
  ['idle', (fn) => fn === '(idle)'],
  ['garbage collection', (fn) => fn === '(garbage collector)'],
  ['Kysely (building and compiling queries)', (_fn, url) => url.includes('/kysely/')],
  // better-sqlite3 runs SQLite inside the JavaScript call that prepares or steps a statement: its time is the self
  // time of the driver's functions (src/db/sqlite-driver.ts, bundled into dist/main.js).
  [
    'SQLite (statements and COMMIT)',
    (fn, url) =>
      url.includes('better-sqlite3') ||
      ((url.includes('sqlite-driver') || url.endsWith('/dist/main.js')) && SQLITE_DRIVER_FUNCTIONS.has(fn)),
  ],
  [
    'HTTP: Node parser and sockets',
    (_fn, url) => /^node:(_http|http|net|stream|internal\/(http|streams|stream_base|net))/.test(url),
  ],
  [
    'HTTP: @hono/node-server and Web Request/Response (undici)',
    (_fn, url) => url.includes('@hono/node-server') || url.includes('internal/deps/undici'),
  ],
  ['Hono router and middleware', (_fn, url) => url.includes('/hono/')],
  ['phone parsing (libphonenumber)', (_fn, url) => url.includes('libphonenumber')],
  [
    'crypto (signature HMAC, field encryption, hashes)',
    (_fn, url) =>
      /^node:(crypto|internal\/crypto)/.test(url) || url.includes('field-crypto') || url.includes('twilio-signature'),
  ],
  ['TwiML', (_fn, url) => url.includes('twiml')],
  ['pino logging', (_fn, url) => url.includes('/pino')],
  ['Baken code', (_fn, url) => url.includes('/dist/') || url.includes('/src/')],
  [
    'promises and async hooks',
    (fn, url) => url.includes('async_hooks') || url.includes('task_queues') || fn === 'runMicrotasks',
  ],
  ['module loading (start-up)', (_fn, url) => url.includes('internal/modules') || url.includes('internal/bootstrap')],
  ['Node internals (timers, URL, buffers, events)', (_fn, url) => url.startsWith('node:')],
  [
    'native (no JavaScript frame: SQLite, HMAC, syscalls)',
    (fn, url) => url === '' && fn !== '(program)' && fn !== '(root)',
  ],
  ['V8 (program)', () => true],
];

/** The index of the first sample at `fromMs` after the profile started (the start-up and warm-up left out). */
function samplesBefore(p: CpuProfile, fromMs: number): number {
  let t = 0;
  for (let i = 0; i < p.timeDeltas.length; i++) {
    t += p.timeDeltas[i]! / 1000;
    if (t >= fromMs) return i;
  }
  return p.samples.length;
}

export interface ProfileShares {
  totalMs: number;
  shares: Array<{ part: string; ms: number; percent: number }>;
}

/**
 * Self time by part. A native frame (better-sqlite3's C++, an HMAC) has no URL of its own: its time is given to
 * the nearest JavaScript caller's part, so SQLite's statements count under better-sqlite3.
 */
export function profileShares(file: string, fromMs = 0): ProfileShares {
  const p = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const skip = samplesBefore(p, fromMs);
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const partOf = new Map<number, string>();
  const classify = (id: number): string => {
    const known = partOf.get(id);
    if (known) return known;
    const n = byId.get(id)!;
    const { functionName: fn, url } = n.callFrame;
    let part: string;
    if (url === '' && !fn.startsWith('(') && parent.has(id)) {
      const up = classify(parent.get(id)!);
      part = up === 'V8 (program)' ? 'native (no JavaScript frame: SQLite, HMAC, syscalls)' : up;
    } else part = RULES.find(([, test]) => test(fn, url))![0];
    partOf.set(id, part);
    return part;
  };
  const ms = new Map<string, number>();
  let total = 0;
  for (let i = skip; i < p.samples.length; i++) {
    const d = (p.timeDeltas[i] ?? 0) / 1000;
    total += d;
    const part = classify(p.samples[i]!);
    ms.set(part, (ms.get(part) ?? 0) + d);
  }
  const shares = [...ms]
    .map(([part, v]) => ({ part, ms: Math.round(v), percent: Math.round((v / total) * 1000) / 10 }))
    .sort((a, b) => b.ms - a.ms);
  return { totalMs: Math.round(total), shares };
}

/** The heaviest functions by self time (for finding what to cut), with their file. */
export function heaviestFunctions(file: string, n = 25, fromMs = 0) {
  const p = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const skip = samplesBefore(p, fromMs);
  const byId = new Map(p.nodes.map((x) => [x.id, x]));
  const ms = new Map<string, number>();
  let total = 0;
  for (let i = skip; i < p.samples.length; i++) {
    const d = (p.timeDeltas[i] ?? 0) / 1000;
    total += d;
    const f = byId.get(p.samples[i]!)!.callFrame;
    const key = `${f.functionName || '(anonymous)'} ${f.url.replace(/^.*node_modules\//, '').replace(/^file:\/\/.*\/(dist|src)\//, '$1/')}`;
    ms.set(key, (ms.get(key) ?? 0) + d);
  }
  return [...ms]
    .sort((a, b) => b[1] - a[1])
    .slice(0, n)
    .map(([k, v]) => `${((v / total) * 100).toFixed(1)}% ${k}`);
}

if (process.argv[1]?.endsWith('cpu-profile.ts') && process.argv[2]) {
  const from = Number(process.argv[3] ?? 0);
  const { totalMs, shares } = profileShares(process.argv[2], from);
  process.stdout.write(`${totalMs} ms\n${shares.map((s) => `${s.percent}% ${s.part}`).join('\n')}\n\n`);
  process.stdout.write(`${heaviestFunctions(process.argv[2], 40, from).join('\n')}\n`);
}
