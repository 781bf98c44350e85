// Database errors recognised by their code, never by their text, so another database changes only this module.

/**
 * A unique or primary-key constraint refused a row: SQLite's extended result codes (better-sqlite3's
 * SqliteError.code) and PostgreSQL's SQLSTATE unique_violation (pg's DatabaseError.code).
 */
const UNIQUE_CODES = new Set(['SQLITE_CONSTRAINT_UNIQUE', 'SQLITE_CONSTRAINT_PRIMARYKEY', '23505']);

/** Whether `e` is the database refusing a row that would break a unique key. */
export function isUniqueViolation(e: unknown): boolean {
  const code = (e as { code?: unknown } | null)?.code;
  return e instanceof Error && typeof code === 'string' && UNIQUE_CODES.has(code);
}

/**
 * The database refused a value itself (PostgreSQL's SQLSTATE class 22, data exception: a NUL in text, a word
 * where a number belongs, a number out of range). Input is parsed before it reaches a query (src/http/params.ts,
 * src/http/clean-input.ts); this is the net under that, so such a value is the sender's mistake, never a 500.
 */
export function isDataException(e: unknown): boolean {
  const code = (e as { code?: unknown } | null)?.code;
  return e instanceof Error && typeof code === 'string' && /^22[0-9A-Z]{3}$/.test(code);
}

/** SQLite's "database or disk is full" (also its max_page_count reached) and PostgreSQL's SQLSTATE disk_full. */
const DISK_FULL_CODES = new Set(['SQLITE_FULL', '53100']);

/** Whether `e` is the database refusing to grow: the disk (or the database's own size limit) is full. */
export function isDiskFull(e: unknown): boolean {
  const code = (e as { code?: unknown } | null)?.code;
  return e instanceof Error && typeof code === 'string' && DISK_FULL_CODES.has(code);
}
