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

/** The agent's desk phone (E.164), rung first for a callback; null: the softphone. */
export async function updateDeskPhone(db: Executor, userId: number, phone: string | null, at: string) {
  await db.updateTable('users').set({ desk_phone: phone, updated_at: at }).where('id', '=', userId).execute();
}
