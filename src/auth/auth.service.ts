import { createHash, randomBytes } from 'node:crypto';
import { markAwayIn } from '../calls/availability.service.js';
import type { Deps } from '../deps.js';
import type { Executor } from '../db/database.js';
import { writeAudit } from '../audit/audit.queries.js';
import { serializeOn } from '../db/locks.js';
import { dummyHash, hashPassword, needsRehash, verifyPassword } from './passwords.js';
import { factorState } from './two-factor-rules.js';

export { hashPassword, verifyPassword } from './passwords.js';
import type { CurrentUser } from '../http/app-env.js';
import { ROLES, type Role } from './auth.table.js';
import {
  anyUser,
  endOtherSessions,
  endSessionsOf,
  failuresSince,
  recordFailure,
  attemptsSince,
  deleteAttempts,
  deleteSession,
  findSession,
  findUserByEmail,
  hasEnabledFactor,
  insertAttempts,
  insertSession,
  pruneAttempts,
  touchSession,
  upgradePasswordHash,
} from './auth.queries.js';

// Sign-in throttling: per address and per address+account, never per account alone, so failures
// from elsewhere can never lock the real user out. A pair gets five attempts in the window, then each further
// attempt must wait twice as long as the one before (30 s, 1 min, 2 min … at most the window); an address gets
// twenty attempts in the window. The attempt is reserved (counted) before the password is checked, in one
// transaction, so parallel requests cannot all slip under the limits.
export const THROTTLE_WINDOW_MS = 15 * 60_000;
const FREE_ATTEMPTS_PER_PAIR = 5;
const FIRST_DELAY_MS = 30_000;
const MAX_ATTEMPTS_PER_ADDRESS = 20;

/**
 * The address a sign-in is throttled under: an IPv4 address as it is (also when IPv4-mapped), an IPv6 address by
 * its /64 network — one subscriber usually holds a whole /64, so single IPv6 addresses would cost nothing.
 */
export function throttleAddress(ip: string): string {
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(ip);
  if (mapped) return mapped[1]!;
  if (!ip.includes(':')) return ip;
  const [head = '', tail = ''] = ip.toLowerCase().split('%')[0]!.split('::');
  const h = head ? head.split(':') : [];
  const tl = ip.includes('::') ? (tail ? tail.split(':') : []) : [];
  const groups = ip.includes('::') ? [...h, ...Array(Math.max(0, 8 - h.length - tl.length)).fill('0'), ...tl] : h;
  return `${groups
    .slice(0, 4)
    .map((g) => (g || '0').replace(/^0+(?=.)/, ''))
    .join(':')}::/64`;
}

/** The id a session is stored under: the SHA-256 of its cookie token (the token itself is never stored). */
export const tokenId = (token: string) => createHash('sha256').update(token).digest('base64url');

/** Wrong current passwords on the account page: five per account in the window, then the form is refused. */
export const MAX_FAILURES_PER_ACCOUNT = 5;
/** The key under which the account page counts wrong current passwords of one account. */
export const accountThrottleKey = (deps: Deps, email: string) =>
  `account:${deps.crypto.hash('login', email.trim().toLowerCase())}`;

export type LoginResult =
  | { kind: 'ok'; token: string; user: CurrentUser }
  | { kind: 'factor'; token: string }
  | { kind: 'invalid' }
  | { kind: 'throttled'; retryAfterSeconds: number };

/** Turns a users row into the request's view of the user. */
export function toCurrentUser(
  row: { id: number; email: string; name: string; roles: string; locale: string | null },
  defaultLocale: 'nl' | 'en',
): CurrentUser {
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    roles: row.roles
      .split(',')
      .map((r) => r.trim())
      .filter((r): r is Role => (ROLES as string[]).includes(r)),
    locale: row.locale === 'en' || row.locale === 'nl' ? row.locale : defaultLocale,
  };
}

/**
 * Signs a user in. The attempt is reserved against the throttle before the password is checked; a throttled
 * attempt is answered 429 with Retry-After by the route and audited at most once per address and window.
 */
