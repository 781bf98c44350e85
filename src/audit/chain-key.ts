import type { Db, Executor } from '../db/database.js';

/**
 * The audit key of each open database. writeAudit is called with a database or a transaction by every feature
 * (61 places); rather than passing the key through each, boot registers it once for the database, and a
 * transaction finds it through the adapter it shares with its database (one per opened Kysely).
 */
const keys = new WeakMap<object, Buffer>();

/** Registers the key that seals this database's audit chain (buildDeps does, after resolving AUDIT_KEY). */
export function useAuditKey(db: Db, key: Buffer): void {
  if (key.length !== 32) throw new Error('AUDIT_KEY must be 32 bytes');
  keys.set(db.getExecutor().adapter, key);
}

/** The audit key registered for this database (or a transaction of it); throws when none was. */
export function auditKeyOf(db: Executor): Buffer {
  const key = keys.get(db.getExecutor().adapter);
  if (!key) throw new Error('no audit key registered for this database (buildDeps registers AUDIT_KEY)');
  return key;
}
