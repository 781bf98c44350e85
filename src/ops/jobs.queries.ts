import type { Executor } from '../db/database.js';

export interface JobRunWrite {
  name: string;
  instance: string;
  startedAt: string;
  finishedAt: string;
  /** Set when the latest run went well / failed. */
  okAt: string | null;
  failureAt: string | null;
  failure: string | null;
  nextAt: string | null;
  /** Runs and failures since this instance last wrote the row. */
  runs: number;
  failures: number;
}

/** Writes a job's latest run, adding the runs counted since the last write; the last failure stays until another. */
export async function upsertJobRun(db: Executor, w: JobRunWrite): Promise<void> {
  await db
    .insertInto('job_runs')
    .values({
      name: w.name,
      instance: w.instance,
      last_started_at: w.startedAt,
      last_finished_at: w.finishedAt,
      last_ok_at: w.okAt,
      last_failure_at: w.failureAt,
      last_failure: w.failure,
      next_run_at: w.nextAt,
      runs: w.runs,
      failures: w.failures,
    })
    .onConflict((oc) =>
      oc.column('name').doUpdateSet((eb) => ({
        instance: eb.ref('excluded.instance'),
        last_started_at: eb.ref('excluded.last_started_at'),
        last_finished_at: eb.ref('excluded.last_finished_at'),
        last_ok_at: eb.fn.coalesce('excluded.last_ok_at', 'job_runs.last_ok_at'),
        last_failure_at: eb.fn.coalesce('excluded.last_failure_at', 'job_runs.last_failure_at'),
        last_failure: eb.fn.coalesce('excluded.last_failure', 'job_runs.last_failure'),
        next_run_at: eb.ref('excluded.next_run_at'),
        runs: eb('job_runs.runs', '+', eb.ref('excluded.runs')),
        failures: eb('job_runs.failures', '+', eb.ref('excluded.failures')),
      })),
    )
    .execute();
}

/** Every job's row, by name. */
export function listJobRuns(db: Executor) {
  return db.selectFrom('job_runs').selectAll().orderBy('name').execute();
}

/** Leases held right now (a job being run by an instance), for the jobs page. */
export function heldLeases(db: Executor) {
  return db.selectFrom('leases').select(['name', 'holder', 'expires_at']).where('holder', '<>', '').execute();
}
