-- Email channel: messages in and out, their attachments, who takes part in a thread, the outbox,
-- the acknowledgement log, merged contacts and the spam mark.
-- Addresses are personal data: *_enc (AES-256-GCM), *_hash (HMAC of the normalised address), *_mask.

-- One row per message, incoming or outgoing. A message is known by its Message-ID *and* a fingerprint
-- of its content (sender, Date, Subject and the raw body): the same message delivered twice (a retry
-- after a lost 250, or the same mail by SMTP and IMAP) is stored once, while a different message that
-- reuses someone's Message-ID (forged or broken) is stored as its own message and never merged.
CREATE TABLE mail_messages (
  id            INTEGER PRIMARY KEY,
  contact_id    INTEGER NOT NULL REFERENCES contacts(id),
  direction     TEXT NOT NULL CHECK (direction IN ('in','out')),
  kind          TEXT NOT NULL DEFAULT 'mail' CHECK (kind IN ('mail','ack','reply')),
  source        TEXT NOT NULL CHECK (source IN ('smtp','imap','agent','system')),
  message_id    TEXT NOT NULL,                   -- without angle brackets
  fingerprint   TEXT NOT NULL,                   -- sha256 (hex), see above
  id_conflict   INTEGER NOT NULL DEFAULT 0,      -- 1: another message already had this Message-ID
  thread_via    TEXT NOT NULL DEFAULT 'new',     -- new | signed | reference | subject | reply
  thread_note   TEXT,                            -- e.g. a subject reference that was not honoured
  in_reply_to   TEXT,
  refs          TEXT NOT NULL DEFAULT '[]',      -- JSON array of Message-IDs (References)
  from_enc      TEXT,
  from_name_enc TEXT,
  from_hash     TEXT,
  from_mask     TEXT,
  to_enc        TEXT,                            -- encrypted JSON array of addresses
  cc_enc        TEXT,
  subject       TEXT NOT NULL DEFAULT '',
  date_header   TEXT,                            -- the sender's Date, as UTC ISO when it could be read
  received_at   TEXT NOT NULL,                   -- when Baken stored it (in) or queued it (out)
  text_body     TEXT NOT NULL DEFAULT '',
  html_safe     TEXT,                            -- sanitised HTML; NULL when the message had none
  auto_reason   TEXT,                            -- why it was not acknowledged (auto-submitted, list, ...)
  malformed     INTEGER NOT NULL DEFAULT 0,      -- 1: the MIME structure could not be read; text is the raw source
  size_bytes    INTEGER NOT NULL DEFAULT 0,
  created_by    INTEGER REFERENCES users(id)
);
CREATE UNIQUE INDEX mail_messages_key ON mail_messages(message_id, fingerprint);
CREATE INDEX mail_messages_contact ON mail_messages(contact_id, id);

-- Attachments: the file lives under DATA_DIR/attachments/<sha256[0:2]>/<sha256>, stored once however
-- often it arrives. `withheld` says why the content was not kept (too large); the row still shows it existed.
CREATE TABLE mail_attachments (
  id            INTEGER PRIMARY KEY,
  message_id    INTEGER NOT NULL REFERENCES mail_messages(id),
  filename_enc  TEXT,
  content_type  TEXT NOT NULL,
  size_bytes    INTEGER NOT NULL,
  sha256        TEXT,
  withheld      TEXT
);
CREATE INDEX mail_attachments_message ON mail_attachments(message_id);

-- Who takes part in a contact's conversation (senders and recipients), by address hash: a reference in
-- the subject, or someone else's Message-ID, joins a thread only for these.
CREATE TABLE mail_participants (
  contact_id   INTEGER NOT NULL REFERENCES contacts(id),
  address_hash TEXT NOT NULL,
  PRIMARY KEY (contact_id, address_hash)
) WITHOUT ROWID;

-- Every outgoing mail is stored here first (with its message) and sent by the outbox worker.
CREATE TABLE mail_outbox (
  id              INTEGER PRIMARY KEY,
  mail_message_id INTEGER NOT NULL UNIQUE REFERENCES mail_messages(id),
  contact_id      INTEGER NOT NULL REFERENCES contacts(id),
  kind            TEXT NOT NULL CHECK (kind IN ('ack','reply')),
  status          TEXT NOT NULL DEFAULT 'queued' CHECK (status IN ('queued','sending','sent','failed')),
  attempts        INTEGER NOT NULL DEFAULT 0,
  next_attempt_at TEXT NOT NULL,
  last_error      TEXT,
  created_at      TEXT NOT NULL,
  sent_at         TEXT
);
CREATE INDEX mail_outbox_due ON mail_outbox(status, next_attempt_at);
CREATE INDEX mail_outbox_contact ON mail_outbox(contact_id);

-- At most one acknowledgement per sender per 24 hours.
CREATE TABLE mail_ack_log (
  sender_hash TEXT PRIMARY KEY,
  last_at     TEXT NOT NULL
) WITHOUT ROWID;

-- A contact merged into another: its messages and events moved to the target; the source stays, resolved,
-- with this pointer.
CREATE TABLE contact_merges (
  source_id  INTEGER PRIMARY KEY REFERENCES contacts(id),
  target_id  INTEGER NOT NULL REFERENCES contacts(id),
  merged_by  INTEGER REFERENCES users(id),
  merged_at  TEXT NOT NULL
);
CREATE INDEX contact_merges_target ON contact_merges(target_id);

-- Spam: set when an agent marks a contact as spam; the inbox hides such contacts unless asked for them.
ALTER TABLE contacts ADD COLUMN spam_at TEXT;
