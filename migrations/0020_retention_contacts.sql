-- Retention of a contact's own identifiers (issue 21): a sixth kind, 'contacts' (party name, phone, email, the
-- subject and notes, mail subjects and addresses, caller numbers of resolved contacts), and why a run failed.
-- SQLite cannot change a CHECK: retention_settings is copied into a table with the wider list.

CREATE TABLE retention_settings_new (
  kind       TEXT PRIMARY KEY CHECK (kind IN ('recordings','transcriptions','mail','identifiers','contacts','audit')),
  days       INTEGER NOT NULL CHECK (days >= 1),
  updated_at TEXT NOT NULL,
  updated_by INTEGER REFERENCES users(id)
);
INSERT INTO retention_settings_new (kind, days, updated_at, updated_by)
  SELECT kind, days, updated_at, updated_by FROM retention_settings;
DROP TABLE retention_settings;
ALTER TABLE retention_settings_new RENAME TO retention_settings;

-- Why a run stopped: 'disk_full' (the database could not grow; the next run resumes where it stopped) or 'error'.
ALTER TABLE retention_runs ADD COLUMN failure TEXT;
