import type { Deps } from '../deps.js';
import type { Trx } from '../db/database.js';
import { writeAudit } from '../audit/audit.queries.js';
import { findAvailability, listColleagues, upsertAvailability } from './availability.queries.js';
import { CALL_ROLES } from './ring-decision.js';
import type { Availability } from './softphone.table.js';

/** The agent's own availability (away when never set). */
export const availabilityOf = (deps: Deps, userId: number): Promise<Availability> => findAvailability(deps.db, userId);

/** An agent says they are available, busy or away: stored for every instance, audited; a repeat changes nothing. */
export async function setAvailability(
  deps: Deps,
  actor: { id: number; ip: string },
  status: Availability,
): Promise<Availability> {
  const now = deps.clock().toISOString();
  await deps.db.transaction().execute(async (trx) => {
    if ((await findAvailability(trx, actor.id)) === status) return;
    await upsertAvailability(trx, actor.id, status, now);
    await writeAudit(trx, {
      at: now,
      actorId: actor.id,
      action: 'agent.availability',
      subjectType: 'user',
      subjectId: actor.id,
      ip: actor.ip,
      details: { status },
    });
  });
  return status;
}

/** Signing out makes the agent away (in the sign-out's transaction): nobody rings an empty desk. */
export async function markAwayIn(trx: Trx, userId: number, now: string): Promise<void> {
  if ((await findAvailability(trx, userId)) !== 'away') await upsertAvailability(trx, userId, 'away', now);
}

/** The colleagues a call may be handed to: active users who take calls, by name, with whether they are available. */
export async function colleaguesForTransfer(deps: Deps, userId: number) {
  const users = await listColleagues(deps.db, userId);
  return users
    .filter((u) => u.roles.split(',').some((r) => (CALL_ROLES as readonly string[]).includes(r)))
    .map((u) => ({ id: u.id, name: u.name, available: u.status === 'available' }));
}
