-- Whether an agent takes calls now (issue 25; the SQLite twin is migrations/0048_agent_availability.sql): available,
-- busy or away, set by the agent in the header, away again after sign-out. One row per user, shared by every
-- instance; the open-hours <Dial> rings the available agents' browsers. No row means away.
CREATE TABLE agent_availability (
  user_id    INTEGER PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
  status     TEXT COLLATE "C" NOT NULL CHECK (status IN ('available', 'busy', 'away')),
  updated_at TEXT COLLATE "C" NOT NULL
);

-- A call moved into a conference for a transfer or an interpreter (issue 25): the conference's name at Twilio,
-- who moved it and when. One row per caller's CallSid.
CREATE TABLE call_conferences (
  call_sid   TEXT COLLATE "C" PRIMARY KEY REFERENCES calls(call_sid) ON DELETE CASCADE,
  name       TEXT COLLATE "C" NOT NULL,
  started_by INTEGER REFERENCES users(id) ON DELETE SET NULL,
  started_at TEXT COLLATE "C" NOT NULL
);
