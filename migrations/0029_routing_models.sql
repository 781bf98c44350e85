-- Issue 24: the classifier's learned half, trained by `npm run routing:train` on the labelled set and the agents'
-- corrections. The app blends the newest with the lexicon (src/routing/model.ts); without one it uses the model
-- shipped in src/routing/model.json (the labelled set alone). Only words seen in two or more examples are kept.
CREATE TABLE routing_models (
  id          INTEGER PRIMARY KEY,
  trained_at  TEXT NOT NULL,
  labelled    INTEGER NOT NULL,
  corrections INTEGER NOT NULL,
  model       TEXT NOT NULL
);
