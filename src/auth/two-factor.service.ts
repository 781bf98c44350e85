import { randomBytes, randomInt } from 'node:crypto';
import type { Deps } from '../deps.js';
import type { Executor } from '../db/database.js';
import { writeAudit } from '../audit/audit.queries.js';
import { serializeOn } from '../db/locks.js';
import type { CurrentUser } from '../http/app-env.js';
import {
  attemptsSince,
  deleteAttempts,
  deleteSession,
  findUserById,
  insertAttempts,
  insertSession,
} from './auth.queries.js';
import { PENDING_FACTOR_MS, THROTTLE_WINDOW_MS, toCurrentUser, tokenId } from './auth.service.js';
import { checkTotp } from './totp.js';
import { RECOVERY_ALPHABET, RECOVERY_CODE_COUNT, RECOVERY_LENGTH, readFactorCode } from './two-factor-rules.js';
import {
  advanceStep,
  factorOf,
  pendingSession,
  recoveryCodeUsed,
  unusedRecoveryCodes,
  useRecoveryCode,
} from './two-factor.queries.js';

// Codes are throttled per account, as the pair of address and account is for the password: whoever reaches this
// step knows the password, so changing address must not buy new guesses. Five codes in the window, then each
// further one waits twice as long as the one before (30 s, 1 min … at most the window).
const FREE_CODES = 5;
const FIRST_DELAY_MS = 30_000;

type Reservation = { throttled: true; waitMs: number } | { throttled: false; ids: number[] };

/** Counts a code attempt before it is checked (so parallel guesses cannot slip under the limit); audited when refused. */
export async function reserveCodeAttempt(deps: Deps, userId: number, ip: string, stage: string): Promise<Reservation> {
  const now = deps.clock();
  const at = now.toISOString();
  const key = `factor:${userId}`;
  const auditKey = `factor-audited:${userId}`;
  const since = new Date(now.getTime() - THROTTLE_WINDOW_MS).toISOString();
  return deps.db.transaction().execute(async (trx) => {
    await serializeOn(trx, key);
    const seen = await attemptsSince(trx, [key, auditKey], since);
    const tried = seen.get(key);
    if (tried && tried.n >= FREE_CODES) {
      const delay = Math.min(FIRST_DELAY_MS * 2 ** (tried.n - FREE_CODES), THROTTLE_WINDOW_MS);
      const waitMs = Date.parse(tried.last) + delay - now.getTime();
      if (waitMs > 0) {
        // One audit row per account and window, however many codes are refused unchecked.
        if (!seen.get(auditKey)) {
          await insertAttempts(trx, [auditKey], at);
          await writeAudit(trx, {
            at,
            actorId: userId,
            action: 'two-factor.throttled',
            subjectType: 'user',
            subjectId: userId,
            ip,
            details: { stage },
          });
        }
        return { throttled: true, waitMs };
      }
    }
    return { throttled: false, ids: await insertAttempts(trx, [key], at) };
  });
}

export async function auditFailure(deps: Deps, userId: number, ip: string, stage: string, reason: string) {
  await writeAudit(deps.db, {
    at: deps.clock().toISOString(),
    actorId: userId,
    action: 'two-factor.failed',
    subjectType: 'user',
    subjectId: userId,
    ip,
    details: { stage, reason },
  });
}

const recoveryHash = (deps: Deps, userId: number, code: string) =>
  deps.crypto.sign('recovery-code', `${userId}:${code}`);

/** Ten new recovery codes: the plain codes to show once, and their keyed hashes to store. */
export function newRecoveryCodes(deps: Deps, userId: number) {
  const codes = Array.from({ length: RECOVERY_CODE_COUNT }, () =>
    Array.from({ length: RECOVERY_LENGTH }, () => RECOVERY_ALPHABET[randomInt(RECOVERY_ALPHABET.length)]).join(''),
  );
  return { codes, hashes: codes.map((c) => recoveryHash(deps, userId, c)) };
}

export type CodeResult = { kind: 'ok' } | { kind: 'wrong' } | { kind: 'throttled'; retryAfterSeconds: number };

