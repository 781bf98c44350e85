-- /healthz (issue 21): a database that answers a read but cannot write (a full disk, a read-only server) must
-- report 503, so each check commits a write here: a row per instance, its last check. `pad` stays empty on
-- PostgreSQL (SQLite's check writes 64 kB of random bytes into it). Rows of instances gone for a day are removed by the next
-- check. The SQLite twin (migrations/0027_health_probe.sql) is the same.
CREATE TABLE health_probe (
  instance   TEXT PRIMARY KEY,
  checked_at TEXT NOT NULL,
  pad        TEXT NOT NULL DEFAULT ''
);
