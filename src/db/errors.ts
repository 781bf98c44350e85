// Database errors recognised by their code, never by their text, so another database changes only this module.

/** SQLite's extended result codes for a unique or primary-key constraint (better-sqlite3's SqliteError.code). */
const UNIQUE_CODES = new Set(['SQLITE_CONSTRAINT_UNIQUE', 'SQLITE_CONSTRAINT_PRIMARYKEY']);

/** Whether `e` is the database refusing a row that would break a unique key. */
export function isUniqueViolation(e: unknown): boolean {
  const code = (e as { code?: unknown } | null)?.code;
  return typeof code === 'string' && UNIQUE_CODES.has(code);
}
