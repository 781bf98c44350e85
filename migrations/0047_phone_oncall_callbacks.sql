-- Issue 25 (phone, part a): Dutch voicemail text, the on-call notice, and callbacks placed from Baken.
-- The PostgreSQL twin is migrations/postgres/0047_phone_oncall_callbacks.sql.

-- Real-time transcription (<Start><Transcription>) of a voicemail arrives utterance by utterance: each final
-- utterance is kept here (encrypted) until the transcription stops, then joined into the recording's text and
-- deleted. Keyed by Twilio's TranscriptionSid and SequenceId, so a retried callback is stored once.
CREATE TABLE call_transcript_parts (
  transcription_sid TEXT NOT NULL,
  sequence_id       INTEGER NOT NULL,
  call_sid          TEXT NOT NULL,
  text_enc          TEXT NOT NULL,
  created_at        TEXT NOT NULL,
  PRIMARY KEY (transcription_sid, sequence_id)
);
CREATE INDEX call_transcript_parts_call ON call_transcript_parts(call_sid);

-- A whole transcript whose call has no recording yet (the recording callback may come after the transcription
-- stopped): applied to the voicemail when it arrives, then deleted. The text is encrypted.
CREATE TABLE call_transcripts_pending (
  call_sid          TEXT PRIMARY KEY,
  transcription_sid TEXT NOT NULL,
  text_enc          TEXT,
  created_at        TEXT NOT NULL
);

-- Desk settings an admin changes in the app (the on-call number and address); NULL value: not set.
CREATE TABLE desk_settings (
  key        TEXT PRIMARY KEY CHECK (key IN ('oncall_phone','oncall_email')),
  value      TEXT CHECK (value IS NULL OR length(value) <= 254),
  updated_at TEXT NOT NULL,
  updated_by INTEGER REFERENCES users(id)
);

-- One on-call notice per urgent after-hours item and channel (the unique key makes it once, whatever the
-- retries and instances). It holds no destination and no text: both are made when it is sent.
CREATE TABLE oncall_notices (
  id              INTEGER PRIMARY KEY,
  contact_id      INTEGER NOT NULL REFERENCES contacts(id),
  channel         TEXT NOT NULL CHECK (channel IN ('sms','email')),
  status          TEXT NOT NULL DEFAULT 'queued' CHECK (status IN ('queued','sending','sent','failed')),
  attempts        INTEGER NOT NULL DEFAULT 0,
  next_attempt_at TEXT NOT NULL,
  claimed_until   TEXT,
  last_error      TEXT CHECK (last_error IS NULL OR length(last_error) <= 200),
  provider_sid    TEXT,
  created_at      TEXT NOT NULL,
  sent_at         TEXT,
  UNIQUE (contact_id, channel)
);
CREATE INDEX oncall_notices_due ON oncall_notices(status, next_attempt_at);

-- Calls placed from Baken to call a party back: the agent's phone rings first, then the party. One row per
-- attempt; call_sid is the agent's leg (Twilio's answer to Calls.json, or the softphone's outgoing call).
CREATE TABLE callback_calls (
  id           INTEGER PRIMARY KEY,
  call_sid     TEXT UNIQUE,
  contact_id   INTEGER NOT NULL REFERENCES contacts(id),
  user_id      INTEGER REFERENCES users(id),
  status       TEXT NOT NULL DEFAULT 'placing'
                 CHECK (status IN ('placing','placed','dialled','done','failed')),
  outcome      TEXT CHECK (outcome IS NULL OR outcome IN ('reached','no-answer','busy','voicemail','failed','agent-missed')),
  duration     INTEGER,
  error        TEXT CHECK (error IS NULL OR length(error) <= 200),
  created_at   TEXT NOT NULL,
  updated_at   TEXT NOT NULL
);
CREATE INDEX callback_calls_contact ON callback_calls(contact_id);

-- An agent's desk phone (E.164): a callback rings it first. NULL: the browser softphone (client:user<id>).
ALTER TABLE users ADD COLUMN desk_phone TEXT CHECK (desk_phone IS NULL OR length(desk_phone) <= 20);
