import type { Deps } from '../deps.js';
import type { Trx } from '../db/database.js';
import { writeAudit } from '../audit/audit.queries.js';
import { changeRegistrationIn } from './registration-writes.plugin.js';
import { AppError } from '../shared/app-error.js';
import { findRegistration, updateRegistrationRow } from './registrations.queries.js';

/**
 * Sets where a registered person stays and until when, inside the caller's transaction (a COSM placement accepted or
 * ended): the registration's `placement` and `shelter_ends_on`, the date the shelter-stay deadline counts down to
 * (raiseDeadlineTasks raises it on the care queue). Audited as a registration change with the fields' names only.
 */
export async function setShelterStayIn(
  deps: Deps,
  trx: Trx,
  registrationId: number,
  stay: { placement: string; shelterEndsOn: string | null },
  actor: { id: number | null; ip: string | null },
): Promise<void> {
  const row = await findRegistration(trx, registrationId);
  if (!row) throw new AppError('registration_not_found', 'Not found');
  const next = { placement: stay.placement, shelter_ends_on: stay.shelterEndsOn };
  const changed = (Object.keys(next) as (keyof typeof next)[]).filter((k) => row[k] !== next[k]);
  if (!changed.length) return;
  const now = deps.clock().toISOString();
  await changeRegistrationIn(deps, trx, registrationId, changed, () =>
    updateRegistrationRow(trx, registrationId, { ...next, updated_at: now }),
  );
  await writeAudit(trx, {
    at: now,
    actorId: actor.id,
    action: 'registration.update',
    subjectType: 'registration',
    subjectId: row.reference,
    ip: actor.ip,
    details: { fields: changed, by: 'cosm' },
  });
}
