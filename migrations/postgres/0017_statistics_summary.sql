-- Statistics summary (issue 13, SPEC §11): the desk's figures over a million contacts without reading them.
-- contact_stats holds, per UTC day of arrival, how many contacts have each value of each dimension (channel,
-- queue, in_office_hours, topic, the UTC hour of arrival, and the SLA outcome of contacts an agent acted on);
-- it is kept in the transaction of every contact change (src/statistics/contact-stats.queries.ts). The first
-- time an agent did something on a contact (not its creation) is kept on the contact as first_action_at.
-- Plain portable SQL (this PostgreSQL copy is the same file); the backfill below counts the contacts that are already there.

ALTER TABLE contacts ADD COLUMN first_action_at TEXT;
UPDATE contacts SET first_action_at = (SELECT min(e.at) FROM contact_events e
  WHERE e.contact_id = contacts.id AND e.actor_id IS NOT NULL AND e.kind <> 'created');
-- Contacts with a due time nobody acted on yet: met, missed or waiting is decided at reading time.
CREATE INDEX contacts_sla_open ON contacts(started_at, due_at) WHERE first_action_at IS NULL AND due_at IS NOT NULL;

CREATE TABLE contact_stats (
  dimension TEXT NOT NULL,
  day       TEXT NOT NULL,              -- YYYY-MM-DD (UTC) of started_at
  value     TEXT NOT NULL,
  n         INTEGER NOT NULL,
  PRIMARY KEY (dimension, day, value)
);

INSERT INTO contact_stats (dimension, day, value, n)
  SELECT 'channel', substr(started_at, 1, 10), channel, count(*) FROM contacts GROUP BY substr(started_at, 1, 10), channel;
INSERT INTO contact_stats (dimension, day, value, n)
  SELECT 'queue', substr(started_at, 1, 10), queue, count(*) FROM contacts GROUP BY substr(started_at, 1, 10), queue;
INSERT INTO contact_stats (dimension, day, value, n)
  SELECT 'in_office_hours', substr(started_at, 1, 10), CAST(in_office_hours AS TEXT), count(*) FROM contacts
  GROUP BY substr(started_at, 1, 10), CAST(in_office_hours AS TEXT);
INSERT INTO contact_stats (dimension, day, value, n)
  SELECT 'topic', substr(started_at, 1, 10), coalesce(topic, 'none'), count(*) FROM contacts
  GROUP BY substr(started_at, 1, 10), coalesce(topic, 'none');
INSERT INTO contact_stats (dimension, day, value, n)
  SELECT 'hour', substr(started_at, 1, 10), substr(started_at, 12, 2), count(*) FROM contacts
  GROUP BY substr(started_at, 1, 10), substr(started_at, 12, 2);
INSERT INTO contact_stats (dimension, day, value, n)
  SELECT 'sla', substr(started_at, 1, 10), CASE WHEN first_action_at <= due_at THEN 'met' ELSE 'missed' END, count(*)
  FROM contacts WHERE due_at IS NOT NULL AND first_action_at IS NOT NULL
  GROUP BY substr(started_at, 1, 10), CASE WHEN first_action_at <= due_at THEN 'met' ELSE 'missed' END;

-- After-hours contacts in order of arrival, for the time to first review (joined to review_items by id).
CREATE INDEX contacts_after_hours_arrival ON contacts(in_office_hours, started_at) WHERE in_office_hours = 0;
