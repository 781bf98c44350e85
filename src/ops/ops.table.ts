/** One background job's last runs as the desk sees them (migrations/0030_job_runs.sql). */
interface JobRunTable {
  name: string;
  /** The instance that wrote the row last (its id in Deps.instanceId). */
  instance: string;
  last_started_at: string;
  last_finished_at: string;
  last_ok_at: string | null;
  last_failure_at: string | null;
  /** An error code or a short message, never personal data. */
  last_failure: string | null;
  next_run_at: string | null;
  runs: number;
  failures: number;
}

export interface OpsTables {
  job_runs: JobRunTable;
}
