-- Routing applied where words arrive (issue 10, phase 2): the classifier's latest suggestion for each contact,
-- kept beside the contact so its page can show it, and whether an agent has routed the contact (then new words
-- only change the suggestion, never the contact's topics or queue). Codes and the matched words only; the
-- contact's text stays where it is.

CREATE TABLE contact_routing (
  contact_id      INTEGER PRIMARY KEY REFERENCES contacts(id),
  topics          TEXT NOT NULL DEFAULT '[]',   -- JSON [{"topic": "reflection", "score": 0.93, "matched": ["bedenktijd"]}]
  queue           TEXT NOT NULL CHECK (queue IN ('care','legal','registration','general')),
  urgent          INTEGER NOT NULL DEFAULT 0,
  minor           INTEGER NOT NULL DEFAULT 0,
  lexicon_version TEXT NOT NULL,
  at              TEXT NOT NULL,
  source          TEXT NOT NULL CHECK (source IN ('email','voicemail','manual','note','call')),
  routed_by_agent INTEGER NOT NULL DEFAULT 0,   -- 1 once an agent set topics or queue (or accepted the suggestion)
  routed_by       INTEGER REFERENCES users(id),
  routed_at       TEXT
);
