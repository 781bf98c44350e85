import { sql } from 'kysely';
import type { Executor } from '../db/database.js';
import { serializeOn } from '../db/locks.js';
import { compiled } from '../db/compiled.js';
import { type ChainLink, type ChainRow, type Checkpoint, checkpointSignature, GENESIS, sealOf } from './audit-chain.js';
import { auditKeyOf } from './chain-key.js';

export interface AuditEntry {
  at: string;
  actorId: number | null;
  action: string;
  subjectType?: string | null;
  subjectId?: string | number | null;
  ip?: string | null;
  /** Never personal data: ids, field names, codes. */
  details?: Record<string, unknown>;
}

/** The lock every append to the chain takes (a transaction-level advisory lock on PostgreSQL, src/db/locks.ts). */
const CHAIN_LOCK = 'baken:audit-chain';

/**
 * Appends one audit entry, sealed onto the chain (src/audit/audit-chain.ts); call it inside the transaction of the
 * change it records (given the database, it opens one of its own). The head is read inside the transaction under the
 * chain lock, never cached: on SQLite a transaction rolled back to its savepoint takes its row with it and the next
 * reads the head again; on PostgreSQL instances take turns on the lock until their commit. Rows are numbered one
 * after the head, so a gap in the numbers is a deleted row.
 */
export async function writeAudit(db: Executor, e: AuditEntry): Promise<void> {
  if (!db.isTransaction) return appendAlone(db, e);
  const key = auditKeyOf(db);
  await serializeOn(db, CHAIN_LOCK);
  const head = await chainHead(db);
  const row = {
    id: head.id + 1,
    at: e.at,
    actor_id: e.actorId,
    action: e.action,
    subject_type: e.subjectType ?? null,
    subject_id: e.subjectId === undefined || e.subjectId === null ? null : String(e.subjectId),
    ip: e.ip ?? null,
    details: JSON.stringify(e.details ?? {}),
  };
  await appendRow.run(db, { ...row, prev_hash: head.hash, hash: sealOf(key, row, head.hash) });
}
// Every audited change and read appends: the head's read and the insert are built and compiled once.
const appendRow = compiled<{
  id: number;
  at: string;
  actor_id: number | null;
  action: string;
  subject_type: string | null;
  subject_id: string | null;
  ip: string | null;
  details: string;
  prev_hash: string;
  hash: string;
}>()((db, v) =>
  db.insertInto('audit_log').values({
    id: v('id'),
    at: v('at'),
    actor_id: v('actor_id'),
    action: v('action'),
    subject_type: v('subject_type'),
    subject_id: v('subject_id'),
    ip: v('ip'),
    details: v('details'),
    prev_hash: v('prev_hash'),
    hash: v('hash'),
  }),
);
const lastRow = compiled<{ one: number }>()((db, v) =>
  db.selectFrom('audit_log').select(['id', 'hash']).orderBy('id', 'desc').limit(v('one')),
);

/** Taken at load, so a test's fake timers never hold back an audit entry. */
const realSetImmediate = setImmediate;
type Waiting = { e: AuditEntry; resolve: () => void; reject: (err: unknown) => void };
/** Per database, the entries given without a transaction that wait for the next turn of the event loop. */
const waiting = new WeakMap<Executor, Waiting[]>();

/**
 * An entry that records no change of its own — a read: a search, a contact opened, an export — is appended with the
 * others that arrive in the same turn of the event loop, in one transaction (issue 28): one chain lock, one head
 * read and one COMMIT for all of them instead of one each (on PostgreSQL each was a synced commit, one after the
 * other under the chain lock). Each caller still goes on only after its row is committed, so no read is shown
 * unaudited; when that transaction fails, every caller in it gets the error, as each would have alone.
 */
