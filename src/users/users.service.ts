import type { Deps } from '../deps.js';
import { writeAudit } from '../audit/audit.queries.js';
import { endSessionsIn, hasUsers, hashPassword } from '../auth/auth.service.js';
import { ROLES, type Role } from './users.table.js';
import { allUsers, insertUser, setUserLocale, updateUserRow, userById, userIdByEmail } from './users.queries.js';
import { AppError } from '../shared/app-error.js';

export interface UserInput {
  name: string;
  email: string;
  password?: string;
  roles: Role[];
  locale: 'nl' | 'en' | null;
  active: boolean;
}

/** All users for the admin page, active first. */
export async function listUsers(deps: Deps) {
  return allUsers(deps.db);
}

/** One user for editing; 404 when unknown. */
export async function getUser(deps: Deps, id: number) {
  const u = await userById(deps.db, id);
  if (!u) throw new AppError('user_not_found');
  return u;
}

const emailTaken = async (deps: Deps, email: string, exceptId?: number) =>
  (await userIdByEmail(deps.db, email, exceptId)) !== undefined;

/** Creates a user (audited); throws 409 when the address is taken. */
export async function createUser(
  deps: Deps,
  input: UserInput & { password: string },
  actorId: number | null,
  ip: string | null,
): Promise<number> {
  const email = input.email.trim().toLowerCase();
  if (await emailTaken(deps, email)) throw new AppError('email_taken');
  const now = deps.clock().toISOString();
  const password_hash = await hashPassword(input.password, deps.config.passwordScrypt);
  return deps.db.transaction().execute(async (trx) => {
    const id = await insertUser(
      trx,
      {
        email,
        name: input.name.trim(),
        password_hash,
        roles: input.roles.join(','),
        locale: input.locale,
        active: input.active ? 1 : 0,
      },
      now,
    );
    await writeAudit(trx, {
      at: now,
      actorId,
      action: 'user.create',
      subjectType: 'user',
      subjectId: id,
      ip,
      details: { roles: input.roles, active: input.active },
    });
    return id;
  });
}

/**
 * Changes a user (audited, with the changed field names); a new password ends their sessions; deactivating
 * ends them too. An admin cannot deactivate themself or drop their own admin role.
 */
export async function updateUser(
  deps: Deps,
  id: number,
  input: UserInput,
  actorId: number,
  ip: string | null,
): Promise<void> {
  const before = await getUser(deps, id);
  const email = input.email.trim().toLowerCase();
  if (id === actorId && (!input.active || !input.roles.includes('admin'))) throw new AppError('self_lockout');
  if (await emailTaken(deps, email, id)) throw new AppError('email_taken');
  const now = deps.clock().toISOString();
  const password_hash = input.password ? await hashPassword(input.password, deps.config.passwordScrypt) : undefined;
  const changed = [
    before.name !== input.name.trim() && 'name',
    before.email !== email && 'email',
    before.roles !== input.roles.join(',') && 'roles',
    before.locale !== input.locale && 'locale',
    !!before.active !== input.active && 'active',
    password_hash && 'password',
  ].filter(Boolean);
  await deps.db.transaction().execute(async (trx) => {
    await updateUserRow(
      trx,
      id,
      {
        name: input.name.trim(),
        email,
        roles: input.roles.join(','),
        locale: input.locale,
        active: input.active ? 1 : 0,
        ...(password_hash ? { password_hash } : {}),
      },
      now,
    );
    if (password_hash || !input.active) await endSessionsIn(trx, id);
    await writeAudit(trx, {
      at: now,
      actorId,
      action: 'user.update',
      subjectType: 'user',
      subjectId: id,
      ip,
      details: { changed, roles: input.roles },
    });
  });
  // Deactivated, new password or other roles: the user's open live streams close (a reconnect sees the change).
  if (password_hash || !input.active || changed.includes('roles'))
    deps.events.publish({ type: 'session.ended', data: { userId: id } });
}

/** A user's own language choice (audited). */
export async function setOwnLocale(deps: Deps, userId: number, locale: 'nl' | 'en', ip: string): Promise<void> {
  const now = deps.clock().toISOString();
  await deps.db.transaction().execute(async (trx) => {
    await setUserLocale(trx, userId, locale, now);
    await writeAudit(trx, {
      at: now,
      actorId: userId,
      action: 'user.locale',
      subjectType: 'user',
      subjectId: userId,
      ip,
      details: { locale },
    });
  });
}

/** On a start with no users: creates the admin from ADMIN_EMAIL/ADMIN_PASSWORD. Returns true when it did. */
export async function ensureFirstAdmin(deps: Deps): Promise<boolean> {
  if ((await hasUsers(deps)) || !deps.config.adminEmail || !deps.config.adminPassword) return false;
  try {
    await createUser(
      deps,
      {
        name: 'Administrator',
        email: deps.config.adminEmail,
        password: deps.config.adminPassword,
        roles: [...ROLES].filter((r) => r !== 'coordinator') as Role[],
        locale: null,
        active: true,
      },
      null,
      null,
    );
  } catch (e) {
    // Another instance starting at the same moment created it first.
    if (await hasUsers(deps)) return false;
    throw e;
  }
  return true;
}
