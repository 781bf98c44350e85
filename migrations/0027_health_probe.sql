-- /healthz (issue 21): a database that answers a read but cannot write (a full disk, a read-only file system or
-- server) must report 503, so each check commits a write here: a row per instance, its last check. On SQLite the
-- row carries 64 kB of random bytes in `pad` (src/db/health.ts): the check needs as much room in the WAL as a call's
-- webhook, so it fails when they would. Rows of instances gone for a day are removed by the next check. The
-- PostgreSQL twin is the same.
CREATE TABLE health_probe (
  instance   TEXT PRIMARY KEY,
  checked_at TEXT NOT NULL,
  pad        TEXT NOT NULL DEFAULT ''
);
