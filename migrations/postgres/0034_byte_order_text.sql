-- Issue 27: Baken runs on a database created with the defaults of the managed services (en_US.UTF-8, or an ICU
-- locale) as well as on C.UTF-8. Its orders and comparisons of text (keyset paging, references, times written as
-- ISO text, '~' after every digit, LIKE prefixes) are byte order, SQLite's: every text column compares with
-- COLLATE "C" here, whatever the database's own collation. Text derived from a column (COALESCE, substr, a
-- comparison with a parameter) takes the column's collation. Every later migration writes COLLATE "C" on a new
-- text column itself (test/unit/migrations-dialects.test.ts checks it).
-- Left alone: contact_text's subject and body, the search text. They are never sorted or compared, and their
-- generated word vectors split them with [[:alnum:]], which must know the letters of the database's UTF-8
-- locale (under "C" only ASCII letters are letters).
DO $$
DECLARE
  r record;
BEGIN
  FOR r IN
    SELECT c.relname AS t,
           string_agg(format('ALTER COLUMN %I TYPE %s COLLATE "C"', a.attname, format_type(a.atttypid, a.atttypmod)),
                      ', ' ORDER BY a.attnum) AS changes
      FROM pg_attribute a
      JOIN pg_class c ON c.oid = a.attrelid
     WHERE c.relnamespace = current_schema()::regnamespace AND c.relkind IN ('r', 'p')
       AND a.attnum > 0 AND NOT a.attisdropped
       AND a.atttypid IN ('text'::regtype, 'varchar'::regtype, 'bpchar'::regtype)
       AND a.attcollation <> 'pg_catalog."C"'::regcollation
       AND c.relname <> 'contact_text'
     GROUP BY c.relname
     ORDER BY c.relname
  LOOP
    EXECUTE format('ALTER TABLE %I %s', r.t, r.changes);
  END LOOP;
END
$$;
