/** One run of a background job as its worker saw it; `error` is set when the run failed. */
export interface JobRun {
  job: string;
  startedAt: Date;
  finishedAt: Date;
  /** When the job is due again (null when it runs on demand only). */
  nextAt: Date | null;
  error?: unknown;
}

/** Where background workers report their runs (src/ops/job-board.ts): the jobs page and /metrics read them. */
export interface JobRecorder {
  ran(run: JobRun): void;
}
