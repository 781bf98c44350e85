-- Retention of a contact's own identifiers (issue 21): a sixth kind, 'contacts' (party name, phone, email, the
-- subject and notes, mail subjects and addresses, caller numbers of resolved contacts), and why a run failed.
-- (PostgreSQL version of migrations/0020_retention_contacts.sql: the CHECK is replaced in place.)

ALTER TABLE retention_settings DROP CONSTRAINT retention_settings_kind_check;
ALTER TABLE retention_settings ADD CONSTRAINT retention_settings_kind_check
  CHECK (kind IN ('recordings','transcriptions','mail','identifiers','contacts','audit'));

-- Why a run stopped: 'disk_full' (the database could not grow; the next run resumes where it stopped) or 'error'.
ALTER TABLE retention_runs ADD COLUMN failure TEXT;
