import { type ChildProcess, fork } from 'node:child_process';
import { cpus } from 'node:os';
import { fileURLToPath } from 'node:url';
import { type IncomingMail, parseHeadersOnly } from './mail-parse.js';

export interface ParsePoolOptions {
  /** Parser processes; default 2 (one hostile message never holds up all other mail). */
  size?: number;
  /** Time one message may take to parse and sanitise; the process is killed and replaced beyond it. */
  timeoutMs?: number;
  /** Heap of each process (old generation), in MB; a process that needs more is ended by V8 and replaced. */
  maxHeapMb?: number;
  /** A process idle this long is ended (memory back to the system); the next message starts one again. */
  idleMs?: number;
}

/** Time a new process may take to load the parser before it counts as failed to start. */
const STARTUP_MS = 30_000;

/** Parsing went beyond a limit or the parser failed; the caller falls back to what can be read safely. */
export class ParseLimitError extends Error {
  constructor(readonly reason: 'timeout' | 'memory' | 'failed') {
    super(`mail parsing ${reason}`);
  }
}

interface Job {
  raw: Buffer;
  resolve: (mail: IncomingMail) => void;
  reject: (e: Error) => void;
}

interface Slot {
  child: ChildProcess | null;
  ready: boolean;
  job: Job | null;
  timer: NodeJS.Timeout | null;
  idle: NodeJS.Timeout | null;
  /** The end of what the process wrote on stderr (V8 says there why it ended it); never logged. */
  stderr: string;
}

/**
 * Starts a parser process: next to this module is the TypeScript source under vitest/tsx (loaded through tsx's
 * loader in the child), or `mail-worker.js` beside the bundle in dist/ (see the build script). The child gets no
 * secret: only PATH and NODE_ENV of the environment.
 */
function startChild(maxHeapMb: number): ChildProcess {
  const here = import.meta.url;
  const ts = here.endsWith('.ts');
  const entry = fileURLToPath(new URL(ts ? './mail-worker.ts' : './mail-worker.js', here));
  // A young generation of 8 MB keeps two busy parsers from adding much resident memory under a flood of mail.
  const execArgv = [`--max-old-space-size=${maxHeapMb}`, '--max-semi-space-size=4'];
  if (ts) execArgv.unshift('--import', import.meta.resolve('tsx/esm'));
  return fork(entry, [], {
    execArgv,
    env: { PATH: process.env.PATH ?? '', NODE_ENV: process.env.NODE_ENV ?? 'production' },
    serialization: 'advanced',
    stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
  });
}

/** Why a parser process ended: V8 aborts a process beyond its heap limit and says so on stderr. */
const endedFor = (stderr: string): 'memory' | 'failed' =>
  /heap out of memory|Reached heap limit|Fatal process out of memory|invalid size error|Invalid string length/i.test(
    stderr,
  )
    ? 'memory'
    : 'failed';

/**
 * A small pool of child processes that parse and sanitise incoming mail (mail-worker.ts), with a time limit per
 * message and a memory limit per process. A process beyond either is ended and replaced, and the message is
 * refused with ParseLimitError — never a stalled event loop, never a dead process. Processes, not worker threads:
 * V8 enforces a worker thread's heap limit on a best-effort basis only, and when it cannot, it aborts the whole
 * process (on Node 20 as on 24); a child's abort ends the child alone.
 */
export class ParsePool {
  private readonly slots: Slot[];
  private readonly queue: Job[] = [];
  private readonly timeoutMs: number;
  private readonly maxHeapMb: number;
  private readonly idleMs: number;
  private closed = false;

  constructor(opts: ParsePoolOptions = {}) {
    const size = Math.max(1, opts.size ?? Math.min(2, cpus().length));
    this.slots = Array.from({ length: size }, () => ({
      child: null,
      ready: false,
      job: null,
      timer: null,
      idle: null,
      stderr: '',
    }));
    this.timeoutMs = opts.timeoutMs ?? 15_000;
    // A 25 MB message (the largest MAIL_MAX_BYTES allows) parses in under 96 MB.
    this.maxHeapMb = opts.maxHeapMb ?? 128;
    this.idleMs = opts.idleMs ?? 60_000;
  }

  /** Parses one raw message in a parser process. */
  parse(raw: Buffer): Promise<IncomingMail> {
    if (this.closed) return Promise.reject(new ParseLimitError('failed'));
    return new Promise<IncomingMail>((resolve, reject) => {
      this.queue.push({ raw, resolve, reject });
      this.pump();
    });
  }

  /** Ends every process; waiting and running messages are refused. */
  async close(): Promise<void> {
    this.closed = true;
    for (const job of this.queue.splice(0)) job.reject(new ParseLimitError('failed'));
    await Promise.all(this.slots.map((s) => this.retire(s, new ParseLimitError('failed'))));
  }