/**
 * Checks a TOTP code or a recovery code of a user with a factor, inside the caller's transaction: a TOTP code's
 * step must be after the last accepted one (recorded here), a recovery code must be unused (marked used here).
 */
export async function acceptCode(
  deps: Deps,
  trx: Executor,
  userId: number,
  input: string,
): Promise<{ ok: true; kind: 'totp' | 'recovery'; remaining?: number } | { ok: false; reason: string }> {
  const code = readFactorCode(input);
  if (!code) return { ok: false, reason: 'malformed' };
  const row = await factorOf(trx, userId);
  if (!row?.enabled_at) return { ok: false, reason: 'no-factor' };
  if (code.kind === 'recovery') {
    const hash = recoveryHash(deps, userId, code.code);
    if (await useRecoveryCode(trx, userId, hash, deps.clock().toISOString()))
      return { ok: true, kind: 'recovery', remaining: await unusedRecoveryCodes(trx, userId) };
    return { ok: false, reason: (await recoveryCodeUsed(trx, userId, hash)) ? 'recovery-code-used' : 'wrong' };
  }
  const check = await checkTotp(deps.crypto.decrypt(row.secret_enc)!, code.code, deps.clock(), row.last_step);
  if (!check.ok) return { ok: false, reason: check.reason };
  // Of two requests with the same code, only one moves the step on: the other is a replay.
  if (!(await advanceStep(trx, userId, check.step))) return { ok: false, reason: 'replayed' };
  return { ok: true, kind: 'totp' };
}

export type FactorSignIn =
  | { kind: 'ok'; token: string; user: CurrentUser }
  | { kind: 'wrong' }
  | { kind: 'expired' }
  | { kind: 'throttled'; retryAfterSeconds: number };

/**
 * Completes a sign-in whose password passed with the second factor (a TOTP code or a recovery code): the waiting
 * session is replaced by a new one (a new cookie), audited with the kind of code; a wrong, replayed or used code
 * is refused, throttled and audited.
 */
export async function completeSignIn(
  deps: Deps,
  input: { sessionId: string; code: string; ip: string },
): Promise<FactorSignIn> {
  const pending = await pendingSession(deps.db, input.sessionId);
  const now = deps.clock();
  if (!pending?.active || now.getTime() - Date.parse(pending.created_at) > PENDING_FACTOR_MS) {
    if (pending) await deleteSession(deps.db, input.sessionId);
    return { kind: 'expired' };
  }
  const userId = pending.user_id;
  const reservation = await reserveCodeAttempt(deps, userId, input.ip, 'sign-in');
  if (reservation.throttled) return { kind: 'throttled', retryAfterSeconds: Math.ceil(reservation.waitMs / 1000) };
  const token = randomBytes(32).toString('base64url');
  const at = now.toISOString();
  const result = await deps.db.transaction().execute(async (trx) => {
    const accepted = await acceptCode(deps, trx, userId, input.code);
    if (!accepted.ok) return accepted;
    await deleteSession(trx, input.sessionId);
    await insertSession(trx, { id: tokenId(token), userId, at });
    await deleteAttempts(trx, { ids: reservation.ids, key: `factor:${userId}` });
    if (accepted.kind === 'recovery')
      await writeAudit(trx, {
        at,
        actorId: userId,
        action: 'two-factor.recovery-code',
        subjectType: 'user',
        subjectId: userId,
        ip: input.ip,
        details: { remaining: accepted.remaining },
      });
    await writeAudit(trx, {
      at,
      actorId: userId,
      action: 'login',
      subjectType: 'user',
      subjectId: userId,
      ip: input.ip,
      details: { factor: accepted.kind },
    });
    return accepted;
  });
  if (!result.ok) {
    await auditFailure(deps, userId, input.ip, 'sign-in', result.reason);
    return { kind: 'wrong' };
  }
  const user = await findUserById(deps.db, userId);
  if (!user) return { kind: 'expired' };
  return { kind: 'ok', token, user: toCurrentUser(user, deps.config.defaultLocale) };
}
