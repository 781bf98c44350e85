import type { Executor } from '../db/database.js';
import type { JobRecorder, JobRun } from '../shared/jobs.js';
import type { Logger } from '../shared/log.js';
import type { Metrics } from './metrics.js';
import { upsertJobRun } from './jobs.queries.js';

/** A job that keeps running well is written to the database at most this often per instance (a failure at once). */
const WRITE_EVERY_MS = 30_000;

/** What a failure is recorded as: an error code, else the error's kind and the start of its message. */
function failureText(e: unknown): string {
  const code = (e as { code?: unknown } | null)?.code;
  if (typeof code === 'string' || typeof code === 'number') return String(code).slice(0, 80);
  if (e instanceof Error) return `${e.name}: ${e.message.replace(/\s+/g, ' ')}`.slice(0, 160);
  return 'unknown error';
}

/**
 * The background jobs' record: every run counts in /metrics at once, and is written to job_runs (the desk's
 * picture, shared by the instances) — a failure at once, a run that went well when this instance has not written
 * the job for WRITE_EVERY_MS (the outbox runs every few seconds; its row need not change as often). Writes of one
 * job happen one after another; a write that fails is logged and the counts wait for the next.
 */
export class JobBoard implements JobRecorder {
  private readonly state = new Map<
    string,
    { writtenAt: number; runs: number; failures: number; chain: Promise<void> }
  >();

  constructor(private readonly deps: { db: Executor; instanceId: string; log: Logger; metrics: Metrics }) {}

  ran(run: JobRun): void {
    this.deps.metrics.jobRuns.inc({ job: run.job });
    const failed = run.error !== undefined;
    if (failed) this.deps.metrics.jobFailures.inc({ job: run.job });
    let s = this.state.get(run.job);
    if (!s) {
      s = { writtenAt: Number.NEGATIVE_INFINITY, runs: 0, failures: 0, chain: Promise.resolve() };
      this.state.set(run.job, s);
    }
    s.runs++;
    if (failed) s.failures++;
    const at = run.finishedAt.getTime();
    if (!failed && at - s.writtenAt < WRITE_EVERY_MS) return;
    s.writtenAt = at;
    const entry = s;
    const iso = (d: Date) => d.toISOString();
    entry.chain = entry.chain.then(async () => {
      const runs = entry.runs;
      const failures = entry.failures;
      try {
        await upsertJobRun(this.deps.db, {
          name: run.job,
          instance: this.deps.instanceId,
          startedAt: iso(run.startedAt),
          finishedAt: iso(run.finishedAt),
          okAt: failed ? null : iso(run.finishedAt),
          failureAt: failed ? iso(run.finishedAt) : null,
          failure: failed ? failureText(run.error) : null,
          nextAt: run.nextAt ? iso(run.nextAt) : null,
          runs,
          failures,
        });
        entry.runs -= runs;
        entry.failures -= failures;
      } catch (e) {
        this.deps.log.warn('job run not recorded', { job: run.job, code: failureText(e) });
      }
    });
  }

  /** Resolves when every write asked for so far is done (tests, shutdown). */
  async settled(): Promise<void> {
    await Promise.all([...this.state.values()].map((s) => s.chain));
  }
}
