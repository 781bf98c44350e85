import type { Executor } from '../db/database.js';

/** A user's factor row (enrolment started or enabled), or undefined. */
export function factorOf(db: Executor, userId: number) {
  return db.selectFrom('two_factor').selectAll().where('user_id', '=', userId).executeTakeFirst();
}

/** Starts enrolment with a new encrypted secret, unless the user has a factor row already; true when it did. */
export async function startEnrolment(db: Executor, userId: number, secretEnc: string, at: string): Promise<boolean> {
  const r = await db
    .insertInto('two_factor')
    .values({ user_id: userId, secret_enc: secretEnc, created_at: at })
    .onConflict((oc) => oc.column('user_id').doNothing())
    .returning('user_id')
    .executeTakeFirst();
  return r !== undefined;
}

/** Turns the started enrolment on with the accepted code's step and the codes still to show; false when gone. */
export async function enableFactor(
  db: Executor,
  userId: number,
  p: { step: number; codesToShow: string; at: string },
): Promise<boolean> {
  const r = await db
    .updateTable('two_factor')
    .set({ enabled_at: p.at, last_step: p.step, codes_to_show: p.codesToShow })
    .where('user_id', '=', userId)
    .where('enabled_at', 'is', null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/**
 * Records an accepted code's time step, only when it is after the last one: of two requests with the same code,
 * one updates the row and the other finds it already at that step (a replay).
 */
export async function advanceStep(db: Executor, userId: number, step: number): Promise<boolean> {
  const r = await db
    .updateTable('two_factor')
    .set({ last_step: step })
    .where('user_id', '=', userId)
    .where('enabled_at', 'is not', null)
    .where((eb) => eb.or([eb('last_step', 'is', null), eb('last_step', '<', step)]))
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** Takes the recovery codes waiting to be shown (encrypted) and clears them: they are shown once. */
export async function takeCodesToShow(db: Executor, userId: number): Promise<string | null> {
  const row = await db
    .selectFrom('two_factor')
    .select('codes_to_show')
    .where('user_id', '=', userId)
    .executeTakeFirst();
  if (!row?.codes_to_show) return null;
  await db.updateTable('two_factor').set({ codes_to_show: null }).where('user_id', '=', userId).execute();
  return row.codes_to_show;
}

/** Replaces a user's recovery codes by new ones (their hashes). */
export async function replaceRecoveryCodes(db: Executor, userId: number, hashes: string[]): Promise<void> {
  await db.deleteFrom('recovery_codes').where('user_id', '=', userId).execute();
  await db
    .insertInto('recovery_codes')
    .values(hashes.map((code_hash) => ({ user_id: userId, code_hash })))
    .execute();
}

/** Marks an unused recovery code used; false when there is none such (wrong, or already used). */
export async function useRecoveryCode(db: Executor, userId: number, hash: string, at: string): Promise<boolean> {
  const r = await db
    .updateTable('recovery_codes')
    .set({ used_at: at })
    .where('user_id', '=', userId)
    .where('code_hash', '=', hash)
    .where('used_at', 'is', null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** True when the user has a recovery code with this hash that was already used. */
export async function recoveryCodeUsed(db: Executor, userId: number, hash: string): Promise<boolean> {
  const row = await db
    .selectFrom('recovery_codes')
    .select('used_at')
    .where('user_id', '=', userId)
    .where('code_hash', '=', hash)
    .executeTakeFirst();
  return !!row?.used_at;
}

/** How many of a user's recovery codes are still unused. */
export async function unusedRecoveryCodes(db: Executor, userId: number): Promise<number> {
  const r = await db
    .selectFrom('recovery_codes')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('user_id', '=', userId)
    .where('used_at', 'is', null)
    .executeTakeFirst();
  return Number(r?.n ?? 0);
}

/** Removes a user's factor and recovery codes (turned off, or reset by an admin); true when there was a factor. */
export async function removeFactor(db: Executor, userId: number): Promise<boolean> {
  await db.deleteFrom('recovery_codes').where('user_id', '=', userId).execute();
  const r = await db.deleteFrom('two_factor').where('user_id', '=', userId).executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}

/** The admin's policy: true when every user must have a second factor. */
export async function everyoneNeedsFactor(db: Executor): Promise<boolean> {
  const row = await db.selectFrom('two_factor_policy').select('everyone').where('id', '=', 1).executeTakeFirst();
  return row?.everyone === 1;
}

/** Sets the admin's policy. */
export async function setEveryoneNeedsFactor(db: Executor, everyone: boolean, by: number, at: string): Promise<void> {
  await db
    .updateTable('two_factor_policy')
    .set({ everyone: everyone ? 1 : 0, updated_at: at, updated_by: by })
    .where('id', '=', 1)
    .execute();
}

/** Whether users have a factor turned on, for the admin's list. */
export async function enabledFactorUsers(db: Executor): Promise<Set<number>> {
  const rows = await db.selectFrom('two_factor').select('user_id').where('enabled_at', 'is not', null).execute();
  return new Set(rows.map((r) => r.user_id));
}

/** A session whose password step passed and whose factor is still to come: its user, by the session id. */
export function pendingSession(db: Executor, sessionId: string) {
  return db
    .selectFrom('sessions')
    .innerJoin('users', 'users.id', 'sessions.user_id')
    .select(['sessions.created_at', 'users.id as user_id', 'users.active'])
    .where('sessions.id', '=', sessionId)
    .where('sessions.factor_pending', '=', 1)
    .executeTakeFirst();
}
