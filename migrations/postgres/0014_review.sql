-- The after-hours review (issue 12, SPEC §6): one row per after-hours item an agent has opened or decided —
-- who holds it (and until when), when it was first reviewed, and the decision with who and when. An after-hours
-- contact without a row is simply waiting. The contact's own fields are changed through the contacts feature.

CREATE TABLE review_items (
  contact_id          INTEGER PRIMARY KEY REFERENCES contacts(id),
  held_by             INTEGER REFERENCES users(id),
  held_until          TEXT,
  first_reviewed_at   TEXT,
  first_reviewed_by   INTEGER REFERENCES users(id),
  recording_gone_at   TEXT,                       -- Twilio no longer has the voicemail: it may be decided unplayed
  decided_at          TEXT,
  decided_by          INTEGER REFERENCES users(id),
  decision            TEXT CHECK (decision IN ('callback','legal','registration','care','merge','dismiss')),
  reason              TEXT CHECK (reason IN ('silence','wrong_number','spam','handled','other')),
  callback_contact_id INTEGER REFERENCES contacts(id),
  merged_into         INTEGER REFERENCES contacts(id)
);
CREATE INDEX review_items_reviewed ON review_items(first_reviewed_at) WHERE first_reviewed_at IS NOT NULL;
CREATE INDEX contacts_after_hours ON contacts(in_office_hours, status) WHERE in_office_hours = 0;
