import type { Executor } from '../db/database.js';
import type { AnswerFields, AnswerStatus } from './routing.table.js';

/** Every answer of the library (optionally one language), by topic then title; bodies included (the list is small). */
export async function listAnswers(db: Executor, language?: 'nl' | 'en') {
  let q = db.selectFrom('answers').selectAll().orderBy('topic').orderBy('language').orderBy('title');
  if (language) q = q.where('language', '=', language);
  return q.execute();
}
export type AnswerRow = Awaited<ReturnType<typeof listAnswers>>[number];

/** One answer. */
export async function findAnswer(db: Executor, id: number) {
  return db.selectFrom('answers').selectAll().where('id', '=', id).executeTakeFirst();
}

export type AnswerValues = AnswerFields;

/** Adds an answer as a draft; returns its id. */
export async function insertAnswer(db: Executor, v: AnswerValues, by: number, at: string): Promise<number> {
  const r = await db
    .insertInto('answers')
    .values({ ...v, created_by: by, created_at: at, updated_at: at })
    .returning('id')
    .executeTakeFirstOrThrow();
  return r.id;
}

/**
 * Changes an answer drawn at `version`: a changed answer goes back to draft (it must be approved again).
 * Returns false when the version is stale (someone else changed it meanwhile).
 */
export async function updateAnswer(
  db: Executor,
  id: number,
  version: number,
  v: AnswerValues,
  status: AnswerStatus,
  at: string,
): Promise<boolean> {
  const r = await db
    .updateTable('answers')
    .set((eb) => ({
      ...v,
      status,
      approved_by: status === 'draft' ? null : eb.ref('approved_by'),
      approved_at: status === 'draft' ? null : eb.ref('approved_at'),
      version: eb('version', '+', 1),
      updated_at: at,
    }))
    .where('id', '=', id)
    .where('version', '=', version)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** Marks an answer drawn at `version` approved; false when the version is stale. */
export async function approveAnswer(db: Executor, id: number, version: number, by: number, at: string) {
  const r = await db
    .updateTable('answers')
    .set((eb) => ({
      status: 'approved' as const,
      approved_by: by,
      approved_at: at,
      version: eb('version', '+', 1),
      updated_at: at,
    }))
    .where('id', '=', id)
    .where('version', '=', version)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** Counts one use of an answer (in a reply or on a call). */
export async function insertAnswerUse(
  db: Executor,
  use: { answerId: number; contactId: number | null; userId: number | null; at: string },
): Promise<boolean> {
  if (!Number.isSafeInteger(use.answerId)) return false; // not an id (a plug-in's answer): PostgreSQL would refuse it
  const r = await db
    .updateTable('answers')
    .set((eb) => ({ use_count: eb('use_count', '+', 1) }))
    .where('id', '=', use.answerId)
    .executeTakeFirst();
  if (Number(r.numUpdatedRows) !== 1) return false;
  await db
    .insertInto('answer_uses')
    .values({ answer_id: use.answerId, contact_id: use.contactId, user_id: use.userId, at: use.at })
    .execute();
  return true;
}