export async function login(deps: Deps, input: { email: string; password: string; ip: string }): Promise<LoginResult> {
  const now = deps.clock();
  const at = now.toISOString();
  const email = input.email.trim().toLowerCase();
  const address = throttleAddress(input.ip);
  const pairKey = `pair:${address}|${deps.crypto.hash('login', email)}`;
  const ipKey = `ip:${address}`;
  const auditKey = `audited:${address}`;
  const since = new Date(now.getTime() - THROTTLE_WINDOW_MS).toISOString();
  const reservation = await deps.db.transaction().execute(async (trx) => {
    // One reservation at a time per address (the pair's key holds the address too), on any number of instances.
    await serializeOn(trx, ipKey);
    await pruneAttempts(trx, since);
    const seen = await attemptsSince(trx, [pairKey, ipKey, auditKey], since);
    const pair = seen.get(pairKey);
    const address = seen.get(ipKey);
    let waitMs = 0;
    if (pair && pair.n >= FREE_ATTEMPTS_PER_PAIR) {
      const delay = Math.min(FIRST_DELAY_MS * 2 ** (pair.n - FREE_ATTEMPTS_PER_PAIR), THROTTLE_WINDOW_MS);
      waitMs = Math.max(waitMs, Date.parse(pair.last) + delay - now.getTime());
    }
    if (address && address.n >= MAX_ATTEMPTS_PER_ADDRESS)
      waitMs = Math.max(waitMs, Date.parse(address.first) + THROTTLE_WINDOW_MS - now.getTime(), 1000);
    if (waitMs > 0) {
      // One audit row per address and window, however many throttled attempts an anonymous sender makes.
      if (!seen.get(auditKey)) {
        await insertAttempts(trx, [auditKey], at);
        await writeAudit(trx, { at, actorId: null, action: 'login.throttled', ip: input.ip });
      }
      return { throttled: true as const, waitMs, reason: address && address.n >= MAX_ATTEMPTS_PER_ADDRESS };
    }
    return { throttled: false as const, ids: await insertAttempts(trx, [pairKey, ipKey], at) };
  });
  if (reservation.throttled) {
    deps.log.warn('sign-in throttled', { ip: input.ip, reason: reservation.reason ? 'address' : 'address+account' });
    return { kind: 'throttled', retryAfterSeconds: Math.ceil(reservation.waitMs / 1000) };
  }
  const row = await findUserByEmail(deps.db, email);
  const cost = deps.config.passwordScrypt;
  const ok = await verifyPassword(input.password, row?.password_hash ?? dummyHash(cost));
  if (!row || !ok || !row.active) {
    await writeAudit(deps.db, {
      at,
      actorId: null,
      action: 'login.failed',
      subjectType: row ? 'user' : null,
      subjectId: row?.id ?? null,
      ip: input.ip,
      details: { reason: !row ? 'unknown-account' : !row.active ? 'inactive' : 'wrong-password' },
    });
    return { kind: 'invalid' };
  }
  // A hash made at an older (or other) cost is made again now that the password is known.
  const upgraded = needsRehash(row.password_hash, cost) ? await hashPassword(input.password, cost) : null;
  // A user with a second factor gets a session that opens only /login/two-factor until the code is given.
  const factorPending = await hasEnabledFactor(deps.db, row.id);
  const token = randomBytes(32).toString('base64url');
  await deps.db.transaction().execute(async (trx) => {
    await insertSession(trx, { id: tokenId(token), userId: row.id, at, factorPending });
    // A success forgets the pair's failures and does not count against the address.
    await deleteAttempts(trx, { ids: reservation.ids, key: pairKey });
    if (upgraded) await upgradePasswordHash(trx, row.id, row.password_hash, upgraded);
    await writeAudit(trx, {
      at,
      actorId: row.id,
      action: factorPending ? 'login.password' : 'login',
      subjectType: 'user',
      subjectId: row.id,
      ip: input.ip,
      ...(upgraded ? { details: { passwordRehashed: true } } : {}),
    });
  });
  if (factorPending) return { kind: 'factor', token };
  return { kind: 'ok', token, user: toCurrentUser(row, deps.config.defaultLocale) };
}

/** Ends a session (sign out); audited. Open live streams of the session are told to close. */
export async function logout(deps: Deps, token: string, ip: string): Promise<void> {
  const now = deps.clock().toISOString();
  const id = tokenId(token);
  await deps.db.transaction().execute(async (trx) => {
    const s = await deleteSession(trx, id);
    if (s) await markAwayIn(trx, s.user_id, now);
    if (s)
      await writeAudit(trx, {
        at: now,
        actorId: s.user_id,
        action: 'logout',
        subjectType: 'user',
        subjectId: s.user_id,
        ip,
      });
  });
  deps.events.publish({ type: SESSION_ENDED, data: { sessionId: id } });
}

