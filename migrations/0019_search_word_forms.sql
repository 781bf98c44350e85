-- Word forms in the inbox search (issue 14): on PostgreSQL a column of Dutch and English stems beside the words
-- as written (migrations/postgres/0019_search_word_forms.sql). SQLite's FTS5 has no Dutch or English stemmer,
-- so here this migration changes nothing (it keeps the two dialects' migration names the same) and the
-- word-form step of the search finds nothing (src/db/contact-search.ts).
SELECT 1;
