-- Registration summary (issue 28): the statistics page's registration tables without reading the registrations.
-- registration_stats holds, per day of registration (reported_on) and value of each dimension the page, the exports
-- and the publication read, how many registrations have that value (a registration counts once per value it has:
-- once per distinct nationality, nationality group and care need), and per day the number of registrations
-- (dimension 'total', value ''). It is kept in the transaction of every registration write by the statistics
-- feature through the registrations' hooks (src/statistics/registration-stats.queries.ts); the backfill below
-- counts the registrations that are already there, as src/statistics/statistics.queries.ts counts them directly.
-- The nationality groups' EU/EEA/CH list (without NL) is src/registrations/nationality-group.ts's of this day.

CREATE TABLE registration_stats (
  dimension TEXT NOT NULL,
  day       TEXT NOT NULL,              -- YYYY-MM-DD, the registration's reported_on
  value     TEXT NOT NULL,
  n         INTEGER NOT NULL,
  PRIMARY KEY (dimension, day, value)
);

INSERT INTO registration_stats (dimension, day, value, n)
  SELECT 'total', reported_on, '', count(*) FROM registrations GROUP BY reported_on;
INSERT INTO registration_stats (dimension, day, value, n)
  SELECT 'exploitation', reported_on, primary_exploitation, count(*) FROM registrations GROUP BY reported_on, primary_exploitation;
INSERT INTO registration_stats (dimension, day, value, n)
  SELECT 'gender', reported_on, gender, count(*) FROM registrations GROUP BY reported_on, gender;
INSERT INTO registration_stats (dimension, day, value, n)
  SELECT 'age_band', reported_on, age_band, count(*) FROM registrations GROUP BY reported_on, age_band;
INSERT INTO registration_stats (dimension, day, value, n)
  SELECT 'reporter_type', reported_on, reporter_type, count(*) FROM registrations GROUP BY reported_on, reporter_type;
INSERT INTO registration_stats (dimension, day, value, n)
  SELECT 'region', reported_on, region, count(*) FROM registrations GROUP BY reported_on, region;
INSERT INTO registration_stats (dimension, day, value, n)
  SELECT 'sector', reported_on, coalesce(sector, 'unknown'), count(*) FROM registrations GROUP BY reported_on, coalesce(sector, 'unknown');
INSERT INTO registration_stats (dimension, day, value, n)
  SELECT 'care_region', reported_on, coalesce(cast(care_region_id AS TEXT), 'unknown'), count(*) FROM registrations GROUP BY reported_on, coalesce(cast(care_region_id AS TEXT), 'unknown');
INSERT INTO registration_stats (dimension, day, value, n)
  SELECT 'placement', reported_on, coalesce(placement, 'unknown'), count(*) FROM registrations GROUP BY reported_on, coalesce(placement, 'unknown');
INSERT INTO registration_stats (dimension, day, value, n)
  SELECT 'shelter_requested', reported_on, cast(shelter_requested AS TEXT), count(*) FROM registrations GROUP BY reported_on, cast(shelter_requested AS TEXT);
INSERT INTO registration_stats (dimension, day, value, n)
  SELECT 'minor', reported_on, coalesce(cast(minor AS TEXT), 'unknown'), count(*) FROM registrations GROUP BY reported_on, coalesce(cast(minor AS TEXT), 'unknown');
INSERT INTO registration_stats (dimension, day, value, n)
  SELECT 'dossier_type', reported_on, dossier_type, count(*) FROM registrations GROUP BY reported_on, dossier_type;
INSERT INTO registration_stats (dimension, day, value, n)
  SELECT 'minor_at_exploitation', reported_on, minor_at_exploitation, count(*) FROM registrations GROUP BY reported_on, minor_at_exploitation;
INSERT INTO registration_stats (dimension, day, value, n)
  SELECT 'sub3_case', reported_on, cast(sub3_case AS TEXT), count(*) FROM registrations GROUP BY reported_on, cast(sub3_case AS TEXT);
INSERT INTO registration_stats (dimension, day, value, n)
  SELECT 'reflection_offered', reported_on, reflection_offered, count(*) FROM registrations GROUP BY reported_on, reflection_offered;
INSERT INTO registration_stats (dimension, day, value, n)
  SELECT 'reflection_offered_by', reported_on, coalesce(reflection_offered_by, 'unknown'), count(*) FROM registrations GROUP BY reported_on, coalesce(reflection_offered_by, 'unknown');
INSERT INTO registration_stats (dimension, day, value, n)
  SELECT 'complaint', reported_on, complaint, count(*) FROM registrations GROUP BY reported_on, complaint;
INSERT INTO registration_stats (dimension, day, value, n)
  SELECT 'other_cooperation', reported_on, other_cooperation, count(*) FROM registrations GROUP BY reported_on, other_cooperation;
INSERT INTO registration_stats (dimension, day, value, n)
  SELECT 'residence_status', reported_on, residence_status, count(*) FROM registrations GROUP BY reported_on, residence_status;
INSERT INTO registration_stats (dimension, day, value, n)
  SELECT 'nationality', r.reported_on, coalesce(n.code, 'XX'), count(DISTINCT r.id)
  FROM registrations r LEFT JOIN registration_nationalities n ON n.registration_id = r.id
  GROUP BY r.reported_on, coalesce(n.code, 'XX');
INSERT INTO registration_stats (dimension, day, value, n)
  SELECT 'nationality_group', g.reported_on, g.value, count(DISTINCT g.id) FROM (
    SELECT r.id, r.reported_on, CASE
      WHEN n.code IS NULL OR n.code = 'XX' THEN 'unknown'
      WHEN n.code = 'NL' THEN 'nl'
      WHEN n.code = 'XS' THEN 'stateless'
      WHEN n.code IN ('AT', 'BE', 'BG', 'HR', 'CY', 'CZ', 'DK', 'EE', 'FI', 'FR', 'DE', 'GR', 'HU', 'IE', 'IT', 'LV', 'LT', 'LU', 'MT', 'PL', 'PT', 'RO', 'SK', 'SI', 'ES', 'SE', 'IS', 'LI', 'NO', 'CH') THEN 'eu'
      ELSE 'non_eu' END AS value
    FROM registrations r LEFT JOIN registration_nationalities n ON n.registration_id = r.id) g
  GROUP BY g.reported_on, g.value;
INSERT INTO registration_stats (dimension, day, value, n)
  SELECT 'care_need', r.reported_on, coalesce(cn.need, 'none'), count(DISTINCT r.id)
  FROM registrations r LEFT JOIN registration_care_needs cn ON cn.registration_id = r.id
  GROUP BY r.reported_on, coalesce(cn.need, 'none');
