import type { Deps } from '../deps.js';
import { writeAudit } from '../audit/audit.queries.js';
import {
  MAX_FAILURES_PER_ACCOUNT,
  THROTTLE_WINDOW_MS,
  accountThrottleKey,
  endOtherSessionsIn,
  failedAttemptsSince,
  hashPassword,
  recordFailedAttemptIn,
  verifyPassword,
} from '../auth/auth.service.js';
import { AppError } from '../shared/app-error.js';
import { accountOf, setPasswordHash, setSignatures, updateDeskPhone } from './account.queries.js';

/** The signed-in user's own settings for the account page. */
export async function getAccount(deps: Deps, userId: number) {
  const a = await accountOf(deps.db, userId);
  if (!a) throw new AppError('user_not_found');
  return { signatures: { nl: a.signature_nl, en: a.signature_en } };
}

/** Saves the user's own reply signatures (empty: none in that language); audited with the languages that changed, not the text. */
export async function saveSignatures(
  deps: Deps,
  userId: number,
  input: { nl: string; en: string },
  ip: string,
): Promise<void> {
  const now = deps.clock().toISOString();
  const value = (s: string) => s.replace(/\r\n?/g, '\n').trim() || null;
  const next = { nl: value(input.nl), en: value(input.en) };
  await deps.db.transaction().execute(async (trx) => {
    const before = await accountOf(trx, userId);
    if (!before) throw new AppError('user_not_found');
    const changed = (['nl', 'en'] as const).filter((l) => before[`signature_${l}`] !== next[l]);
    if (changed.length === 0) return;
    await setSignatures(trx, userId, next, now);
    await writeAudit(trx, {
      at: now,
      actorId: userId,
      action: 'user.signature',
      subjectType: 'user',
      subjectId: userId,
      ip,
      details: { changed },
    });
  });
}

export type PasswordChange = { kind: 'ok'; sessionsEnded: number } | { kind: 'wrong' } | { kind: 'throttled' };

/**
 * Changes the user's own password after checking the current one. A wrong current password counts as a failed
 * sign-in of the account (so someone at an unattended screen cannot guess it, and sign-in is throttled too), and
 * after too many the change is refused unchecked. Success ends the user's other sessions and keeps this one;
 * audited without any password.
 */
export async function changeOwnPassword(
  deps: Deps,
  userId: number,
  input: { current: string; next: string; sessionId: string | null },
  ip: string,
): Promise<PasswordChange> {
  const now = deps.clock();
  const account = await accountOf(deps.db, userId);
  if (!account) throw new AppError('user_not_found');
  const key = accountThrottleKey(deps, account.email);
  const since = new Date(now.getTime() - THROTTLE_WINDOW_MS).toISOString();
  if ((await failedAttemptsSince(deps.db, key, since)) >= MAX_FAILURES_PER_ACCOUNT) {
    await writeAudit(deps.db, {
      at: now.toISOString(),
      actorId: userId,
      action: 'user.password.throttled',
      subjectType: 'user',
      subjectId: userId,
      ip,
    });
    return { kind: 'throttled' };
  }
  if (!(await verifyPassword(input.current, account.password_hash))) {
    await deps.db.transaction().execute(async (trx) => {
      await recordFailedAttemptIn(trx, key, now.toISOString());
      await writeAudit(trx, {
        at: now.toISOString(),
        actorId: userId,
        action: 'user.password.failed',
        subjectType: 'user',
        subjectId: userId,
        ip,
        details: { reason: 'wrong-current-password' },
      });
    });
    return { kind: 'wrong' };
  }
  const hash = await hashPassword(input.next, deps.config.passwordScrypt);
  const sessionsEnded = await deps.db.transaction().execute(async (trx) => {
    await setPasswordHash(trx, userId, hash, now.toISOString());
    const ended = await endOtherSessionsIn(trx, userId, input.sessionId);
    await writeAudit(trx, {
      at: now.toISOString(),
      actorId: userId,
      action: 'user.password',
      subjectType: 'user',
      subjectId: userId,
      ip,
      details: { sessionsEnded: ended },
    });
    return ended;
  });
  return { kind: 'ok', sessionsEnded };
}

/** A user sets their own desk phone (null: ring the softphone); audited without the number. */
export async function setDeskPhone(deps: Deps, userId: number, phone: string | null, ip: string | null) {
  const now = deps.clock().toISOString();
  await deps.db.transaction().execute(async (trx) => {
    await updateDeskPhone(trx, userId, phone, now);
    await writeAudit(trx, {
      at: now,
      actorId: userId,
      action: 'user.desk_phone',
      subjectType: 'user',
      subjectId: userId,
      ip,
      details: { deskPhone: phone ? 'set' : 'cleared' },
    });
  });
}
