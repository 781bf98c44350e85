-- Phone channel (Twilio Programmable Voice): one row per call, one per voicemail recording.
-- A call is always a contact (contacts.channel 'phone', or 'voicemail' once a message was left).
-- The caller's number itself lives encrypted on the contact; here only its keyed hash.

CREATE TABLE calls (
  id               INTEGER PRIMARY KEY,
  call_sid         TEXT NOT NULL UNIQUE,           -- Twilio's CallSid: webhooks are retried, this keeps them idempotent
  contact_id       INTEGER NOT NULL REFERENCES contacts(id),
  from_hash        TEXT,                           -- HMAC of the caller's E.164 number; NULL when withheld
  in_office_hours  INTEGER NOT NULL,
  menu_choice      TEXT CHECK (menu_choice IN ('1','2','3')),
  status           TEXT NOT NULL DEFAULT 'ringing',-- Twilio's CallStatus as last reported
  dial_status      TEXT,                           -- DialCallStatus of ringing the agents (completed = an agent answered)
  answered_at      TEXT,
  duration         INTEGER,                        -- seconds, from the status callback
  started_at       TEXT NOT NULL,
  ended_at         TEXT,
  created_at       TEXT NOT NULL,
  updated_at       TEXT NOT NULL
);
CREATE INDEX calls_contact ON calls(contact_id);
CREATE INDEX calls_from ON calls(from_hash);

CREATE TABLE recordings (
  id                   INTEGER PRIMARY KEY,
  recording_sid        TEXT NOT NULL UNIQUE,
  call_sid             TEXT NOT NULL,
  contact_id           INTEGER NOT NULL REFERENCES contacts(id),
  url                  TEXT,                       -- Twilio's RecordingUrl (checked to be on the Twilio API); never shown in a page
  duration             INTEGER,                    -- seconds
  transcription_sid    TEXT,
  transcription_status TEXT,                       -- completed, failed
  transcription_text   TEXT,                       -- personal data: purged with the contact's message bodies
  played_at            TEXT,                       -- first time an agent played it (after-hours review counts from here)
  played_by            INTEGER REFERENCES users(id),
  created_at           TEXT NOT NULL,
  updated_at           TEXT NOT NULL
);
CREATE INDEX recordings_contact ON recordings(contact_id);
CREATE INDEX recordings_call ON recordings(call_sid);
