import type { Executor } from '../db/database.js';

/** Attempts per key since an instant, with the latest one (ISO), for the sign-in throttle. */
export async function attemptsSince(db: Executor, keys: string[], since: string) {
  const rows = await db
    .selectFrom('login_failures')
    .select([
      'key',
      (eb) => eb.fn.countAll<number>().as('n'),
      (eb) => eb.fn.max('at').as('last'),
      (eb) => eb.fn.min('at').as('first'),
    ])
    .where('key', 'in', keys)
    .where('at', '>', since)
    .groupBy('key')
    .execute();
  return new Map(rows.map((r) => [r.key, { n: Number(r.n), last: String(r.last), first: String(r.first) }]));
}

/** Records sign-in attempts (reserved before the password is checked); returns their ids. */
export async function insertAttempts(db: Executor, keys: string[], at: string): Promise<number[]> {
  const rows = await db
    .insertInto('login_failures')
    .values(keys.map((key) => ({ key, at })))
    .returning('id')
    .execute();
  return rows.map((r) => r.id);
}

/** Forgets attempts: by id (a reservation that succeeded) or every one of a key. */
export async function deleteAttempts(db: Executor, by: { ids?: number[]; key?: string }): Promise<void> {
  if (by.ids?.length) await db.deleteFrom('login_failures').where('id', 'in', by.ids).execute();
  if (by.key) await db.deleteFrom('login_failures').where('key', '=', by.key).execute();
}

/** Drops every attempt older than the window, so the table stays small whatever addresses come and go. */
export async function pruneAttempts(db: Executor, before: string): Promise<void> {
  await db.deleteFrom('login_failures').where('at', '<=', before).execute();
}

/** A session with its user, by the hash of its cookie token. */
export function findSession(db: Executor, id: string) {
  return db
    .selectFrom('sessions')
    .innerJoin('users', 'users.id', 'sessions.user_id')
    .select([
      'sessions.created_at',
      'sessions.last_seen_at',
      'users.id',
      'users.email',
      'users.name',
      'users.roles',
      'users.locale',
      'users.active',
    ])
    .where('sessions.id', '=', id)
    .executeTakeFirst();
}

/** Marks a session as used now (the agent's own action). */
export async function touchSession(db: Executor, id: string, at: string): Promise<void> {
  await db.updateTable('sessions').set({ last_seen_at: at }).where('id', '=', id).execute();
}

/** Ends a session; returns its user id when it existed. */
export async function deleteSession(db: Executor, id: string) {
  return db.deleteFrom('sessions').where('id', '=', id).returning('user_id').executeTakeFirst();
}

/** A user's row for sign-in. */
export function findUserByEmail(db: Executor, email: string) {
  return db.selectFrom('users').selectAll().where('email', '=', email).executeTakeFirst();
}

/** Starts a session. */
export async function insertSession(db: Executor, s: { id: string; userId: number; at: string }): Promise<void> {
  await db
    .insertInto('sessions')
    .values({ id: s.id, user_id: s.userId, created_at: s.at, last_seen_at: s.at })
    .execute();
}
