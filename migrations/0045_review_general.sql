-- The after-hours review's "general / information" decision (issue 23): an item that asks for figures, leaflets
-- or general information goes to the general queue. SQLite cannot change a CHECK: review_items is copied into a
-- table with the wider list (nothing references review_items).

CREATE TABLE review_items_new (
  contact_id          INTEGER PRIMARY KEY REFERENCES contacts(id),
  held_by             INTEGER REFERENCES users(id),
  held_until          TEXT,
  first_reviewed_at   TEXT,
  first_reviewed_by   INTEGER REFERENCES users(id),
  recording_gone_at   TEXT,
  decided_at          TEXT,
  decided_by          INTEGER REFERENCES users(id),
  decision            TEXT CHECK (decision IN ('callback','legal','registration','care','general','merge','dismiss')),
  reason              TEXT CHECK (reason IN ('silence','wrong_number','spam','handled','other')),
  callback_contact_id INTEGER REFERENCES contacts(id),
  merged_into         INTEGER REFERENCES contacts(id),
  unplayable          TEXT CHECK (unplayable IN ('gone', 'failed'))
);
INSERT INTO review_items_new (contact_id, held_by, held_until, first_reviewed_at, first_reviewed_by, recording_gone_at,
                              decided_at, decided_by, decision, reason, callback_contact_id, merged_into, unplayable)
  SELECT contact_id, held_by, held_until, first_reviewed_at, first_reviewed_by, recording_gone_at,
         decided_at, decided_by, decision, reason, callback_contact_id, merged_into, unplayable FROM review_items;
DROP TABLE review_items;
ALTER TABLE review_items_new RENAME TO review_items;
CREATE INDEX review_items_reviewed ON review_items(first_reviewed_at) WHERE first_reviewed_at IS NOT NULL;
