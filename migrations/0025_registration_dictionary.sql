-- The registration's missing dictionary items and legal rules (issue 24; reference/domain.md §0, §1.2, §1.5, §3.1).
-- Coded fields only: minor during exploitation (CTDC majorityStatusAtExploit), the art. 273f lid 1 sub 3 case,
-- who offered the reflection period and whether it was offered, a Dublin override's reason (a Dublin claimant gets
-- 30 days; 90 needs a reason), the complaint's date and "other cooperation", the age at registration with how it
-- was found (date of birth, a typed age, or a birth year by the mid-year rule), the care needs (special-category
-- data: codes only), and the dossier type's history (a dynamic attribute, domain §0).

ALTER TABLE registrations ADD COLUMN minor_at_exploitation TEXT NOT NULL DEFAULT 'unknown'
  CHECK (minor_at_exploitation IN ('yes','no','unknown'));
ALTER TABLE registrations ADD COLUMN sub3_case INTEGER NOT NULL DEFAULT 0 CHECK (sub3_case IN (0,1));
ALTER TABLE registrations ADD COLUMN reflection_offered TEXT NOT NULL DEFAULT 'unknown'
  CHECK (reflection_offered IN ('yes','no','unknown'));
ALTER TABLE registrations ADD COLUMN reflection_offered_by TEXT
  CHECK (reflection_offered_by IS NULL OR reflection_offered_by IN ('police','kmar','unknown'));
ALTER TABLE registrations ADD COLUMN reflection_override_reason TEXT
  CHECK (reflection_override_reason IS NULL OR length(reflection_override_reason) <= 500);
ALTER TABLE registrations ADD COLUMN complaint_on TEXT;
ALTER TABLE registrations ADD COLUMN other_cooperation TEXT NOT NULL DEFAULT 'unknown'
  CHECK (other_cooperation IN ('yes','no','unknown'));
ALTER TABLE registrations ADD COLUMN age_at_registration INTEGER
  CHECK (age_at_registration IS NULL OR age_at_registration BETWEEN 0 AND 130);
-- NULL for registrations saved before this migration (their band was taken from the lower possible age).
ALTER TABLE registrations ADD COLUMN age_basis TEXT
  CHECK (age_basis IS NULL OR age_basis IN ('date_of_birth','age','birth_year','unknown'));

CREATE TABLE registration_care_needs (
  registration_id INTEGER NOT NULL REFERENCES registrations(id),
  need            TEXT NOT NULL CHECK (need IN ('medical','psychological','addiction','intellectual_disability',
                    'housing','legal','interpreter','financial','safety')),
  PRIMARY KEY (registration_id, need)
);

-- Every dossier type a registration has had, the current one last; the first row is the type it was saved with.
CREATE TABLE registration_dossier_types (
  id              INTEGER PRIMARY KEY,
  registration_id INTEGER NOT NULL REFERENCES registrations(id),
  dossier_type    TEXT NOT NULL
                    CHECK (dossier_type IN ('registration','registration_shelter','registration_advice')),
  changed_at      TEXT NOT NULL,
  changed_by      INTEGER REFERENCES users(id)
);
CREATE INDEX registration_dossier_types_registration ON registration_dossier_types(registration_id, id);
INSERT INTO registration_dossier_types (registration_id, dossier_type, changed_at, changed_by)
  SELECT id, dossier_type, created_at, created_by FROM registrations ORDER BY id;
