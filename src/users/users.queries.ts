import type { Executor } from '../db/database.js';

const USER_COLUMNS = ['id', 'email', 'name', 'roles', 'locale', 'active'] as const;

/** All users for the admin page, active first. */
export async function allUsers(db: Executor) {
  return db.selectFrom('users').select(USER_COLUMNS).orderBy('active', 'desc').orderBy('name').execute();
}

/** One user as the admin page edits it, or undefined. */
export async function userById(db: Executor, id: number) {
  return db.selectFrom('users').select(USER_COLUMNS).where('id', '=', id).executeTakeFirst();
}

/** The id of the user with this address (other than exceptId), or undefined. */
export async function userIdByEmail(db: Executor, email: string, exceptId?: number) {
  let q = db.selectFrom('users').select('id').where('email', '=', email);
  if (exceptId) q = q.where('id', '<>', exceptId);
  return (await q.executeTakeFirst())?.id;
}

export interface UserRow {
  email: string;
  name: string;
  roles: string;
  locale: string | null;
  active: number;
}

/** Inserts a user; returns the new id. */
export async function insertUser(db: Executor, row: UserRow & { password_hash: string }, at: string): Promise<number> {
  const r = await db
    .insertInto('users')
    .values({ ...row, created_at: at, updated_at: at })
    .returning('id')
    .executeTakeFirstOrThrow();
  return r.id;
}

/** Changes a user's fields (and the password hash when given). */
export async function updateUserRow(
  db: Executor,
  id: number,
  row: UserRow & { password_hash?: string },
  at: string,
): Promise<void> {
  await db
    .updateTable('users')
    .set({ ...row, updated_at: at })
    .where('id', '=', id)
    .execute();
}

/** Sets a user's own language. */
export async function setUserLocale(db: Executor, id: number, locale: 'nl' | 'en', at: string): Promise<void> {
  await db.updateTable('users').set({ locale, updated_at: at }).where('id', '=', id).execute();
}
