import type { Executor } from '../db/database.js';

/** Every closure as the calendar needs it, earliest first. */
export async function allClosures(db: Executor) {
  return db.selectFrom('closures').select(['start_at', 'end_at', 'reason']).orderBy('start_at').execute();
}

/** Closures that end after an instant, earliest first, for the admin page. */
export async function closuresEndingAfter(db: Executor, since: string) {
  return db.selectFrom('closures').selectAll().where('end_at', '>', since).orderBy('start_at').execute();
}

/** Inserts a closure; returns its id. */
export async function insertClosure(
  db: Executor,
  c: { startAt: string; endAt: string; reason: string },
  actorId: number,
  at: string,
): Promise<number> {
  const row = await db
    .insertInto('closures')
    .values({ start_at: c.startAt, end_at: c.endAt, reason: c.reason, created_by: actorId, created_at: at })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** Deletes a closure; returns its times, or undefined when it did not exist. */
export async function deleteClosure(db: Executor, id: number) {
  return db.deleteFrom('closures').where('id', '=', id).returning(['start_at', 'end_at']).executeTakeFirst();
}
