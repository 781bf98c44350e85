import type { Deps } from '../deps.js';
import type { Trx } from '../db/database.js';
import { writeAudit } from '../audit/audit.queries.js';
import { createContactIn } from '../contacts/contacts.service.js';
import { queueOutgoingIn } from '../email/outbound/outbox.service.js';
import { linkContact, setRoutedTo } from './registrations.queries.js';
import { insertReferral, saveCareCase } from './care-case.queries.js';
import type { CareRegionTable } from './registrations.table.js';

interface Actor {
  id: number | null;
  ip: string | null;
}

/** A region whose coordinator takes referrals: marked as having one, with an address to notify. */
export const hasCoordinator = (r: Pick<CareRegionTable, 'has_coordinator' | 'coordinator_email'>) =>
  r.has_coordinator === 1 && !!r.coordinator_email;

/**
 * Refers a registration to its region's coordinator inside the caller's transaction: a waiting referral, a
 * care-coordination contact (waiting, outgoing) that tracks the hand-off, and the mail that notifies her — a link
 * and the reference only, nothing that identifies the person. Audited as `referral.create`. The partial unique
 * index lets one referral wait at a time (a second one at once fails on it).
 */
export async function referToCoordinatorIn(
  deps: Deps,
  trx: Trx,
  reg: { id: number; reference: string },
  region: { id: number } & Pick<CareRegionTable, 'has_coordinator' | 'coordinator_email'>,
  actor: Actor,
) {
  const now = deps.clock().toISOString();
  await insertReferral(trx, {
    registration_id: reg.id,
    care_region_id: region.id,
    status: 'pending',
    referred_by: actor.id,
    referred_at: now,
    decided_by: null,
    decided_at: null,
    reason: null,
  });
  await saveCareCase(trx, reg.id, { at_centre: 0, updated_at: now });
  const task = await createContactIn(
    deps,
    trx,
    {
      channel: 'manual',
      direction: 'out',
      subject: `Zorgcoördinatie / care coordination ${reg.reference}`,
      queue: 'care',
      status: 'waiting',
    },
    { id: actor.id, ip: actor.ip },
  );
  await linkContact(trx, reg.id, task.id, now, actor.id);
  const link = `${deps.config.publicUrl.replace(/\/$/, '')}/registrations/${reg.id}`;
  await queueOutgoingIn(deps, trx, {
    contactId: task.id,
    kind: 'reply',
    to: [region.coordinator_email!],
    subject: `Nieuwe aanmelding voor zorgcoördinatie / New registration for care coordination (${reg.reference})`,
    text:
      `Er is een aanmelding voor uw regio. Open haar in Baken (inloggen vereist):\n${link}\n\n` +
      `A registration was routed to your region. Open it in Baken (sign-in required):\n${link}\n`,
    inReplyTo: null,
    references: [],
    actorId: actor.id,
  });
  await setRoutedTo(trx, reg.id, 'coordinator');
  await writeAudit(trx, {
    at: now,
    actorId: actor.id,
    action: 'referral.create',
    subjectType: 'registration',
    subjectId: reg.reference,
    ip: actor.ip,
    details: { careRegion: region.id },
  });
}

/**
 * The centre keeps the case and coordinates it itself (a region without a coordinator, domain.md §0, or no
 * consent to share yet): a task in its own `care` queue, inside the caller's transaction. Audited as
 * `referral.centre`.
 */
export async function keepAtCentreIn(deps: Deps, trx: Trx, reg: { id: number; reference: string }, actor: Actor) {
  const now = deps.clock().toISOString();
  await saveCareCase(trx, reg.id, { at_centre: 1, owner_id: null, updated_at: now });
  const task = await createContactIn(
    deps,
    trx,
    { channel: 'manual', subject: `Zorgcoördinatie / care coordination ${reg.reference}`, queue: 'care' },
    { id: actor.id, ip: actor.ip },
  );
  await linkContact(trx, reg.id, task.id, now, actor.id);
  await setRoutedTo(trx, reg.id, 'care');
  await writeAudit(trx, {
    at: now,
    actorId: actor.id,
    action: 'referral.centre',
    subjectType: 'registration',
    subjectId: reg.reference,
    ip: actor.ip,
  });
}
