-- Tamper-evident audit log (issue 21, SPEC §10 "Audit chain"). Each row carries `hash`, an HMAC-SHA256 under
-- AUDIT_KEY of its id, time, actor, action, subject, address, details and `prev_hash` (the hash of the row before
-- it); `npm run audit:verify` and /admin/audit/verify walk the chain (src/audit/audit-chain.ts).
-- Rows that exist when this migration runs get their seal once, at the next start (the app holds the key, SQL does
-- not): the update trigger lets a row without a seal receive one, and nothing else.
ALTER TABLE audit_log ADD COLUMN prev_hash TEXT;
ALTER TABLE audit_log ADD COLUMN hash TEXT;

DROP TRIGGER audit_log_no_update;
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
  WHEN NOT (OLD.hash IS NULL AND NEW.id = OLD.id AND NEW.at = OLD.at AND NEW.actor_id IS OLD.actor_id
    AND NEW.action = OLD.action AND NEW.subject_type IS OLD.subject_type AND NEW.subject_id IS OLD.subject_id
    AND NEW.ip IS OLD.ip AND NEW.details = OLD.details)
  BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;

-- Where a retention purge of old audit rows ended: the last purged row's id and hash, signed (HMAC under
-- AUDIT_KEY), so the chain is verified from there. Append-only like the log.
CREATE TABLE audit_checkpoints (
  id        INTEGER PRIMARY KEY,
  last_id   INTEGER NOT NULL,
  last_hash TEXT NOT NULL,
  at        TEXT NOT NULL,
  signature TEXT NOT NULL
);
CREATE INDEX audit_checkpoints_last_id ON audit_checkpoints(last_id);
CREATE TRIGGER audit_checkpoints_no_update BEFORE UPDATE ON audit_checkpoints
  BEGIN SELECT RAISE(ABORT, 'audit_checkpoints is append-only'); END;
CREATE TRIGGER audit_checkpoints_no_delete BEFORE DELETE ON audit_checkpoints
  BEGIN SELECT RAISE(ABORT, 'audit_checkpoints is append-only'); END;
