-- Two-factor sign-in (issue 21, SPEC §10): a TOTP secret per user (RFC 6238), ten single-use recovery codes
-- kept as keyed hashes, the admin's choice to require a factor of everyone, and sessions that have passed the
-- password but not yet the second factor.

-- One row per user who started enrolment; enabled_at is set once a code from the new secret was accepted.
-- The secret is encrypted (AES-256-GCM, src/crypto/field-crypto.ts). last_step is the 30-second time step of the
-- last accepted code: a code is never accepted twice. codes_to_show holds the new recovery codes (encrypted) until
-- the user's next view of the page shows them once.
CREATE TABLE two_factor (
  user_id       INTEGER PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
  secret_enc    TEXT NOT NULL,
  enabled_at    TEXT,
  last_step     INTEGER,
  codes_to_show TEXT,
  created_at    TEXT NOT NULL
);

-- Recovery codes as HMAC-SHA256 under the data key (a code has 50 random bits, so no slow hash is needed).
CREATE TABLE recovery_codes (
  id        INTEGER PRIMARY KEY,
  user_id   INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  code_hash TEXT NOT NULL,
  used_at   TEXT
);
CREATE UNIQUE INDEX recovery_codes_user_hash ON recovery_codes(user_id, code_hash);

-- The admin's policy: everyone = 1 requires a second factor of every user, not only of the roles that always need one.
CREATE TABLE two_factor_policy (
  id         INTEGER PRIMARY KEY CHECK (id = 1),
  everyone   INTEGER NOT NULL DEFAULT 0,
  updated_at TEXT,
  updated_by INTEGER REFERENCES users(id)
);
INSERT INTO two_factor_policy (id, everyone) VALUES (1, 0);

-- 1: the password was right and the second factor is still to come; such a session opens only /login/two-factor.
ALTER TABLE sessions ADD COLUMN factor_pending INTEGER NOT NULL DEFAULT 0;
