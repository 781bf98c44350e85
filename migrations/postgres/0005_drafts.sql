-- The agent's experience: drafts that survive a reload or an expired session, exact search by a party's name,
-- and the inbox in order of urgency.

-- What an agent is writing and has not saved yet: a note, a reply, the new-contact form. One row per user,
-- contact ('new' for the new-contact form) and field. The text may hold names: it is encrypted (text_enc).
CREATE TABLE drafts (
  user_id     INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  contact_key TEXT NOT NULL,                     -- a contact's id, or 'new'
  field       TEXT NOT NULL,                     -- note, reply, form, ...
  text_enc    TEXT NOT NULL,
  updated_at  TEXT NOT NULL,
  PRIMARY KEY (user_id, contact_key, field)
);

-- Keyed hash (HMAC) of the party's normalised name (lower case, no accents, words sorted): an exact name
-- search without decrypting anything. Set wherever the name is written.
ALTER TABLE contacts ADD COLUMN party_name_hash TEXT;
CREATE INDEX contacts_name ON contacts(party_name_hash) WHERE party_name_hash IS NOT NULL;

-- The inbox's default view: open contacts, most urgent first, then by due time (overdue first), newest first.
-- The expressions must stay identical to those in contacts.queries.ts (listInbox) for SQLite to use the index.
CREATE INDEX contacts_inbox_order ON contacts(
  (CASE priority WHEN 'urgent' THEN 0 WHEN 'high' THEN 1 WHEN 'normal' THEN 2 ELSE 3 END),
  (COALESCE(due_at, '~')),
  id DESC
) WHERE status <> 'resolved';

-- The same order within one queue (the queue tabs).
CREATE INDEX contacts_inbox_queue_order ON contacts(
  queue,
  (CASE priority WHEN 'urgent' THEN 0 WHEN 'high' THEN 1 WHEN 'normal' THEN 2 ELSE 3 END),
  (COALESCE(due_at, '~')),
  id DESC
) WHERE status <> 'resolved';

-- Open contacts per queue, for the inbox's queue tabs.
CREATE INDEX contacts_open_queue ON contacts(queue, spam_at) WHERE status <> 'resolved';

-- Organisations are found by the inbox's full-text search: add the organisation of existing contacts.
UPDATE contact_text
   SET body = body || chr(10) || (SELECT party_org FROM contacts WHERE contacts.id = contact_text.rowid)
 WHERE rowid IN (SELECT id FROM contacts WHERE party_org IS NOT NULL AND party_org <> '');
