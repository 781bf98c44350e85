-- Registrations of possible victims (SPEC §7, reference/domain.md §1): the registration itself with its
-- identifiers encrypted (_enc, AES-256-GCM) and keyed duplicate hashes (_hash, HMAC), the contacts it came
-- from, its multi-valued codes in child tables (queryable for the statistics), the care-coordination regions
-- an admin keeps, which users coordinate which region, and the deadline tasks already raised.

CREATE TABLE care_regions (
  id                INTEGER PRIMARY KEY,
  name              TEXT NOT NULL UNIQUE CHECK (length(name) BETWEEN 1 AND 120),
  covers            TEXT NOT NULL DEFAULT '' CHECK (length(covers) <= 2000),  -- municipalities or police unit
  coordinator_org   TEXT NOT NULL DEFAULT '' CHECK (length(coordinator_org) <= 200),
  coordinator_email TEXT CHECK (coordinator_email IS NULL OR length(coordinator_email) <= 254),
  has_coordinator   INTEGER NOT NULL DEFAULT 0 CHECK (has_coordinator IN (0,1)),
  created_at        TEXT NOT NULL,
  updated_at        TEXT NOT NULL
);

CREATE TABLE user_care_regions (
  user_id        INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  care_region_id INTEGER NOT NULL REFERENCES care_regions(id) ON DELETE CASCADE,
  PRIMARY KEY (user_id, care_region_id)
);

CREATE TABLE registrations (
  id                      INTEGER PRIMARY KEY,
  reference               TEXT UNIQUE,                 -- REG-2026-000123, made of the id right after insert
  form_token              TEXT NOT NULL UNIQUE,        -- one per rendered form: a double submit never makes two
  reported_on             TEXT NOT NULL,               -- YYYY-MM-DD, the date the statistics count
  dossier_type            TEXT NOT NULL DEFAULT 'registration'
                            CHECK (dossier_type IN ('registration','registration_shelter','registration_advice')),
  reporter_type           TEXT NOT NULL DEFAULT 'unknown',
  reporter_org            TEXT,
  region                  TEXT NOT NULL DEFAULT 'unknown',
  care_region_id          INTEGER REFERENCES care_regions(id),
  consent_registration    INTEGER CHECK (consent_registration IN (0,1)),
  consent_registration_on TEXT,
  consent_registration_by TEXT,
  consent_care            INTEGER CHECK (consent_care IN (0,1)),
  consent_care_on         TEXT,
  consent_care_by         TEXT,
  gender                  TEXT NOT NULL DEFAULT 'unknown' CHECK (gender IN ('female','male','other','unknown')),
  birth_year              INTEGER CHECK (birth_year IS NULL OR birth_year BETWEEN 1900 AND 2200),
  age_band                TEXT NOT NULL DEFAULT 'unknown',
  minor                   INTEGER CHECK (minor IN (0,1)),       -- NULL: age unknown
  country_of_origin       TEXT,
  sector                  TEXT,
  shelter_requested       INTEGER NOT NULL DEFAULT 0 CHECK (shelter_requested IN (0,1)),
  care_requested          INTEGER NOT NULL DEFAULT 0 CHECK (care_requested IN (0,1)),
  placement               TEXT,
  reflection_start        TEXT,                        -- YYYY-MM-DD
  reflection_days         INTEGER CHECK (reflection_days IS NULL OR reflection_days IN (30,90)),
  permit_expires_on       TEXT,
  shelter_ends_on         TEXT,
  complaint               TEXT NOT NULL DEFAULT 'unknown' CHECK (complaint IN ('yes','no','unknown')),
  residence_status        TEXT NOT NULL DEFAULT 'unknown',
  notes                   TEXT NOT NULL DEFAULT '' CHECK (length(notes) <= 2000),
  name_enc                TEXT,
  dob_enc                 TEXT,
  phone_enc               TEXT,
  email_enc               TEXT,
  vnumber_enc             TEXT,
  name_year_hash          TEXT,                        -- HMAC of the normalised name and the birth year
  phone_hash              TEXT,                        -- HMAC of the phone in E.164
  routed_to               TEXT CHECK (routed_to IS NULL OR routed_to IN ('coordinator','care')),
  created_by              INTEGER REFERENCES users(id),
  created_at              TEXT NOT NULL,
  updated_at              TEXT NOT NULL
);
CREATE INDEX registrations_name_year ON registrations(name_year_hash);
CREATE INDEX registrations_phone ON registrations(phone_hash);
CREATE INDEX registrations_care_region ON registrations(care_region_id, id);
CREATE INDEX registrations_reported ON registrations(reported_on);

CREATE TABLE registration_contacts (
  registration_id INTEGER NOT NULL REFERENCES registrations(id),
  contact_id      INTEGER NOT NULL REFERENCES contacts(id),
  linked_at       TEXT NOT NULL,
  linked_by       INTEGER REFERENCES users(id),
  PRIMARY KEY (registration_id, contact_id)
);
CREATE INDEX registration_contacts_contact ON registration_contacts(contact_id);

CREATE TABLE registration_nationalities (
  registration_id INTEGER NOT NULL REFERENCES registrations(id),
  code            TEXT NOT NULL,                       -- ISO 3166-1 alpha-2, XX unknown, XS stateless
  PRIMARY KEY (registration_id, code)
);
CREATE TABLE registration_exploitation (
  registration_id INTEGER NOT NULL REFERENCES registrations(id),
  form            TEXT NOT NULL CHECK (form IN ('sexual','labour','criminal','begging','organ','marriage','adoption',
                    'surrogacy','unknown')),
  PRIMARY KEY (registration_id, form)
);
CREATE TABLE registration_exploitation_countries (
  registration_id INTEGER NOT NULL REFERENCES registrations(id),
  code            TEXT NOT NULL,
  PRIMARY KEY (registration_id, code)
);

-- A deadline task raised once per registration, kind and end date (the periodic job checks here first).
CREATE TABLE registration_deadline_tasks (
  registration_id INTEGER NOT NULL REFERENCES registrations(id),
  kind            TEXT NOT NULL CHECK (kind IN ('reflection','permit','shelter')),
  ends_on         TEXT NOT NULL,
  contact_id      INTEGER REFERENCES contacts(id),
  raised_at       TEXT NOT NULL,
  PRIMARY KEY (registration_id, kind, ends_on)
);
