import type { Executor } from '../db/database.js';

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

/** Appends one audit entry; call it inside the transaction of the change it records. */
export async function writeAudit(db: Executor, e: AuditEntry): Promise<void> {
  await db
    .insertInto('audit_log')
    .values({
      at: e.at,
      actor_id: e.actorId,
      action: e.action,
      subject_type: e.subjectType ?? null,
      subject_id: e.subjectId === undefined || e.subjectId === null ? null : String(e.subjectId),
      ip: e.ip ?? null,
      details: JSON.stringify(e.details ?? {}),
    })
    .execute();
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
  return q.execute();
}

/** Every user as id and name, for the audit page's user filter. */
export async function auditActors(db: Executor) {
  return db.selectFrom('users').select(['id', 'name']).orderBy('name').execute();
}
