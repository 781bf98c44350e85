-- The contact log agents can trust (issue 7): a version per contact for "no silent overwrites", the mark for
-- a contact created by mistake (kept, never deleted), several topics per contact, and the truth about a call.

-- Goes up by one on every change to a field an agent can edit (subject, party, language, topics, queue,
-- status, priority, assignee, safe-contact flags, spam, mistaken). A form carries the version it was drawn
-- from; a change on an older one answers 409. Bookkeeping (updated_at, ended_at, due_at, search text,
-- channel, the call outcome) leaves it alone: no agent's form can overwrite those.
ALTER TABLE contacts ADD COLUMN version INTEGER NOT NULL DEFAULT 1;

-- Created by mistake: hidden from the inbox, shown as such on its page, can be unmarked; never deleted.
ALTER TABLE contacts ADD COLUMN mistaken_at TEXT;
ALTER TABLE contacts ADD COLUMN mistaken_by INTEGER REFERENCES users(id);

-- What happened to a call, for lists: 'answered', 'missed', 'voicemail'; NULL for other channels and while
-- a call is still going on.
ALTER TABLE contacts ADD COLUMN call_outcome TEXT CHECK (call_outcome IN ('answered','missed','voicemail'));

-- The version a change produced, so a 409 can show exactly what happened since the agent's version.
ALTER TABLE contact_events ADD COLUMN version INTEGER;

-- A contact's topics (codes of SPEC section 5). contacts.topic keeps the first one (or the phone menu's hint).
-- rowid keeps the order the topics were given in (SQLite's own rowid; here an identity column of that name,
-- read by src/db/row-order.ts).
CREATE TABLE contact_topics (
  contact_id INTEGER NOT NULL REFERENCES contacts(id),
  topic      TEXT NOT NULL,
  rowid      INTEGER GENERATED ALWAYS AS IDENTITY,
  PRIMARY KEY (contact_id, topic)
);
CREATE INDEX contact_topics_topic ON contact_topics(topic, contact_id);

-- Who answered a call: the agent target Twilio connected (an E.164 desk number or client:identity).
ALTER TABLE calls ADD COLUMN answered_by TEXT;
