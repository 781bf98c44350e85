import type { Deps } from '../deps.js';
import type { CurrentUser } from '../http/app-env.js';
import { isUniqueViolation } from '../db/errors.js';
import { writeAudit } from '../audit/audit.queries.js';
import { createContactIn } from '../contacts/contacts.service.js';
import { careRegionsOfUser, findCareRegion, linkContact } from './registrations.queries.js';
import { decidePendingReferral, findCareCase, latestReferral, saveCareCase } from './care-case.queries.js';
import { decideReferral, type ReferralRefusal, type ReferralState } from './referral-rule.js';
import { hasCoordinator, keepAtCentreIn, referToCoordinatorIn } from './care-routing.service.js';
import { visibleRegistration } from './registration-read.service.js';

/** What a referral step answers: done, or refused with the status and the rule's reason (the route words it). */
export type ReferralResult =
  | { ok: true; next: 'pending' | 'accepted' | 'returned' | 'centre' }
  | { ok: false; status: 403 | 409 | 422; refusal: ReferralRefusal | 'not_coordinator' | 'desk_only' };

const isDesk = (user: Pick<CurrentUser, 'roles'>) => user.roles.some((r) => r === 'agent' || r === 'supervisor');
const consentOf = (v: number | null) => (v === null ? null : v === 1);

/**
 * The desk refers a registration to its care region's coordinator (docs/contract.md): only with the person's consent to
 * share (422, nothing sent), once at a time (409); a region without a coordinator keeps the case at the centre.
 * A coordinator of another region gets 404, one of this region 403 (the desk refers).
 */
export async function referRegistration(deps: Deps, id: number, user: CurrentUser, ip: string | null) {
  const row = await visibleRegistration(deps, id, user);
  if (!isDesk(user)) return { ok: false, status: 403, refusal: 'desk_only' } satisfies ReferralResult;
  const actor = { id: user.id, ip };
  const reg = { id: row.id, reference: row.reference ?? '' };
  try {
    return await deps.db.transaction().execute(async (trx): Promise<ReferralResult> => {
      const latest = await latestReferral(trx, id);
      const kase = await findCareCase(trx, id);
      const region = row.care_region_id !== null ? await findCareRegion(trx, row.care_region_id) : undefined;
      const decision = decideReferral('refer', {
        state: (latest?.status as ReferralState | undefined) ?? 'none',
        consentCare: consentOf(row.consent_care),
        region: !region ? 'none' : hasCoordinator(region) ? 'with_coordinator' : 'without_coordinator',
        closed: !!kase?.closed_on,
      });
      if (!decision.ok) return decision;
      if (decision.next === 'pending') await referToCoordinatorIn(deps, trx, reg, region!, actor);
      else await keepAtCentreIn(deps, trx, reg, actor);
      return decision;
    });
  } catch (err) {
    // Two desk agents referring at once: the partial unique index lets one referral wait.
    if (isUniqueViolation(err)) return { ok: false, status: 409, refusal: 'already_pending' } as const;
    throw err;
  }
}

/**
 * The region's coordinator accepts a waiting referral and becomes the case's owner, or returns it with a reason
 * (the desk finds a task in its care queue). The state changes in one conditional statement, so of two
 * coordinators answering at once one wins and the other gets 409. Audited as `referral.accept` / `referral.return`
 * (the reason's text stays on the referral, out of the audit log).
 */
export async function answerReferral(
  deps: Deps,
  id: number,
  answer: { kind: 'accept' } | { kind: 'return'; reason: string },
  user: CurrentUser,
  ip: string | null,
): Promise<ReferralResult> {
  const row = await visibleRegistration(deps, id, user);
  const latest = await latestReferral(deps.db, id);
  if (!user.roles.includes('coordinator')) return { ok: false, status: 403, refusal: 'not_coordinator' };
  if (latest && !(await careRegionsOfUser(deps.db, user.id)).includes(latest.care_region_id))
    return { ok: false, status: 403, refusal: 'not_coordinator' };
  const reason = answer.kind === 'return' ? answer.reason.trim() : undefined;
  const decision = decideReferral(answer.kind, {
    state: (latest?.status as ReferralState | undefined) ?? 'none',
    consentCare: consentOf(row.consent_care),
    region: 'with_coordinator',
    closed: false,
    reason,
  });
  if (!decision.ok || !latest) return decision.ok ? { ok: false, status: 409, refusal: 'not_pending' } : decision;
  const now = deps.clock().toISOString();
  return deps.db.transaction().execute(async (trx): Promise<ReferralResult> => {
    const status = answer.kind === 'accept' ? 'accepted' : 'returned';
    const changed = await decidePendingReferral(trx, latest.id, {
      status,
      decidedBy: user.id,
      decidedAt: now,
      reason: reason ?? null,
    });
    if (changed === 0) return { ok: false, status: 409, refusal: 'not_pending' };
    if (status === 'accepted') await saveCareCase(trx, id, { owner_id: user.id, at_centre: 0, updated_at: now });
    else {
      const task = await createContactIn(
        deps,
        trx,
        {
          channel: 'manual',
          subject: `Verwijzing teruggegeven / referral returned ${row.reference}`,
          queue: 'care',
        },
        { id: user.id, ip },
      );
      await linkContact(trx, id, task.id, now, user.id);
    }
    await writeAudit(trx, {
      at: now,
      actorId: user.id,
      action: status === 'accepted' ? 'referral.accept' : 'referral.return',
      subjectType: 'registration',
      subjectId: row.reference,
      ip,
      details: { careRegion: latest.care_region_id },
    });
    return { ok: true, next: status };
  });
}
