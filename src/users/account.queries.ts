import type { Executor } from '../db/database.js';

/** What the account page shows and the password change checks of one user. */
export async function accountOf(db: Executor, userId: number) {
  return db
    .selectFrom('users')
    .select(['id', 'email', 'password_hash', 'signature_nl', 'signature_en'])
    .where('id', '=', userId)
    .where('active', '=', 1)
    .executeTakeFirst();
}

/** Stores a user's reply signatures. */
export async function setSignatures(
  db: Executor,
  userId: number,
  s: { nl: string | null; en: string | null },
  at: string,
): Promise<void> {
  await db
    .updateTable('users')
    .set({ signature_nl: s.nl, signature_en: s.en, updated_at: at })
    .where('id', '=', userId)
    .execute();
}

/** Stores a new password hash. */
export async function setPasswordHash(db: Executor, userId: number, hash: string, at: string): Promise<void> {
  await db.updateTable('users').set({ password_hash: hash, updated_at: at }).where('id', '=', userId).execute();
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
