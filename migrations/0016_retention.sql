-- Retention (issue 13, SPEC §7): the periods an admin sets per kind, the purge runs with their progress, and a
-- mark per purged item. Nothing the statistics read is removed: a purge blanks bodies, texts and identifying
-- columns, removes files, and deletes only audit rows older than their period.

-- The period per kind, in days. A kind without a row uses its default (README, src/retention/retention.kinds.ts).
CREATE TABLE retention_settings (
  kind       TEXT PRIMARY KEY CHECK (kind IN ('recordings','transcriptions','mail','identifiers','audit')),
  days       INTEGER NOT NULL CHECK (days >= 1),
  updated_at TEXT NOT NULL,
  updated_by INTEGER REFERENCES users(id)
);

-- One row per purge run. At most one run is 'running' (the partial unique index): a second "run now" while
-- one runs fails to insert and starts nothing. A run left 'running' by a stopped process is marked
-- 'interrupted' at the next start.
CREATE TABLE retention_runs (
  id           INTEGER PRIMARY KEY,
  origin       TEXT NOT NULL CHECK (origin IN ('schedule','manual')),
  started_by   INTEGER REFERENCES users(id),
  status       TEXT NOT NULL CHECK (status IN ('running','done','failed','interrupted')),
  started_at   TEXT NOT NULL,
  finished_at  TEXT,
  current_kind TEXT,
  done_count   INTEGER NOT NULL DEFAULT 0,
  total_count  INTEGER NOT NULL DEFAULT 0,
  counts       TEXT NOT NULL DEFAULT '{}'            -- JSON: per kind, how many items were removed (no personal data)
);
CREATE UNIQUE INDEX retention_runs_one_running ON retention_runs(status) WHERE status = 'running';
CREATE INDEX retention_runs_started ON retention_runs(started_at);

-- What a purge already removed, so that a run never counts or touches an item twice: kind is 'recording',
-- 'transcription', 'mail' (a message's body and attachments) or 'registration' (its identifying fields).
CREATE TABLE retention_purged (
  kind      TEXT NOT NULL,
  item_id   INTEGER NOT NULL,
  purged_at TEXT NOT NULL,
  run_id    INTEGER REFERENCES retention_runs(id),
  PRIMARY KEY (kind, item_id)
);

-- The audit log stays append-only, except for rows older than the audit period, which only the purge deletes:
-- it sets the gate to its cutoff in the same transaction as the delete and clears it again.
-- (SQLite trigger syntax; the PostgreSQL port needs an equivalent trigger function.)
CREATE TABLE retention_audit_gate (
  id     INTEGER PRIMARY KEY CHECK (id = 1),
  cutoff TEXT
);
INSERT INTO retention_audit_gate (id, cutoff) VALUES (1, NULL);
DROP TRIGGER audit_log_no_delete;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
  WHEN OLD.at >= coalesce((SELECT cutoff FROM retention_audit_gate WHERE id = 1), '')
  BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
CREATE TRIGGER retention_audit_gate_no_delete BEFORE DELETE ON retention_audit_gate
  BEGIN SELECT RAISE(ABORT, 'the audit gate stays'); END;
