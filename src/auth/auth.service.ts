import { createHash, randomBytes } from 'node:crypto';
import type { Deps } from '../deps.js';
import { writeAudit } from '../audit/audit.queries.js';
import { DUMMY_HASH, verifyPassword } from './passwords.js';
import { ROLES, type CurrentUser, type Role } from '../http/app-env.js';

export const THROTTLE_WINDOW_MS = 15 * 60_000;
export const MAX_FAILURES_PER_ACCOUNT = 5;
const MAX_FAILURES_PER_IP = 20;

/** The stored id of a session: the sha256 of its cookie token. */
export const tokenId = (token: string) => createHash('sha256').update(token).digest('base64url');
/** The key under which failed sign-ins of one account are counted (the account page counts wrong current passwords there too). */
export const accountThrottleKey = (deps: Deps, email: string) =>
  `email:${deps.crypto.hash('login', email.trim().toLowerCase())}`;

export type LoginResult =
  | { kind: 'ok'; token: string; user: CurrentUser }
  | { kind: 'invalid' }
  | { kind: 'throttled' };

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
 * Signs a user in: throttled after repeated failures per account and per address (answered 429 by the
 * route), every attempt audited in the same transaction as the session it creates.
 */
export async function login(deps: Deps, input: { email: string; password: string; ip: string }): Promise<LoginResult> {
  const now = deps.clock();
  const email = input.email.trim().toLowerCase();
  const accountKey = accountThrottleKey(deps, email);
  const ipKey = `ip:${input.ip}`;
  const since = new Date(now.getTime() - THROTTLE_WINDOW_MS).toISOString();
  const failures = await deps.db
    .selectFrom('login_failures')
    .select(['key', (eb) => eb.fn.countAll<number>().as('n')])
    .where('key', 'in', [accountKey, ipKey])
    .where('at', '>', since)
    .groupBy('key')
    .execute();
  const count = (k: string) => Number(failures.find((f) => f.key === k)?.n ?? 0);
  if (count(accountKey) >= MAX_FAILURES_PER_ACCOUNT || count(ipKey) >= MAX_FAILURES_PER_IP) {
    deps.log.warn('sign-in throttled', {
      ip: input.ip,
      reason: count(accountKey) >= MAX_FAILURES_PER_ACCOUNT ? 'account' : 'address',
    });
    await writeAudit(deps.db, { at: now.toISOString(), actorId: null, action: 'login.throttled', ip: input.ip });
    return { kind: 'throttled' };
  }
  const row = await deps.db.selectFrom('users').selectAll().where('email', '=', email).executeTakeFirst();
  const ok = await verifyPassword(input.password, row?.password_hash ?? DUMMY_HASH);
  if (!row || !ok || !row.active) {
    await deps.db.transaction().execute(async (trx) => {
      await trx
        .insertInto('login_failures')
        .values([
          { key: accountKey, at: now.toISOString() },
          { key: ipKey, at: now.toISOString() },
        ])
        .execute();
      await writeAudit(trx, {
        at: now.toISOString(),
        actorId: null,
        action: 'login.failed',
        subjectType: row ? 'user' : null,
        subjectId: row?.id ?? null,
        ip: input.ip,
        details: { reason: !row ? 'unknown-account' : !row.active ? 'inactive' : 'wrong-password' },
      });
    });
    return { kind: 'invalid' };
  }
  const token = randomBytes(32).toString('base64url');
  await deps.db.transaction().execute(async (trx) => {
    await trx
      .insertInto('sessions')
      .values({ id: tokenId(token), user_id: row.id, created_at: now.toISOString(), last_seen_at: now.toISOString() })
      .execute();
    await trx.deleteFrom('login_failures').where('key', '=', accountKey).execute();
    await writeAudit(trx, {
      at: now.toISOString(),
      actorId: row.id,
      action: 'login',
      subjectType: 'user',
      subjectId: row.id,
      ip: input.ip,
    });
  });
  return { kind: 'ok', token, user: toCurrentUser(row, deps.config.defaultLocale) };
}

/** Ends a session (sign out); audited. */
export async function logout(deps: Deps, token: string, ip: string): Promise<void> {
  const now = deps.clock().toISOString();
  await deps.db.transaction().execute(async (trx) => {
    const s = await trx.deleteFrom('sessions').where('id', '=', tokenId(token)).returning('user_id').executeTakeFirst();
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
}

export type SessionLookup = { kind: 'ok'; user: CurrentUser } | { kind: 'expired' } | { kind: 'none' };

/** Finds the user behind a session cookie; a session idle longer than SESSION_IDLE_MINUTES is ended. */
export async function lookupSession(deps: Deps, token: string | undefined): Promise<SessionLookup> {
  if (!token || token.length > 100) return { kind: 'none' };
  const id = tokenId(token);
  const row = await deps.db
    .selectFrom('sessions')
    .innerJoin('users', 'users.id', 'sessions.user_id')
    .select([
      'sessions.last_seen_at',
      'users.id',
      'users.email',
      'users.name',
      'users.roles',
      'users.locale',
      'users.active',
    ])
    .where('sessions.id', '=', id)
    .executeTakeFirst();
  if (!row) return { kind: 'none' };
  const now = deps.clock();
  const idleMs = now.getTime() - Date.parse(row.last_seen_at);
  if (!row.active || idleMs > deps.config.sessionIdleMinutes * 60_000) {
    await deps.db.deleteFrom('sessions').where('id', '=', id).execute();
    return { kind: 'expired' };
  }
  if (idleMs > 30_000)
    await deps.db.updateTable('sessions').set({ last_seen_at: now.toISOString() }).where('id', '=', id).execute();
  return { kind: 'ok', user: toCurrentUser(row, deps.config.defaultLocale) };
}
