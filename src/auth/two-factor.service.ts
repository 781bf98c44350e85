import { randomBytes, randomInt } from 'node:crypto';
import QRCode from 'qrcode';
import type { Deps } from '../deps.js';
import type { Executor } from '../db/database.js';
import { writeAudit } from '../audit/audit.queries.js';
import { serializeOn } from '../db/locks.js';
import { AppError } from '../shared/app-error.js';
import type { CurrentUser } from '../http/app-env.js';
import {
  attemptsSince,
  deleteAttempts,
  deleteSession,
  endSessionsOf,
  findUserById,
  insertAttempts,
  insertSession,
} from './auth.queries.js';
import { PENDING_FACTOR_MS, SESSION_ENDED, THROTTLE_WINDOW_MS, toCurrentUser, tokenId } from './auth.service.js';
import { checkTotp, newTotpSecret, otpauthUri } from './totp.js';
import {
  RECOVERY_ALPHABET,
  RECOVERY_CODE_COUNT,
  RECOVERY_LENGTH,
  factorNeeded,
  formatRecoveryCode,
  readFactorCode,
} from './two-factor-rules.js';
import {
  advanceStep,
  enableFactor,
  enabledFactorUsers,
  everyoneNeedsFactor,
  factorOf,
  pendingSession,
  recoveryCodeUsed,
  removeFactor,
  replaceRecoveryCodes,
  setEveryoneNeedsFactor,
  startEnrolment,
  takeCodesToShow,
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
async function reserveCodeAttempt(deps: Deps, userId: number, ip: string, stage: string): Promise<Reservation> {
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

async function auditFailure(deps: Deps, userId: number, ip: string, stage: string, reason: string) {
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
function newRecoveryCodes(deps: Deps, userId: number) {
  const codes = Array.from({ length: RECOVERY_CODE_COUNT }, () =>
    Array.from({ length: RECOVERY_LENGTH }, () => RECOVERY_ALPHABET[randomInt(RECOVERY_ALPHABET.length)]).join(''),
  );
  return { codes, hashes: codes.map((c) => recoveryHash(deps, userId, c)) };
}

/** The QR code of an otpauth URI, drawn on the server as an SVG data URI for an <img> (the CSP allows data: images). */
async function qrDataUri(uri: string): Promise<string> {
  const svg = await QRCode.toString(uri, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
  return `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}`;
}

export type Enrolment =
  | { kind: 'enabled'; since: string; unusedCodes: number; newCodes: string[] | null; mayTurnOff: boolean }
  | { kind: 'new'; uri: string; secret: string; qr: string };

/**
 * The user's factor for the account page. Without one, enrolment starts (once) with a new secret, shown as its
 * otpauth URI and QR code. With one, its date and unused recovery codes, and the new codes once, right after
 * enrolment.
 */
export async function enrolmentOf(deps: Deps, user: CurrentUser, ip: string): Promise<Enrolment> {
  let row = await factorOf(deps.db, user.id);
  if (row?.enabled_at) {
    const enabledAt = row.enabled_at;
    const shown = await deps.db.transaction().execute((trx) => takeCodesToShow(trx, user.id));
    return {
      kind: 'enabled',
      since: enabledAt,
      unusedCodes: await unusedRecoveryCodes(deps.db, user.id),
      newCodes: shown ? (JSON.parse(deps.crypto.decrypt(shown) ?? '[]') as string[]).map(formatRecoveryCode) : null,
      mayTurnOff: !factorNeeded(user.roles, await everyoneNeedsFactor(deps.db)),
    };
  }
  if (!row) {
    const at = deps.clock().toISOString();
    await deps.db.transaction().execute(async (trx) => {
      if (await startEnrolment(trx, user.id, deps.crypto.encrypt(newTotpSecret())!, at))
        await writeAudit(trx, {
          at,
          actorId: user.id,
          action: 'two-factor.start',
          subjectType: 'user',
          subjectId: user.id,
          ip,
        });
    });
    row = await factorOf(deps.db, user.id);
    if (!row) throw new AppError(409, 'conflict');
  }
  const secret = deps.crypto.decrypt(row.secret_enc)!;
  const uri = otpauthUri(secret, user.email);
  return { kind: 'new', uri, secret, qr: await qrDataUri(uri) };
}

export type CodeResult = { kind: 'ok' } | { kind: 'wrong' } | { kind: 'throttled'; retryAfterSeconds: number };

/** Turns the factor on when the code from the new secret is right: ten recovery codes are made; audited. */
export async function confirmEnrolment(deps: Deps, userId: number, input: string, ip: string): Promise<CodeResult> {
  const row = await factorOf(deps.db, userId);
  if (row?.enabled_at) return { kind: 'ok' };
  const reservation = await reserveCodeAttempt(deps, userId, ip, 'enrol');
  if (reservation.throttled) return { kind: 'throttled', retryAfterSeconds: Math.ceil(reservation.waitMs / 1000) };
  const code = readFactorCode(input);
  const now = deps.clock();
  const check =
    row && code?.kind === 'totp'
      ? await checkTotp(deps.crypto.decrypt(row.secret_enc)!, code.code, now, null)
      : ({ ok: false, reason: 'wrong' } as const);
  if (!check.ok) {
    await auditFailure(deps, userId, ip, 'enrol', row ? check.reason : 'no-enrolment');
    return { kind: 'wrong' };
  }
  const { codes, hashes } = newRecoveryCodes(deps, userId);
  const at = now.toISOString();
  const done = await deps.db.transaction().execute(async (trx) => {
    if (
      !(await enableFactor(trx, userId, {
        step: check.step,
        codesToShow: deps.crypto.encrypt(JSON.stringify(codes))!,
        at,
      }))
    )
      return false;
    await replaceRecoveryCodes(trx, userId, hashes);
    await deleteAttempts(trx, { key: `factor:${userId}` });
    await writeAudit(trx, {
      at,
      actorId: userId,
      action: 'two-factor.enable',
      subjectType: 'user',
      subjectId: userId,
      ip,
      details: { recoveryCodes: codes.length },
    });
    return true;
  });
  return done ? { kind: 'ok' } : { kind: 'wrong' };
}

/**
 * Checks a TOTP code or a recovery code of a user with a factor, inside the caller's transaction: a TOTP code's
 * step must be after the last accepted one (recorded here), a recovery code must be unused (marked used here).
 */
async function acceptCode(
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

/** Turns the user's own factor off with a current code, when neither their roles nor the policy require one. */
export async function turnOffOwnFactor(deps: Deps, user: CurrentUser, input: string, ip: string): Promise<CodeResult> {
  const enrolment = await factorOf(deps.db, user.id);
  if (!enrolment?.enabled_at) return { kind: 'ok' };
  if (factorNeeded(user.roles, await everyoneNeedsFactor(deps.db)))
    throw new AppError(403, 'forbidden', 'Your role requires a second factor');
  const reservation = await reserveCodeAttempt(deps, user.id, ip, 'turn-off');
  if (reservation.throttled) return { kind: 'throttled', retryAfterSeconds: Math.ceil(reservation.waitMs / 1000) };
  const at = deps.clock().toISOString();
  const result = await deps.db.transaction().execute(async (trx) => {
    const accepted = await acceptCode(deps, trx, user.id, input);
    if (!accepted.ok) return accepted;
    await removeFactor(trx, user.id);
    await deleteAttempts(trx, { key: `factor:${user.id}` });
    await writeAudit(trx, {
      at,
      actorId: user.id,
      action: 'two-factor.disable',
      subjectType: 'user',
      subjectId: user.id,
      ip,
    });
    return accepted;
  });
  if (!result.ok) {
    await auditFailure(deps, user.id, ip, 'turn-off', result.reason);
    return { kind: 'wrong' };
  }
  return { kind: 'ok' };
}

/**
 * An admin resets a user's factor (a lost phone): the factor and recovery codes are removed and the user's
 * sessions end; audited. The user enrols again at the next sign-in (at once, when their grace period is over).
 */
export async function resetFactor(deps: Deps, userId: number, actor: { id: number; ip: string }): Promise<boolean> {
  const at = deps.clock().toISOString();
  const removed = await deps.db.transaction().execute(async (trx) => {
    const had = await removeFactor(trx, userId);
    if (!had) return false;
    await endSessionsOf(trx, userId);
    await writeAudit(trx, {
      at,
      actorId: actor.id,
      action: 'two-factor.reset',
      subjectType: 'user',
      subjectId: userId,
      ip: actor.ip,
    });
    return true;
  });
  if (removed) deps.events.publish({ type: SESSION_ENDED, data: { userId } });
  return removed;
}

/** The admin's policy and who has a factor, for the users page. */
export async function factorOverview(deps: Deps) {
  return { everyone: await everyoneNeedsFactor(deps.db), enabled: await enabledFactorUsers(deps.db) };
}

/** An admin requires (or stops requiring) a second factor of every user; audited. */
export async function setFactorPolicy(deps: Deps, everyone: boolean, actor: { id: number; ip: string }) {
  const at = deps.clock().toISOString();
  await deps.db.transaction().execute(async (trx) => {
    await setEveryoneNeedsFactor(trx, everyone, actor.id, at);
    await writeAudit(trx, {
      at,
      actorId: actor.id,
      action: 'two-factor.policy',
      subjectType: null,
      subjectId: null,
      ip: actor.ip,
      details: { everyone },
    });
  });
}
