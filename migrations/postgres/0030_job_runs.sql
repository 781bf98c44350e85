-- Background jobs as the desk sees them (issue 27; the SQLite twin is migrations/0030_job_runs.sql): one row per
-- job (outbox, IMAP polling, deadline alerts, the retention check), written by whichever instance ran it, for the admins' jobs page. last_failure holds an error
-- code or a short message, never personal data. runs and failures count since the row was created.
CREATE TABLE job_runs (
  name             TEXT PRIMARY KEY,
  instance         TEXT NOT NULL,
  last_started_at  TEXT NOT NULL,
  last_finished_at TEXT NOT NULL,
  last_ok_at       TEXT,
  last_failure_at  TEXT,
  last_failure     TEXT,
  next_run_at      TEXT,
  runs             INTEGER NOT NULL DEFAULT 0,
  failures         INTEGER NOT NULL DEFAULT 0
);
