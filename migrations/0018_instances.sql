-- Several instances on one database (issue 14, SPEC §9 "Growing past one machine"): what lived in one process is
-- shared through the database. Portable SQL: the PostgreSQL twin (migrations/postgres/) differs only in types.

-- Background work one instance does at a time (a mailbox's IMAP poll, the deadline job, the retention purge):
-- an instance may start it only when expires_at has passed. While it runs the holder renews expires_at; when it
-- is done it clears the holder and sets expires_at to when the work is next due.
CREATE TABLE leases (
  name       TEXT PRIMARY KEY,
  holder     TEXT NOT NULL DEFAULT '',
  expires_at TEXT NOT NULL
);

-- An outgoing mail being sent is claimed by one instance until claim_expires_at (renewed while it sends); a
-- claim that ran out (its instance died) is taken over. NULL on mail claimed before this migration.
ALTER TABLE mail_outbox ADD COLUMN claimed_by TEXT;
ALTER TABLE mail_outbox ADD COLUMN claim_expires_at TEXT;

-- Flood limits of the SMTP listener as token buckets every instance shares: `tokens` left at `at_ms` (epoch ms);
-- the bucket is full again at full_at_ms, after which the row is pruned.
CREATE TABLE flood_buckets (
  key        TEXT PRIMARY KEY,
  tokens     REAL NOT NULL,
  at_ms      REAL NOT NULL,
  full_at_ms REAL NOT NULL
);
CREATE INDEX flood_buckets_full ON flood_buckets(full_at_ms);

-- A live event too large for one NOTIFY payload (PostgreSQL: under 8000 bytes) is kept here for a minute and
-- its id is sent instead. Unused on SQLite, where one instance serves the desk.
CREATE TABLE live_event_spill (
  id         INTEGER PRIMARY KEY,
  payload    TEXT NOT NULL,
  created_at TEXT NOT NULL
);
CREATE INDEX live_event_spill_created ON live_event_spill(created_at);
