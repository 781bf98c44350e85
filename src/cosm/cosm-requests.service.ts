import type { Deps } from '../deps.js';
import type { Trx } from '../db/database.js';
import { AppError } from '../shared/app-error.js';
import { findRegistration } from '../registrations/registrations.queries.js';
import { localToday } from '../registrations/registrations.service.js';
import { setShelterStayIn } from '../registrations/shelter-stay.service.js';
import type { PlacementRequestInput } from './cosm.form.js';
import {
  answerOffer,
  findRequest,
  findShelter,
  givePlaceBack,
  insertOffer,
  insertRequest,
  openOffer,
  requestsOfRegistration,
  takePlace,
  updateRequest,
} from './cosm.queries.js';
import { type Actor, audit, stale } from './cosm.service.js';

/** What a step of a request came to: done, or queued because the shelter had no free place (never refused). */
export type StepResult = { kind: 'done' } | { kind: 'queued' };

/** Offers a waiting request to a shelter in the caller's transaction, or queues it there when it has no free place. */
async function offerIn(deps: Deps, trx: Trx, requestId: number, version: number, shelterId: number, actor: Actor) {
  const shelter = await findShelter(trx, shelterId);
  if (shelter?.active !== 1) throw new AppError('cosm_shelter_unknown', 'Unknown shelter');
  const now = deps.clock().toISOString();
  if (shelter.free_places <= 0) {
    // No free place: the request waits on the list for this shelter, in its place by need and waiting time.
    if (!(await updateRequest(trx, requestId, version, { wanted_shelter_id: shelterId, updated_at: now })))
      throw stale();
    await audit(trx, deps, actor, 'cosm.queue', requestId, { shelter: shelterId });
    return { kind: 'queued' } as const;
  }
  const changed = await updateRequest(trx, requestId, version, {
    status: 'offered',
    shelter_id: shelterId,
    wanted_shelter_id: null,
    offered_at: now,
    updated_at: now,
  });
  if (!changed) throw stale();
  await insertOffer(trx, { request_id: requestId, shelter_id: shelterId, offered_at: now, offered_by: actor.id });
  await audit(trx, deps, actor, 'cosm.offer', requestId, { shelter: shelterId });
  return { kind: 'done' } as const;
}

/**
 * A placement request from a registration: the person's needs in codes (gender, minor, care needs, interpreter,
 * safety) and no identifying data. With a shelter named it is offered there at once, or — no free place — queued
 * for it. One open request per registration (409 otherwise). Audited in the same transaction.
 */
export async function requestPlacement(
  deps: Deps,
  registrationId: number,
  input: PlacementRequestInput,
  actor: Actor,
): Promise<{ id: number } & StepResult> {
  const reg = await findRegistration(deps.db, registrationId);
  if (!reg) throw new AppError('registration_not_found', 'Not found');
  const now = deps.clock().toISOString();
  return deps.db.transaction().execute(async (trx) => {
    const open = (await requestsOfRegistration(trx, registrationId)).some(
      (r) => r.status === 'waiting' || r.status === 'offered' || r.status === 'placed',
    );
    if (open) throw new AppError('cosm_request_open', 'This registration already has an open COSM request');
    const id = await insertRequest(trx, {
      registration_id: registrationId,
      urgency: input.urgency,
      gender: input.gender,
      minor: input.minor ? 1 : 0,
      care_needs: input.careNeeds.join(','),
      interpreter: input.interpreter,
      safety_risk: input.safetyRisk ? 1 : 0,
      requested_at: now,
      requested_on: localToday(deps),
      created_by: actor.id,
      updated_at: now,
    });
    await audit(trx, deps, actor, 'cosm.request', id, { registration: reg.reference, urgency: input.urgency });
    if (input.shelterId === null) return { id, kind: 'done' as const };
    return { id, ...(await offerIn(deps, trx, id, 1, input.shelterId, actor)) };
  });
}

async function requestAt(deps: Deps, id: number, version: number) {
  const r = await findRequest(deps.db, id);
  if (!r) throw new AppError('cosm_request_not_found', 'Not found');
  if (r.version !== version) throw stale();
  return r;
}

/** Offers a waiting request to a shelter; a shelter without a free place queues it there (not a refusal). */
export async function offerRequest(deps: Deps, id: number, version: number, shelterId: number, actor: Actor) {
  const r = await requestAt(deps, id, version);
  if (r.status !== 'waiting') throw new AppError('cosm_not_waiting', 'This request is not waiting');
  return deps.db.transaction().execute((trx) => offerIn(deps, trx, id, version, shelterId, actor));
}

