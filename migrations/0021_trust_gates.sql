-- Trust under faults (issue 21): simulated calls marked and kept out of every figure, and a voicemail counted as
-- heard only after its audio reached the agent to the end. Portable SQL: the PostgreSQL twin is the same.

-- A contact the call simulator made (development tools only): the agent who made it. NULL for every real contact;
-- statistics count only those.
ALTER TABLE contacts ADD COLUMN simulated_by INTEGER REFERENCES users(id);

-- Calls the simulator is about to send, by CallSid, so the webhook that logs the call marks its contact.
CREATE TABLE simulated_calls (
  call_sid   TEXT PRIMARY KEY,
  user_id    INTEGER NOT NULL REFERENCES users(id),
  created_at TEXT NOT NULL
);

-- What of a voicemail reached one agent's browser through the recording proxy: the bytes from the start received
-- without a gap, the recording's size, when its last byte arrived (streamed_at), when the agent's player then
-- reported it played to the end (heard_at), and when fetching or playing it failed for them (failed_at).
CREATE TABLE recording_plays (
  recording_id   INTEGER NOT NULL REFERENCES recordings(id),
  user_id        INTEGER NOT NULL REFERENCES users(id),
  streamed_bytes INTEGER NOT NULL DEFAULT 0,
  total_bytes    INTEGER,
  streamed_at    TEXT,
  heard_at       TEXT,
  failed_at      TEXT,
  PRIMARY KEY (recording_id, user_id)
);

-- An after-hours item decided without its voicemail being heard names why: Twilio no longer has it (gone) or it
-- would not load or play for the agent (failed).
ALTER TABLE review_items ADD COLUMN unplayable TEXT CHECK (unplayable IN ('gone', 'failed'));
