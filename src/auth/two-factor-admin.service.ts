import type { Deps } from '../deps.js';
import { writeAudit } from '../audit/audit.queries.js';
import { endSessionsOf } from './auth.queries.js';
import { SESSION_ENDED } from './auth.service.js';
import { enabledFactorUsers, everyoneNeedsFactor, removeFactor, setEveryoneNeedsFactor } from './two-factor.queries.js';

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
