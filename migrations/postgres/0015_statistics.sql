-- Statistics (SPEC §7, §11): covering indexes so that the statistics page groups 200,000 registrations and
-- 1,000,000 contacts by scanning narrow indexes instead of the wide rows (which carry encrypted fields).

CREATE INDEX registrations_stats ON registrations(reported_on, gender, age_band, minor, reporter_type, region,
  care_region_id, shelter_requested, placement, sector, birth_year);
CREATE INDEX contacts_stats ON contacts(started_at, channel, queue, in_office_hours, topic, due_at);