  private pump() {
    for (const slot of this.slots) {
      if (this.queue.length === 0) return;
      if (slot.job) continue;
      if (!slot.child) this.spawn(slot);
      if (!slot.ready) continue;
      const job = this.queue.shift()!;
      if (slot.idle) clearTimeout(slot.idle);
      slot.idle = null;
      slot.job = job;
      holdOpen(slot.child!, true);
      slot.timer = setTimeout(() => void this.retire(slot, new ParseLimitError('timeout')), this.timeoutMs);
      slot.child!.send({ id: 1, raw: new Uint8Array(job.raw.buffer, job.raw.byteOffset, job.raw.byteLength) });
    }
  }

  private spawn(slot: Slot) {
    const child = startChild(this.maxHeapMb);
    slot.child = child;
    slot.ready = false;
    slot.stderr = '';
    holdOpen(child, false);
    child.stderr?.setEncoding('utf8');
    child.stderr?.on('data', (d: string) => {
      slot.stderr = (slot.stderr + d).slice(-4096);
    });
    // A process that does not come up in time counts as one that failed to start.
    slot.timer = setTimeout(() => void this.retire(slot, new ParseLimitError('failed')), STARTUP_MS);
    child.on('message', (m: { ready?: true; mail?: IncomingMail; error?: string }) => {
      if (slot.child !== child) return;
      if (m.ready) {
        if (slot.timer) clearTimeout(slot.timer);
        slot.timer = null;
        slot.ready = true;
        this.pump();
        return;
      }
      const job = slot.job;
      if (!job) return;
      this.finish(slot);
      if (m.mail) job.resolve(revive(m.mail));
      else job.reject(new ParseLimitError('failed'));
      this.pump();
    });
    child.on('error', () => {
      if (slot.child !== child) return;
      void this.retire(slot, new ParseLimitError('failed'));
    });
    child.on('exit', () => {
      if (slot.child !== child) return;
      // stderr may still be flowing when the exit arrives: classify once it has closed.
      const classify = () => {
        if (slot.child === child) void this.retire(slot, new ParseLimitError(endedFor(slot.stderr)));
      };
      if (child.stderr && !child.stderr.closed) child.stderr.once('close', classify);
      else classify();
    });
  }

  private finish(slot: Slot) {
    if (slot.timer) clearTimeout(slot.timer);
    if (slot.idle) clearTimeout(slot.idle);
    slot.timer = null;
    slot.idle = null;
    slot.job = null;
    if (!slot.child) return;
    holdOpen(slot.child, false);
    slot.idle = setTimeout(() => {
      if (!slot.job) void this.retire(slot, new ParseLimitError('failed'));
    }, this.idleMs);
    slot.idle.unref();
  }

  /** Ends the slot's process (a new one starts for the next message) and refuses the message it held. */
  private async retire(slot: Slot, reason: Error) {
    const { child, job } = slot;
    const failedToStart = !!child && !slot.ready;
    slot.child = null;
    slot.ready = false;
    this.finish(slot);
    job?.reject(reason);
    if (child) await kill(child);
    if (this.closed) return;
    // A process that cannot even start fails the waiting messages (they fall back) rather than spinning.
    if (failedToStart) for (const j of this.queue.splice(0)) j.reject(reason);
    this.pump();
  }
}

/** Whether an idle parser process keeps Node running: only while it holds a message. */
function holdOpen(child: ChildProcess, busy: boolean) {
  const channel = child.channel as { ref(): void; unref(): void } | null | undefined;
  if (busy) {
    child.ref();
    channel?.ref();
  } else {
    child.unref();
    channel?.unref();
  }
}

/** Ends a parser process at once (it holds nothing worth saving) and waits until it is gone. */
function kill(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGKILL');
  });
}

/** Buffers come back from the process as Uint8Arrays. */
function revive(mail: IncomingMail): IncomingMail {
  return {
    ...mail,
    attachments: mail.attachments.map((a) => {
      const c = a.content as Uint8Array;
      return { ...a, content: Buffer.from(c.buffer, c.byteOffset, c.byteLength) };
    }),
  };
}

let shared: ParsePool | null = null;

/** The process's parse pool, started on first use. */
export function sharedParsePool(): ParsePool {
  shared ??= new ParsePool();
  return shared;
}

/**
 * Parses a raw message in a parser process. When that goes beyond the time or memory limit (or the process
 * fails), the message is still taken: from its header block only, marked "too large to display"
 * (limit 'parse-limit'), its whole source kept by the ingestion path — never lost, never fatal.
 */
export async function parseMailSafely(
  raw: Buffer,
  pool: ParsePool = sharedParsePool(),
  onLimit?: (reason: string) => void,
): Promise<IncomingMail> {
  try {
    return await pool.parse(raw);
  } catch (e) {
    onLimit?.(e instanceof ParseLimitError ? e.reason : 'failed');
    return parseHeadersOnly(raw);
  }
}
