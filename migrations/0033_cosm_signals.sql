-- COSM placements and signals for policy (issue 26; reference/domain.md §0, §3.1).
-- The COSM shelters an admin keeps (name, region, kinds of places, places and free places); placement requests made
-- from a registration with the person's needs in codes only (no name, no date of birth: the registration holds
-- those); each offer of a request to a shelter with its answer and, when declined, the coded reason; and signals:
-- coded obstacles marked on a contact or a registration with a short note (encrypted, it is free text).

CREATE TABLE cosm_shelters (
  id          INTEGER PRIMARY KEY,
  name        TEXT NOT NULL UNIQUE CHECK (length(name) BETWEEN 1 AND 120),
  region      TEXT NOT NULL DEFAULT '' CHECK (length(region) <= 120),
  kinds       TEXT NOT NULL DEFAULT '' CHECK (length(kinds) <= 200),   -- comma-separated place kinds
  places      INTEGER NOT NULL DEFAULT 0 CHECK (places BETWEEN 0 AND 1000),
  free_places INTEGER NOT NULL DEFAULT 0 CHECK (free_places >= 0 AND free_places <= places),
  active      INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0,1)),
  created_at  TEXT NOT NULL,
  updated_at  TEXT NOT NULL
);

CREATE TABLE cosm_requests (
  id              INTEGER PRIMARY KEY,
  registration_id INTEGER NOT NULL REFERENCES registrations(id),
  status          TEXT NOT NULL DEFAULT 'waiting'
                    CHECK (status IN ('waiting','offered','placed','ended','withdrawn')),
  urgency         TEXT NOT NULL DEFAULT 'normal' CHECK (urgency IN ('acute','high','normal')),
  gender          TEXT NOT NULL DEFAULT 'unknown' CHECK (gender IN ('female','male','other','unknown')),
  minor           INTEGER NOT NULL DEFAULT 0 CHECK (minor IN (0,1)),
  care_needs      TEXT NOT NULL DEFAULT '' CHECK (length(care_needs) <= 200),  -- comma-separated codes
  interpreter     TEXT CHECK (interpreter IS NULL OR length(interpreter) <= 40), -- a language code or name
  safety_risk     INTEGER NOT NULL DEFAULT 0 CHECK (safety_risk IN (0,1)),
  requested_at    TEXT NOT NULL,
  requested_on    TEXT NOT NULL,      -- the desk's local date: waiting days and figures count from it
  wanted_shelter_id INTEGER REFERENCES cosm_shelters(id), -- a shelter asked for that had no free place (queued)
  shelter_id      INTEGER REFERENCES cosm_shelters(id),   -- the shelter offered to, then placed in
  offered_at      TEXT,
  placed_on       TEXT,
  start_on        TEXT,
  end_on          TEXT,
  ended_on        TEXT,
  raised_contact_id INTEGER REFERENCES contacts(id),      -- the care-queue task for a request waiting too long
  created_by      INTEGER REFERENCES users(id),
  updated_at      TEXT NOT NULL,
  version         INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX cosm_requests_status ON cosm_requests (status, requested_at);
CREATE INDEX cosm_requests_registration ON cosm_requests (registration_id);

CREATE TABLE cosm_offers (
  id          INTEGER PRIMARY KEY,
  request_id  INTEGER NOT NULL REFERENCES cosm_requests(id),
  shelter_id  INTEGER NOT NULL REFERENCES cosm_shelters(id),
  offered_at  TEXT NOT NULL,
  offered_by  INTEGER REFERENCES users(id),
  answer      TEXT CHECK (answer IS NULL OR answer IN ('accepted','declined')),
  reason      TEXT CHECK (reason IS NULL OR reason IN ('no_place','safety','care_needs','addiction','psychiatric',
                'gender','language','person_declined','other')),
  answered_at TEXT,
  answered_on TEXT
);
CREATE INDEX cosm_offers_request ON cosm_offers (request_id);

CREATE TABLE signals (
  id              INTEGER PRIMARY KEY,
  on_kind         TEXT NOT NULL CHECK (on_kind IN ('contact','registration')),
  contact_id      INTEGER REFERENCES contacts(id),
  registration_id INTEGER REFERENCES registrations(id),
  code            TEXT NOT NULL CHECK (code IN ('brp_refused','no_cosm_place','no_care_coordination',
                    'no_interpreter','reflection_not_offered','shelter_refused')),
  note_enc        TEXT,
  marked_on       TEXT NOT NULL,      -- the desk's local date: the quarter it is counted in
  marked_at       TEXT NOT NULL,
  marked_by       INTEGER REFERENCES users(id),
  CHECK ((on_kind = 'contact' AND contact_id IS NOT NULL) OR (on_kind = 'registration' AND registration_id IS NOT NULL))
);
CREATE INDEX signals_marked_on ON signals (marked_on, code);
CREATE INDEX signals_contact ON signals (contact_id);
CREATE INDEX signals_registration ON signals (registration_id);
