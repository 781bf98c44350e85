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

/**
 * A session with its user, by the hash of its cookie token; with what the second factor needs in the same query:
 * whether the password step is all that passed, the user's creation, their enabled factor and the admin's policy.
 */
export function findSession(db: Executor, id: string) {
  return db
    .selectFrom('sessions')
    .innerJoin('users', 'users.id', 'sessions.user_id')
    .leftJoin('two_factor', (j) =>
      j.onRef('two_factor.user_id', '=', 'sessions.user_id').on('two_factor.enabled_at', 'is not', null),
    )
    .select((eb) => [
      'sessions.created_at',
      'sessions.last_seen_at',
      'sessions.factor_pending',
      'users.id',
      'users.email',
      'users.name',
      'users.roles',
      'users.locale',
      'users.active',
      'users.created_at as user_created_at',
      'two_factor.enabled_at as factor_enabled_at',
      eb.selectFrom('two_factor_policy').select('everyone').where('id', '=', 1).as('everyone'),
    ])
    .where('sessions.id', '=', id)
    .executeTakeFirst();
}

/** True when the user has a second factor turned on. */
export async function hasEnabledFactor(db: Executor, userId: number): Promise<boolean> {
  const row = await db
    .selectFrom('two_factor')
    .select('user_id')
    .where('user_id', '=', userId)
    .where('enabled_at', 'is not', null)
    .executeTakeFirst();
  return !!row;
}

/** Replaces a password hash made at an older cost, unless the password changed meanwhile. */
export async function upgradePasswordHash(db: Executor, userId: number, was: string, hash: string): Promise<void> {
  await db
    .updateTable('users')
    .set({ password_hash: hash })
    .where('id', '=', userId)
    .where('password_hash', '=', was)
    .execute();
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

/** A user's row for the request's view of them, by id. */
export function findUserById(db: Executor, id: number) {
  return db
    .selectFrom('users')
    .select(['id', 'email', 'name', 'roles', 'locale'])
    .where('id', '=', id)
    .executeTakeFirst();
}

/** Starts a session; `factorPending` while the second factor is still to come. */
export async function insertSession(
  db: Executor,
  s: { id: string; userId: number; at: string; factorPending?: boolean },
): Promise<void> {
  await db
    .insertInto('sessions')
    .values({
      id: s.id,
      user_id: s.userId,
      created_at: s.at,
      last_seen_at: s.at,
      factor_pending: s.factorPending ? 1 : 0,
    })
    .execute();
}

/** True when at least one user exists. */
export async function anyUser(db: Executor): Promise<boolean> {
  return !!(await db.selectFrom('users').select('id').limit(1).executeTakeFirst());
}

/** Ends every session of a user. */
export async function endSessionsOf(db: Executor, userId: number): Promise<void> {
  await db.deleteFrom('sessions').where('user_id', '=', userId).execute();
}

/** Ends every session of the user but the one given; returns how many ended. */
export async function endOtherSessions(db: Executor, userId: number, keepSessionId: string | null): Promise<number> {
  let q = db.deleteFrom('sessions').where('user_id', '=', userId);
  if (keepSessionId) q = q.where('id', '<>', keepSessionId);
  const r = await q.executeTakeFirst();
  return Number(r.numDeletedRows);
}

/** Failed attempts counted under a throttle key since an instant. */
export async function failuresSince(db: Executor, key: string, since: string): Promise<number> {
  const r = await db
    .selectFrom('login_failures')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('key', '=', key)
    .where('at', '>', since)
    .executeTakeFirst();
  return Number(r?.n ?? 0);
}

/** Records one failed attempt under a throttle key. */
export async function recordFailure(db: Executor, key: string, at: string): Promise<void> {
  await db.insertInto('login_failures').values({ key, at }).execute();
}
