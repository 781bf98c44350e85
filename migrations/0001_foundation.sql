-- Baken foundation: users, sessions, contacts with their timeline, office closures, audit log.
-- Timestamps are UTC ISO-8601 text. Identifying fields end in _enc (AES-256-GCM) or _hash (HMAC-SHA256).

CREATE TABLE users (
  id            INTEGER PRIMARY KEY,
  email         TEXT NOT NULL UNIQUE,
  name          TEXT NOT NULL,
  password_hash TEXT NOT NULL,
  roles         TEXT NOT NULL DEFAULT 'agent',   -- comma-separated: agent,legal,coordinator,supervisor,admin
  locale        TEXT,                            -- NULL: DEFAULT_LOCALE
  active        INTEGER NOT NULL DEFAULT 1,
  created_at    TEXT NOT NULL,
  updated_at    TEXT NOT NULL
);

CREATE TABLE sessions (
  id           TEXT PRIMARY KEY,                 -- sha256 of the cookie token
  user_id      INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  created_at   TEXT NOT NULL,
  last_seen_at TEXT NOT NULL
);
CREATE INDEX sessions_user ON sessions(user_id);

CREATE TABLE login_failures (
  id      INTEGER PRIMARY KEY,
  key     TEXT NOT NULL,                         -- 'email:<hmac>' or 'ip:<address>'
  at      TEXT NOT NULL
);
CREATE INDEX login_failures_key ON login_failures(key, at);

CREATE TABLE contacts (
  id                INTEGER PRIMARY KEY,
  reference         TEXT UNIQUE,                 -- HD-2026-000123, set right after insert
  channel           TEXT NOT NULL CHECK (channel IN ('phone','email','voicemail','manual')),
  direction         TEXT NOT NULL DEFAULT 'in' CHECK (direction IN ('in','out')),
  started_at        TEXT NOT NULL,
  ended_at          TEXT,
  in_office_hours   INTEGER NOT NULL,
  party_name_enc    TEXT,
  party_org         TEXT,
  party_type        TEXT,
  party_phone_enc   TEXT,
  party_phone_hash  TEXT,
  party_phone_mask  TEXT,                        -- e.g. +31 6 •••• ••78, safe for lists
  party_email_enc   TEXT,
  party_email_hash  TEXT,
  party_email_mask  TEXT,
  language          TEXT,
  subject           TEXT NOT NULL DEFAULT '',
  topic             TEXT,
  queue             TEXT NOT NULL DEFAULT 'general' CHECK (queue IN ('general','legal','registration','care','after-hours')),
  status            TEXT NOT NULL DEFAULT 'new' CHECK (status IN ('new','open','waiting','resolved')),
  priority          TEXT NOT NULL DEFAULT 'normal' CHECK (priority IN ('low','normal','high','urgent')),
  assignee_id       INTEGER REFERENCES users(id),
  due_at            TEXT,
  may_call_back     INTEGER,                     -- safe-contact flags: NULL = not asked
  may_leave_voicemail INTEGER,
  may_email         INTEGER,
  via_professional_only INTEGER,
  created_by        INTEGER REFERENCES users(id),
  created_at        TEXT NOT NULL,
  updated_at        TEXT NOT NULL
);
CREATE INDEX contacts_queue ON contacts(queue, id);
CREATE INDEX contacts_status ON contacts(status, id);
CREATE INDEX contacts_channel ON contacts(channel, id);
CREATE INDEX contacts_assignee ON contacts(assignee_id, id);
CREATE INDEX contacts_phone ON contacts(party_phone_hash);
CREATE INDEX contacts_email ON contacts(party_email_hash);
CREATE INDEX contacts_due ON contacts(due_at) WHERE status <> 'resolved';

-- Full-text index over a contact's subject and all its text (notes, message bodies, transcriptions).
-- rowid = contacts.id.
CREATE VIRTUAL TABLE contact_text USING fts5(subject, body, tokenize = 'unicode61 remove_diacritics 2');

CREATE TABLE contact_events (
  id         INTEGER PRIMARY KEY,
  contact_id INTEGER NOT NULL REFERENCES contacts(id),
  at         TEXT NOT NULL,
  actor_id   INTEGER REFERENCES users(id),       -- NULL: the system (Twilio, mail)
  kind       TEXT NOT NULL,                      -- created, note, assigned, queue, status, priority, ...
  data       TEXT NOT NULL DEFAULT '{}'          -- JSON
);
CREATE INDEX contact_events_contact ON contact_events(contact_id, id);

CREATE TABLE closures (
  id         INTEGER PRIMARY KEY,
  start_at   TEXT NOT NULL,
  end_at     TEXT NOT NULL,
  reason     TEXT NOT NULL,
  created_by INTEGER REFERENCES users(id),
  created_at TEXT NOT NULL,
  CHECK (end_at > start_at)
);

CREATE TABLE audit_log (
  id           INTEGER PRIMARY KEY,
  at           TEXT NOT NULL,
  actor_id     INTEGER REFERENCES users(id),
  action       TEXT NOT NULL,                    -- login, login.failed, user.create, contact.update, ...
  subject_type TEXT,
  subject_id   TEXT,
  ip           TEXT,
  details      TEXT NOT NULL DEFAULT '{}'        -- JSON, never personal data
);
CREATE INDEX audit_log_at ON audit_log(at);

-- The audit log is append-only.
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
