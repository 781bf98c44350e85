-- Care coordination until the conclusion (issue 26): referrals to a region's coordinator, the procedures a
-- coordinator follows per person, and the closing of a case. Codes only; the one free text (a return's reason)
-- is blanked with the registration's identifiers by retention.

-- Every referral of a registration to its care region's coordinator; at most one waits at a time.
CREATE TABLE registration_referrals (
  id              INTEGER PRIMARY KEY,
  registration_id INTEGER NOT NULL REFERENCES registrations(id),
  care_region_id  INTEGER NOT NULL REFERENCES care_regions(id),
  status          TEXT NOT NULL CHECK (status IN ('pending','accepted','returned')),
  referred_by     INTEGER REFERENCES users(id),
  referred_at     TEXT NOT NULL,
  decided_by      INTEGER REFERENCES users(id),
  decided_at      TEXT,
  reason          TEXT
);
CREATE UNIQUE INDEX registration_referrals_one_pending ON registration_referrals(registration_id)
  WHERE status = 'pending';
CREATE INDEX registration_referrals_registration ON registration_referrals(registration_id, id);
CREATE INDEX registration_referrals_region ON registration_referrals(care_region_id, status);

-- A registration's care case: who coordinates it (the coordinator who accepted, or the centre) and how it ended.
CREATE TABLE care_cases (
  registration_id INTEGER PRIMARY KEY REFERENCES registrations(id),
  owner_id        INTEGER REFERENCES users(id),
  at_centre       INTEGER NOT NULL DEFAULT 0 CHECK (at_centre IN (0,1)),
  outcome         TEXT CHECK (outcome IN ('transferred','returned_home','procedures_completed','lost_contact',
                    'declined','other')),
  closed_on       TEXT,
  closed_by       INTEGER REFERENCES users(id),
  closed_at       TEXT,
  updated_at      TEXT NOT NULL
);
CREATE INDEX care_cases_owner ON care_cases(owner_id);
CREATE INDEX care_cases_closed_on ON care_cases(closed_on);

-- The checklist of procedures per person, each with an owner, a status and a due date.
CREATE TABLE registration_procedures (
  id              INTEGER PRIMARY KEY,
  registration_id INTEGER NOT NULL REFERENCES registrations(id),
  kind            TEXT NOT NULL CHECK (kind IN ('b8_3_permit','police_report','living_allowance','health_insurance',
                    'brp','cosm_placement','legal_aid','iom_return','nidos_guardian')),
  owner_id        INTEGER REFERENCES users(id),
  status          TEXT NOT NULL DEFAULT 'todo'
                    CHECK (status IN ('todo','applied','granted','refused','not_applicable')),
  due_on          TEXT,
  task_raised_for TEXT,
  version         INTEGER NOT NULL DEFAULT 1,
  created_by      INTEGER REFERENCES users(id),
  created_at      TEXT NOT NULL,
  updated_at      TEXT NOT NULL,
  UNIQUE (registration_id, kind)
);
CREATE INDEX registration_procedures_due ON registration_procedures(due_on);
