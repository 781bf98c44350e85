import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSqliteHandle } from '../../src/db/sqlite-handle.js';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { MIGRATIONS_DIR, openDatabase } from '../../src/db/database.js';
import { migrate, migrationFiles } from '../../src/db/migrator.js';
import { freshEmptyPostgres, onPostgres } from '../support/database.js';

// Both dialects must end at the same schema: the same migration names, tables, columns (name, type class,
// NOT NULL), indexes and triggers. The only differences allowed are listed here, each with its reason.

/**
 * Columns PostgreSQL has where SQLite uses its implicit rowid, and the full-text vectors: the words (FTS5's
 * counterpart) and their Dutch and English stems (0019: SQLite has no stemmer).
 */
const POSTGRES_ONLY_COLUMNS = new Set([
  'contact_text.rowid',
  'contact_text.tsv',
  'contact_text.tsv_stem',
  'contact_topics.rowid',
]);
/** The GIN indexes over contact_text.tsv (the counterpart of the FTS5 table itself) and tsv_stem. */
const POSTGRES_ONLY_INDEXES = new Set(['contact_text_tsv', 'contact_text_tsv_stem']);
/** TRUNCATE exists only on PostgreSQL: the audit log refuses it too. */
const POSTGRES_ONLY_TRIGGERS = new Set(['audit_log_no_truncate']);

interface Schema {
  columns: string[];
  indexes: string[];
  triggers: string[];
}

const typeClass = (t: string) => {
  const u = t.toUpperCase();
  if (/INT/.test(u)) return 'integer';
  if (/TEXT|CHAR|^$/.test(u)) return 'text';
  if (/REAL|FLOA|DOUB|NUMERIC/.test(u)) return 'real';
  return u.toLowerCase();
};

function sqliteSchema(path: string): Schema {
  const db = openSqliteHandle(path, { readonly: true });
  try {
    const tables = db
      .prepare(
        "SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' AND name NOT LIKE 'contact\\_text\\_%' ESCAPE '\\'",
      )
      .all() as { name: string; sql: string }[];
    const columns = tables.flatMap(({ name, sql }) => {
      const fts = /VIRTUAL TABLE/i.test(sql);
      return (db.pragma(`table_info(${name})`) as { name: string; type: string; notnull: number; pk: number }[]).map(
        (c) =>
          // FTS5 columns have no declared type or constraint: text that is never NULL (written as '' at least).
          `${name}.${c.name} ${typeClass(c.type)} ${fts || c.notnull || c.pk ? 'not null' : 'null'}`,
      );
    });
    const indexes = (
      db.prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL").pluck().all() as string[]
    ).sort();
    const triggers = (
      db.prepare("SELECT name FROM sqlite_master WHERE type = 'trigger'").pluck().all() as string[]
    ).sort();
    return { columns: columns.sort(), indexes, triggers };
  } finally {
    db.close();
  }
}

async function postgresSchema(url: string): Promise<Schema> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const cols = await client.query<{ t: string; c: string; type: string; nullable: string }>(
      `SELECT table_name AS t, column_name AS c, data_type AS type, is_nullable AS nullable
         FROM information_schema.columns WHERE table_schema = 'public'`,
    );
    const columns = cols.rows
      .filter((r) => !POSTGRES_ONLY_COLUMNS.has(`${r.t}.${r.c}`))
      .map((r) => `${r.t}.${r.c} ${typeClass(r.type)} ${r.nullable === 'NO' ? 'not null' : 'null'}`);
    const idx = await client.query<{ name: string }>(
      `SELECT indexname AS name FROM pg_indexes WHERE schemaname = 'public'
         AND indexname NOT IN (SELECT conname FROM pg_constraint)`,
    );
    const trg = await client.query<{ name: string }>(
      `SELECT tgname AS name FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
         JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'public' AND NOT t.tgisinternal`,
    );
    return {
      columns: columns.sort(),
      indexes: idx.rows
        .map((r) => r.name)
        .filter((n) => !POSTGRES_ONLY_INDEXES.has(n))
        .sort(),
      triggers: trg.rows
        .map((r) => r.name)
        .filter((n) => !POSTGRES_ONLY_TRIGGERS.has(n))
        .sort(),
    };
  } finally {
    await client.end();
  }
}

describe('the migrations of the two dialects', () => {
  it('have the same file names, in migrations/ and migrations/postgres/', () => {
    const sqlite = migrationFiles(MIGRATIONS_DIR);
    expect(sqlite.length).toBeGreaterThan(10);
    expect(migrationFiles(join(MIGRATIONS_DIR, 'postgres'))).toEqual(sqlite);
  });

  it.skipIf(!onPostgres())(
    'end at the same schema: tables, columns with their type class and NOT NULL, indexes, triggers',
    async () => {
      const dir = mkdtempSync(join(tmpdir(), 'baken-schema-'));
      const target = await freshEmptyPostgres();
      try {
        const path = join(dir, 'baken.sqlite');
        const s = openDatabase(path).db;
        await migrate(s);
        await s.destroy();
        const p = openDatabase(target.url).db;
        await migrate(p);
        await p.destroy();
        const [a, b] = [sqliteSchema(path), await postgresSchema(target.url)];
        expect(a.columns.length).toBeGreaterThan(100);
        expect(b.columns).toEqual(a.columns);
        expect(b.indexes).toEqual(a.indexes);
        expect(b.triggers).toEqual(a.triggers);
      } finally {
        rmSync(dir, { recursive: true, force: true });
        await target.drop();
      }
    },
  );

  it.skipIf(!onPostgres())(
    'give every PostgreSQL text column byte order (COLLATE "C"), whatever the database sorts by, except the search text',
    async () => {
      const target = await freshEmptyPostgres();
      try {
        const p = openDatabase(target.url).db;
        await migrate(p);
        await p.destroy();
        const client = new pg.Client({ connectionString: target.url });
        await client.connect();
        try {
          const cols = await client.query<{ col: string; coll: string }>(
            `SELECT c.relname || '.' || a.attname AS col, l.collname AS coll
               FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_collation l ON l.oid = a.attcollation
              WHERE c.relnamespace = 'public'::regnamespace AND c.relkind IN ('r', 'p') AND a.attnum > 0
                AND NOT a.attisdropped AND a.atttypid IN ('text'::regtype, 'varchar'::regtype, 'bpchar'::regtype)`,
          );
          expect(cols.rows.length).toBeGreaterThan(100);
          // A later migration's new text column must say COLLATE "C" itself (0034 gave it to every column then).
          const otherwise = cols.rows.filter((r) => r.coll !== 'C').map((r) => `${r.col} ${r.coll}`);
          // contact_text's subject and body: split into words by the database's letters (see 0034).
          expect(otherwise.sort()).toEqual(['contact_text.body default', 'contact_text.subject default']);
        } finally {
          await client.end();
        }
      } finally {
        await target.drop();
      }
    },
  );
});