function appendAlone(db: Executor, e: AuditEntry): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const queued = waiting.get(db);
    if (queued) {
      queued.push({ e, resolve, reject });
      return;
    }
    const batch: Waiting[] = [{ e, resolve, reject }];
    waiting.set(db, batch);
    realSetImmediate(() => {
      waiting.delete(db);
      db.transaction()
        .execute(async (trx) => {
          for (const w of batch) await writeAudit(trx, w.e);
        })
        .then(
          () => {
            for (const w of batch) w.resolve();
          },
          (err: unknown) => {
            for (const w of batch) w.reject(err);
          },
        );
    });
  });
}

/**
 * The chain's head: the last row (one read by primary key), or where the last purge ended when every row was
 * purged, or the genesis. A row not sealed yet (before the first start after migration 0023) counts as the genesis.
 */
async function chainHead(db: Executor): Promise<ChainLink> {
  const last = (await lastRow.run(db, { one: 1 })).rows[0];
  if (last) return { id: Number(last.id), hash: last.hash ?? GENESIS };
  const cp = await latestCheckpoint(db);
  return cp ? { id: Number(cp.last_id), hash: cp.last_hash } : { id: 0, hash: GENESIS };
}

/** The last row of the log with its seal, for the check at start that the key matches. */
export async function lastAuditRow(db: Executor): Promise<ChainRow | undefined> {
  return db.selectFrom('audit_log').selectAll().orderBy('id', 'desc').limit(1).executeTakeFirst();
}

/** The checkpoint furthest along (the last purge's), or undefined. */
export async function latestCheckpoint(db: Executor): Promise<Checkpoint | undefined> {
  return db
    .selectFrom('audit_checkpoints')
    .select(['last_id', 'last_hash', 'at', 'signature'])
    .orderBy('last_id', 'desc')
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
}

/**
 * Records in the purge's transaction where it ended: the last deleted row's id and hash, signed. Takes the chain
 * lock, so no append reads a head the purge is removing.
 */
export async function writeCheckpoint(
  db: Executor,
  last: { id: number; hash: string | null },
  at: string,
): Promise<void> {
  const key = auditKeyOf(db);
  await serializeOn(db, CHAIN_LOCK);
  const cp = { last_id: last.id, last_hash: last.hash ?? GENESIS, at };
  await db
    .insertInto('audit_checkpoints')
    .values({ ...cp, signature: checkpointSignature(key, cp) })
    .execute();
}

/** Up to `limit` rows after an id, in id order, every column the chain covers (for the verifier). */
export async function chainRowsAfter(db: Executor, afterId: number, limit: number): Promise<ChainRow[]> {
  return db.selectFrom('audit_log').selectAll().where('id', '>', afterId).orderBy('id').limit(limit).execute();
}

/** The first row at or before an id (a row where a purge left none), or undefined. */
export async function firstRowUpTo(db: Executor, id: number): Promise<number | undefined> {
  const row = await db
    .selectFrom('audit_log')
    .select('id')
    .where('id', '<=', id)
    .orderBy('id')
    .limit(1)
    .executeTakeFirst();
  return row ? Number(row.id) : undefined;
}

/**
 * Seals the rows that were in the log before migration 0023, once: only while the chain has not started (no row
 * carries a seal and no purge left a checkpoint), in id order from the genesis, under the chain lock, in the
 * caller's transaction. Later, a row without a seal is never sealed: the verifier reports it. Returns how many.
 */
export async function sealUnsealedLog(trx: Executor, batch = 500): Promise<number> {
  const key = auditKeyOf(trx);
  await serializeOn(trx, CHAIN_LOCK);
  const started =
    (await trx.selectFrom('audit_log').select('id').where('hash', 'is not', null).limit(1).executeTakeFirst()) ??
    (await trx.selectFrom('audit_checkpoints').select('id').limit(1).executeTakeFirst());
  if (started) return 0;
  let prev = GENESIS;
  let after = 0;
  let n = 0;
  for (;;) {
    const rows = await chainRowsAfter(trx, after, batch);
    if (!rows.length) return n;
    const sealed = rows.map((r) => {
      const hash = sealOf(key, r, prev);
      const out = { id: Number(r.id), prev: prev, hash };
      prev = hash;
      return out;
    });
    // One statement per batch (UPDATE … FROM VALUES, on both databases); the update trigger lets a row without a
    // seal receive one and nothing else.
    await sql`UPDATE audit_log SET prev_hash = v.column2, hash = v.column3
      FROM (VALUES ${sql.join(sealed.map((s) => sql`(${s.id}, ${s.prev}, ${s.hash})`))}) AS v
      WHERE audit_log.id = CAST(v.column1 AS INTEGER)`.execute(trx);
    n += rows.length;
    after = sealed.at(-1)!.id;
  }
}