/** A session that passed the password waits this long for its second factor, then the password is asked again. */
export const PENDING_FACTOR_MS = 10 * 60_000;

/** The bus event that closes live streams: `{ sessionId }` for one session, `{ userId }` for all of a user's. */
export const SESSION_ENDED = 'session.ended';

/** A user's standing with the second factor as every page sees it: a reminder in the grace period, or enrol now. */
type FactorNotice = { kind: 'grace'; until: Date } | { kind: 'required' } | null;

export type SessionLookup =
  | {
      kind: 'ok';
      user: CurrentUser;
      sessionId: string;
      idleSeconds: number;
      absoluteSeconds: number;
      factor: FactorNotice;
    }
  | { kind: 'pending'; sessionId: string }
  | { kind: 'expired' }
  | { kind: 'none' };

/**
 * Finds the user behind a session cookie. A session idle longer than SESSION_IDLE_MINUTES, older than
 * SESSION_ABSOLUTE_HOURS or of a deactivated user is ended. Only the agent's own actions extend it: `touch`
 * is false for background requests (live stream, presence pings, the session status).
 */
export async function lookupSession(
  deps: Deps,
  token: string | undefined,
  opts: { touch?: boolean; force?: boolean } = {},
): Promise<SessionLookup> {
  if (!token || token.length > 100) return { kind: 'none' };
  const id = tokenId(token);
  const row = await findSession(deps.db, id);
  if (!row) return { kind: 'none' };
  const now = deps.clock();
  const idleMs = now.getTime() - Date.parse(row.last_seen_at);
  const idleLimit = deps.config.sessionIdleMinutes * 60_000;
  const endsAt = Date.parse(row.created_at) + deps.config.sessionAbsoluteHours * 3_600_000;
  if (!row.active || idleMs > idleLimit || now.getTime() >= endsAt) {
    await deleteSession(deps.db, id);
    return { kind: 'expired' };
  }
  if (row.factor_pending) {
    if (now.getTime() - Date.parse(row.created_at) > PENDING_FACTOR_MS) {
      await deleteSession(deps.db, id);
      return { kind: 'expired' };
    }
    return { kind: 'pending', sessionId: id };
  }
  let lastSeen = Date.parse(row.last_seen_at);
  if (opts.touch !== false && (opts.force || idleMs > 30_000)) {
    await touchSession(deps.db, id, now.toISOString());
    lastSeen = now.getTime();
  }
  const user = toCurrentUser(row, deps.config.defaultLocale);
  const state = factorState({
    roles: user.roles,
    createdAt: row.user_created_at,
    hasFactor: !!row.factor_enabled_at,
    everyone: Number(row.everyone) === 1,
    graceDays: deps.config.mfaGraceDays,
    now,
  });
  return {
    kind: 'ok',
    user,
    factor: state.kind === 'grace' || state.kind === 'required' ? state : null,
    sessionId: id,
    idleSeconds: Math.max(0, Math.floor((Math.min(lastSeen + idleLimit, endsAt) - now.getTime()) / 1000)),
    absoluteSeconds: Math.max(0, Math.floor((endsAt - now.getTime()) / 1000)),
  };
}

/** True when the desk has any user (the sign-in page says how to create the first admin otherwise). */
export async function hasUsers(deps: Deps): Promise<boolean> {
  return anyUser(deps.db);
}

/** Ends every session of a user (a new password, a deactivation), in the caller's transaction. */
export async function endSessionsIn(trx: Executor, userId: number): Promise<void> {
  await endSessionsOf(trx, userId);
}

/** Ends every session of a user but the one given (their own password change); answers how many ended. */
export async function endOtherSessionsIn(trx: Executor, userId: number, keepSessionId: string | null) {
  return endOtherSessions(trx, userId, keepSessionId);
}

/** Failed attempts counted under a throttle key since an instant, and one more recorded (a wrong password). */
export const failedAttemptsSince = (db: Executor, key: string, since: string) => failuresSince(db, key, since);
export const recordFailedAttemptIn = (trx: Executor, key: string, at: string) => recordFailure(trx, key, at);