/**
 * The shelter's answer to an offer. Accepted: a place is taken (if none is left, the request goes back to the list
 * queued for that shelter), the request is placed from `startOn` to `endOn`, and the registration's shelter stay
 * ends on `endOn` — the date its shelter-stay deadline counts down to. Declined: the coded reason is kept for the
 * figures and the request goes back to the waiting list in its old place.
 */
export async function answerRequest(
  deps: Deps,
  id: number,
  version: number,
  answer: { accept: true; startOn: string; endOn: string } | { accept: false; reason: string },
  actor: Actor,
): Promise<StepResult> {
  const r = await requestAt(deps, id, version);
  if (r.status !== 'offered' || r.shelter_id === null)
    throw new AppError('cosm_not_offered', 'This request has no open offer');
  const shelterId = r.shelter_id;
  const now = deps.clock().toISOString();
  const today = localToday(deps);
  return deps.db.transaction().execute(async (trx) => {
    const offer = await openOffer(trx, id);
    if (!offer) throw stale();
    if (!answer.accept) {
      await answerOffer(trx, offer.id, {
        answer: 'declined',
        reason: answer.reason,
        answered_at: now,
        answered_on: today,
      });
      if (!(await updateRequest(trx, id, version, { status: 'waiting', shelter_id: null, updated_at: now })))
        throw stale();
      await audit(trx, deps, actor, 'cosm.decline', id, { shelter: shelterId, reason: answer.reason });
      return { kind: 'done' } as const;
    }
    if (!(await takePlace(trx, shelterId, now))) {
      await answerOffer(trx, offer.id, {
        answer: 'declined',
        reason: 'no_place',
        answered_at: now,
        answered_on: today,
      });
      const back = { status: 'waiting', shelter_id: null, wanted_shelter_id: shelterId, updated_at: now };
      if (!(await updateRequest(trx, id, version, back))) throw stale();
      await audit(trx, deps, actor, 'cosm.queue', id, { shelter: shelterId, reason: 'no_place' });
      return { kind: 'queued' } as const;
    }
    await answerOffer(trx, offer.id, { answer: 'accepted', reason: null, answered_at: now, answered_on: today });
    const placed = {
      status: 'placed',
      placed_on: today,
      start_on: answer.startOn,
      end_on: answer.endOn,
      updated_at: now,
    };
    if (!(await updateRequest(trx, id, version, placed))) throw stale();
    await setShelterStayIn(deps, trx, r.registration_id, { placement: 'cosm', shelterEndsOn: answer.endOn }, actor);
    await audit(trx, deps, actor, 'cosm.accept', id, {
      shelter: shelterId,
      startOn: answer.startOn,
      endOn: answer.endOn,
    });
    return { kind: 'done' } as const;
  });
}

/** Ends a placement: the place is free again and the registration's shelter stay ends on that day. */
export async function endPlacement(deps: Deps, id: number, version: number, endedOn: string, actor: Actor) {
  const r = await requestAt(deps, id, version);
  if (r.status !== 'placed' || r.shelter_id === null)
    throw new AppError('cosm_not_placed', 'This request is not placed');
  const shelterId = r.shelter_id;
  const now = deps.clock().toISOString();
  await deps.db.transaction().execute(async (trx) => {
    if (!(await updateRequest(trx, id, version, { status: 'ended', ended_on: endedOn, updated_at: now })))
      throw stale();
    await givePlaceBack(trx, shelterId, now);
    await setShelterStayIn(deps, trx, r.registration_id, { placement: 'cosm', shelterEndsOn: endedOn }, actor);
    await audit(trx, deps, actor, 'cosm.end', id, { shelter: shelterId, endedOn });
  });
}

/** Withdraws a waiting request (the person found another place, or no longer wants one); audited. */
export async function withdrawRequest(deps: Deps, id: number, version: number, actor: Actor) {
  const r = await requestAt(deps, id, version);
  if (r.status !== 'waiting') throw new AppError('cosm_not_waiting', 'This request is not waiting');
  const now = deps.clock().toISOString();
  await deps.db.transaction().execute(async (trx) => {
    if (!(await updateRequest(trx, id, version, { status: 'withdrawn', updated_at: now }))) throw stale();
    await audit(trx, deps, actor, 'cosm.withdraw', id);
  });
}
