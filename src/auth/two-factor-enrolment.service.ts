import QRCode from 'qrcode';
import type { Deps } from '../deps.js';
import { writeAudit } from '../audit/audit.queries.js';
import { AppError } from '../shared/app-error.js';
import type { CurrentUser } from '../http/app-env.js';
import { deleteAttempts } from './auth.queries.js';
import { checkTotp, newTotpSecret, otpauthUri } from './totp.js';
import { factorNeeded, formatRecoveryCode, readFactorCode } from './two-factor-rules.js';
import {
  enableFactor,
  everyoneNeedsFactor,
  factorOf,
  removeFactor,
  replaceRecoveryCodes,
  startEnrolment,
  takeCodesToShow,
  unusedRecoveryCodes,
} from './two-factor.queries.js';
import {
  type CodeResult,
  acceptCode,
  auditFailure,
  newRecoveryCodes,
  reserveCodeAttempt,
} from './two-factor.service.js';

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
    if (!row) throw new AppError('conflict');
  }
  const secret = deps.crypto.decrypt(row.secret_enc)!;
  const uri = otpauthUri(secret, user.email);
  return { kind: 'new', uri, secret, qr: await qrDataUri(uri) };
}

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

/** Turns the user's own factor off with a current code, when neither their roles nor the policy require one. */
export async function turnOffOwnFactor(deps: Deps, user: CurrentUser, input: string, ip: string): Promise<CodeResult> {
  const enrolment = await factorOf(deps.db, user.id);
  if (!enrolment?.enabled_at) return { kind: 'ok' };
  if (factorNeeded(user.roles, await everyoneNeedsFactor(deps.db)))
    throw new AppError('forbidden', 'Your role requires a second factor');
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
