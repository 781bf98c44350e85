import type { Executor } from './database.js';
import type { JobRecorder } from '../shared/jobs.js';

/**
 * Leases: background work that one instance at a time may do, shared through the database with portable SQL (one
 * row per piece of work, taken by a conditional UPDATE, so two instances can never both take it).
 */

interface LeaseDeps {
  db: Executor;
  clock: () => Date;
  /** This process's id, the holder of its leases. */
  instanceId: string;
  log: { warn(msg: string, fields?: Record<string, unknown>): void };
  /** Where a periodic job reports each run it made (the jobs page, /metrics). */
  jobs?: JobRecorder;
}

const iso = (ms: number) => new Date(ms).toISOString();

/**
 * Takes the lease `name` for `holder` until `until` when it has run out — or, with `force`, also when nobody
 * holds it (work asked for now, before it is due again). True when this holder has it.
 */
export async function takeLease(
  db: Executor,
  name: string,
  holder: string,
  at: { now: string; until: string },
  force = false,
): Promise<boolean> {
  await db
    .insertInto('leases')
    .values({ name, holder: '', expires_at: at.now })
    .onConflict((oc) => oc.column('name').doNothing())
    .execute();
  const r = await db
    .updateTable('leases')
    .set({ holder, expires_at: at.until })
    .where('name', '=', name)
    .where((eb) =>
      force ? eb.or([eb('expires_at', '<=', at.now), eb('holder', '=', '')]) : eb('expires_at', '<=', at.now),
    )
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** Extends a lease this holder has; false when it lost it (it ran out and another instance took it). */
async function renewLease(db: Executor, name: string, holder: string, until: string): Promise<boolean> {
  const r = await db
    .updateTable('leases')
    .set({ expires_at: until })
    .where('name', '=', name)
    .where('holder', '=', holder)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** Gives a lease back: nobody holds it, and nobody starts the work before `nextAt`. */
async function endLease(db: Executor, name: string, holder: string, nextAt: string): Promise<void> {
  await db
    .updateTable('leases')
    .set({ holder: '', expires_at: nextAt })
    .where('name', '=', name)
    .where('holder', '=', holder)
    .execute();
}

/** The lease row, for tests and the README's description. */
export function findLease(db: Executor, name: string) {
  return db.selectFrom('leases').selectAll().where('name', '=', name).executeTakeFirst();
}

export interface LeasedRun<T> {
  ran: boolean;
  result?: T;
}

/**
 * Runs `work` only when this instance can take the lease `name`: renewed every third of `ttlMs` while the work
 * runs (an instance that dies lets it run out, and another takes over after at most `ttlMs`), then ended with
 * the work next due `nextInMs` later.
 */
export async function runLeased<T>(
  deps: LeaseDeps,
  name: string,
  opts: { ttlMs: number; nextInMs: number; force?: boolean },
  work: () => Promise<T>,
): Promise<LeasedRun<T>> {
  const now = deps.clock().getTime();
  const holder = deps.instanceId;
  if (!(await takeLease(deps.db, name, holder, { now: iso(now), until: iso(now + opts.ttlMs) }, opts.force)))
    return { ran: false };
  const beat = setInterval(
    () => {
      renewLease(deps.db, name, holder, iso(deps.clock().getTime() + opts.ttlMs))
        .then((held) => {
          if (!held) deps.log.warn('lease lost while working', { lease: name });
        })
        .catch(() => {});
    },
    Math.max(1000, Math.floor(opts.ttlMs / 3)),
  );
  try {
    return { ran: true, result: await work() };
  } finally {
    clearInterval(beat);
    await endLease(deps.db, name, holder, iso(deps.clock().getTime() + opts.nextInMs)).catch(() => {});
  }
}

/**
 * A periodic job that one instance runs per period, whichever instance comes first (docs/product.md §9: background work
 * taken by exactly one instance). Each instance looks every `checkMs`; the one that takes the lease runs the job
 * and sets it due again `everyMs` later. Returns the function that stops this instance's part.
 */
export function startLeasedJob(
  deps: LeaseDeps,
  job: {
    name: string;
    everyMs: number;
    run: () => Promise<unknown>;
    checkMs?: number;
    firstDelayMs?: number;
    ttlMs?: number;
  },
): () => Promise<void> {
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let current: Promise<unknown> = Promise.resolve();
  const checkMs = job.checkMs ?? Math.min(job.everyMs, 60_000);
  const step = () => {
    if (stopped) return;
    const startedAt = deps.clock();
    const report = (error?: unknown) => {
      const finishedAt = deps.clock();
      const nextAt = new Date(finishedAt.getTime() + job.everyMs);
      deps.jobs?.ran({ job: job.name, startedAt, finishedAt, nextAt, ...(error === undefined ? {} : { error }) });
    };
    current = runLeased(deps, `job:${job.name}`, { ttlMs: job.ttlMs ?? 10 * 60_000, nextInMs: job.everyMs }, job.run)
      .then((r) => {
        if (r.ran) report();
      })
      .catch((err: unknown) => {
        deps.log.warn('background job failed', { job: job.name, code: codeOf(err) });
        report(err ?? new Error('failed'));
      })
      .finally(() => {
        if (!stopped) timer = setTimeout(step, checkMs);
      });
  };
  timer = setTimeout(step, job.firstDelayMs ?? 5000);
  return async () => {
    stopped = true;
    clearTimeout(timer);
    await current;
  };
}

const codeOf = (e: unknown) => (e as { code?: string }).code ?? (e instanceof Error ? e.message.slice(0, 120) : null);