/** When this actor last had this action on this subject since an instant (ISO), or null. */
export async function lastAuditAt(
  db: Executor,
  q: { action: string; actorId: number; subjectType: string; subjectId: string | number; since: string },
): Promise<string | null> {
  const row = await db
    .selectFrom('audit_log')
    .select('at')
    .where('at', '>', q.since)
    .where('action', '=', q.action)
    .where('actor_id', '=', q.actorId)
    .where('subject_type', '=', q.subjectType)
    .where('subject_id', '=', String(q.subjectId))
    .orderBy('at', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row?.at ?? null;
}

export interface AuditFilter {
  action?: string;
  actorId?: number;
  subjectType?: string;
  subjectId?: string;
  before?: number;
  /** UTC instants: entries at or after `since`, before `until`. */
  since?: string;
  until?: string;
  limit: number;
}

/** Lists audit entries newest first with the actor's name, for the supervisor page. */
export async function listAudit(db: Executor, f: AuditFilter) {
  let q = db
    .selectFrom('audit_log')
    .leftJoin('users', 'users.id', 'audit_log.actor_id')
    .select([
      'audit_log.id',
      'audit_log.at',
      'audit_log.action',
      'audit_log.subject_type',
      'audit_log.subject_id',
      'audit_log.ip',
      'audit_log.details',
      'users.name as actor_name',
    ])
    .orderBy('audit_log.id', 'desc')
    .limit(f.limit);
  if (f.action) q = q.where('audit_log.action', 'like', `${f.action.replace(/[%_]/g, '')}%`);
  if (f.actorId) q = q.where('audit_log.actor_id', '=', f.actorId);
  if (f.subjectType) q = q.where('audit_log.subject_type', '=', f.subjectType);
  if (f.subjectId) q = q.where('audit_log.subject_id', '=', f.subjectId);
  if (f.before) q = q.where('audit_log.id', '<', f.before);
  if (f.since) q = q.where('audit_log.at', '>=', f.since);
  if (f.until) q = q.where('audit_log.at', '<', f.until);
  return q.execute();
}

/** The references of these contacts, for the audit page's links. */
export async function contactReferencesOf(db: Executor, ids: number[]) {
  if (ids.length === 0) return [];
  return db.selectFrom('contacts').select(['id', 'reference']).where('id', 'in', ids).execute();
}

/** A contact's id by its reference (the audit page's filter). */
export async function contactIdOfReference(db: Executor, reference: string) {
  return (await db.selectFrom('contacts').select('id').where('reference', '=', reference).executeTakeFirst())?.id;
}

/** The names of these users, for the audit page's subjects. */
export async function userNamesOf(db: Executor, ids: number[]) {
  if (ids.length === 0) return [];
  return db.selectFrom('users').select(['id', 'name']).where('id', 'in', ids).execute();
}

/** Registrations' ids by their references, for the audit page's links. */
export async function registrationIdsOf(db: Executor, references: string[]) {
  if (references.length === 0) return [];
  return db.selectFrom('registrations').select(['id', 'reference']).where('reference', 'in', references).execute();
}

/** Every user as id and name, for the audit page's user filter. */
export async function auditActors(db: Executor) {
  return db.selectFrom('users').select(['id', 'name']).orderBy('name').execute();
}
