-- Word forms in the inbox search on PostgreSQL (issue 14, SPEC §9: tsvector with Dutch and English
-- configurations). contact_text.tsv (0001) holds the words as written, as SQLite's FTS5 does; tsv_stem holds
-- their Dutch and English stems (PostgreSQL's snowball dictionaries dutch_stem and english_stem, with their stop
-- words), so a search by `verblijfsvergunningen` finds `verblijfsvergunning` and `reported` finds `reporting`.
-- src/db/contact-search.ts uses it only when whole words and word beginnings find nothing. SQLite has no
-- stemmer: its twin (migrations/0019_search_word_forms.sql) changes nothing, and there this step finds nothing.
--
-- Words are split as for tsv (at anything not a letter or digit) and lose their diacritics first (unaccent, a
-- filtering dictionary, hands its output to the stemmer). A configuration given by name makes to_tsvector
-- IMMUTABLE, as a generated column needs. Adding the column rewrites contact_text once (stems every text).
CREATE TEXT SEARCH CONFIGURATION baken_dutch (COPY = simple);
ALTER TEXT SEARCH CONFIGURATION baken_dutch
  ALTER MAPPING FOR asciiword, word, numword, asciihword, hword, numhword, hword_asciipart, hword_part,
    hword_numpart, int, uint, float, sfloat, version
  WITH unaccent, dutch_stem;
CREATE TEXT SEARCH CONFIGURATION baken_english (COPY = simple);
ALTER TEXT SEARCH CONFIGURATION baken_english
  ALTER MAPPING FOR asciiword, word, numword, asciihword, hword, numhword, hword_asciipart, hword_part,
    hword_numpart, int, uint, float, sfloat, version
  WITH unaccent, english_stem;

ALTER TABLE contact_text ADD COLUMN tsv_stem tsvector GENERATED ALWAYS AS (
  strip(
    to_tsvector('baken_dutch', regexp_replace(subject || ' ' || body, '[^[:alnum:]]+', ' ', 'g'))
    || to_tsvector('baken_english', regexp_replace(subject || ' ' || body, '[^[:alnum:]]+', ' ', 'g'))
  )
) STORED;
CREATE INDEX contact_text_tsv_stem ON contact_text USING gin (tsv_stem);
