-- Replies an agent can send: a signature per user and per language, and outgoing mail an agent cancelled
-- before it left.

-- Plain text, appended below the agent's reply in the reply's language (NULL: no signature in that language).
ALTER TABLE users ADD COLUMN signature_nl TEXT;
ALTER TABLE users ADD COLUMN signature_en TEXT;

-- A cancelled mail keeps its row (and its message, so the thread shows what was not sent) with these set,
-- and its status set to 'failed' so no worker ever picks it up (the worker claims only 'queued' rows).
-- Widening the status CHECK would mean rebuilding mail_outbox, which would drop any column another
-- migration adds to it; cancelled_at is the mark, read as "cancelled" wherever the status is shown.
ALTER TABLE mail_outbox ADD COLUMN cancelled_at TEXT;
ALTER TABLE mail_outbox ADD COLUMN cancelled_by INTEGER REFERENCES users(id);
