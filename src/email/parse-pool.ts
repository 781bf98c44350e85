import { cpus } from 'node:os';
import { Worker } from 'node:worker_threads';
import { type IncomingMail, parseHeadersOnly } from './mail-parse.js';

export interface ParsePoolOptions {
  /** Worker threads; default 2 (one hostile message never holds up all other mail). */
  size?: number;
  /** Time one message may take to parse and sanitise; the thread is ended and replaced beyond it. */
  timeoutMs?: number;
  /** Heap of each thread (old generation), in MB; a thread that needs more is ended by V8 and replaced. */
  maxHeapMb?: number;
  /** A thread idle this long is ended (memory back to the system); the next message starts one again. */
  idleMs?: number;
}

/** Time a new thread may take to load the parser before it counts as failed to start. */
const STARTUP_MS = 30_000;

/** Parsing went beyond a limit or the thread failed; the caller falls back to what can be read safely. */
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
  worker: Worker | null;
  ready: boolean;
  job: Job | null;
  timer: NodeJS.Timeout | null;
  idle: NodeJS.Timeout | null;
}

/**
 * Where the worker's code is: next to this module — the TypeScript source under vitest/tsx (loaded through
 * tsx's loader inside the thread), or `mail-worker.js` beside the bundle in dist/ (see the build script).
 */
function startWorker(resourceLimits: ConstructorParameters<typeof Worker>[1]): Worker {
  const here = import.meta.url;
  if (here.endsWith('.ts')) {
    const target = new URL('./mail-worker.ts', here).href;
    const tsx = import.meta.resolve('tsx/esm/api');
    const boot = `import(${JSON.stringify(tsx)}).then((m) => { m.register(); return import(${JSON.stringify(target)}); })`;
    return new Worker(boot, { eval: true, ...resourceLimits });
  }
  return new Worker(new URL('./mail-worker.js', here), resourceLimits);
}

/**
 * A small pool of worker threads that parse and sanitise incoming mail (mail-worker.ts) with a time limit
 * per message and a memory limit per thread; a thread beyond either is ended and replaced, and the message
 * is refused with ParseLimitError — never a stalled event loop, never a dead process.
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
      worker: null,
      ready: false,
      job: null,
      timer: null,
      idle: null,
    }));
    this.timeoutMs = opts.timeoutMs ?? 15_000;
    // A 25 MB message (the largest MAIL_MAX_BYTES allows) parses in under 96 MB.
    this.maxHeapMb = opts.maxHeapMb ?? 128;
    this.idleMs = opts.idleMs ?? 60_000;
  }

  /** Parses one raw message in a worker thread. */
  parse(raw: Buffer): Promise<IncomingMail> {
    if (this.closed) return Promise.reject(new ParseLimitError('failed'));
    return new Promise<IncomingMail>((resolve, reject) => {
      this.queue.push({ raw, resolve, reject });
      this.pump();
    });
  }

  /** Ends every thread; waiting and running messages are refused. */
  async close(): Promise<void> {
    this.closed = true;
    for (const job of this.queue.splice(0)) job.reject(new ParseLimitError('failed'));
    await Promise.all(this.slots.map((s) => this.retire(s, new ParseLimitError('failed'))));
  }

  private pump() {
    for (const slot of this.slots) {
      if (this.queue.length === 0) return;
      if (slot.job) continue;
      if (!slot.worker) this.spawn(slot);
      if (!slot.ready) continue;
      const job = this.queue.shift()!;
      if (slot.idle) clearTimeout(slot.idle);
      slot.idle = null;
      slot.job = job;
      slot.worker!.ref();
      slot.timer = setTimeout(() => void this.retire(slot, new ParseLimitError('timeout')), this.timeoutMs);
      // A copy in a fresh ArrayBuffer, moved to the thread (the caller keeps its own bytes).
      const copy = new Uint8Array(job.raw);
      slot.worker!.postMessage({ id: 1, raw: copy }, [copy.buffer as ArrayBuffer]);
    }
  }

  private spawn(slot: Slot) {
    // A young generation of 8 MB (not 32) keeps two busy threads from adding ~50 MB resident under a flood of mail.
    const worker = startWorker({
      resourceLimits: { maxOldGenerationSizeMb: this.maxHeapMb, maxYoungGenerationSizeMb: 8, stackSizeMb: 4 },
    });
    slot.worker = worker;
    slot.ready = false;
    worker.unref();
    // A thread that does not come up in time counts as one that failed to start.
    slot.timer = setTimeout(() => void this.retire(slot, new ParseLimitError('failed')), STARTUP_MS);
    worker.on('message', (m: { ready?: true; mail?: IncomingMail; error?: string }) => {
      if (slot.worker !== worker) return;
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
    worker.on('error', (e: Error & { code?: string }) => {
      if (slot.worker !== worker) return;
      void this.retire(slot, new ParseLimitError(e.code === 'ERR_WORKER_OUT_OF_MEMORY' ? 'memory' : 'failed'));
    });
    worker.on('exit', () => {
      if (slot.worker !== worker) return;
      void this.retire(slot, new ParseLimitError('failed'));
    });
  }

  private finish(slot: Slot) {
    if (slot.timer) clearTimeout(slot.timer);
    if (slot.idle) clearTimeout(slot.idle);
    slot.timer = null;
    slot.idle = null;
    slot.job = null;
    if (!slot.worker) return;
    slot.worker.unref();
    slot.idle = setTimeout(() => {
      if (!slot.job) void this.retire(slot, new ParseLimitError('failed'));
    }, this.idleMs);
    slot.idle.unref();
  }

  /** Ends the slot's thread (a new one starts for the next message) and refuses the message it held. */
  private async retire(slot: Slot, reason: Error) {
    const { worker, job } = slot;
    const failedToStart = !!worker && !slot.ready;
    slot.worker = null;
    slot.ready = false;
    this.finish(slot);
    job?.reject(reason);
    if (worker) await worker.terminate().catch(() => undefined);
    if (this.closed) return;
    // A thread that cannot even start fails the waiting messages (they fall back) rather than spinning.
    if (failedToStart) for (const j of this.queue.splice(0)) j.reject(reason);
    this.pump();
  }
}

/** Buffers come back from the thread as Uint8Arrays. */
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

/** Ends the process's parse pool (at shutdown). */
export async function closeSharedParsePool(): Promise<void> {
  const p = shared;
  shared = null;
  await p?.close();
}

/**
 * Parses a raw message off the main thread. When that goes beyond the time or memory limit (or the thread
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
