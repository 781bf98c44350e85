import type { Deps } from '../deps.js';
import type { Trx } from '../db/database.js';
import type { CurrentUser } from '../http/app-env.js';
import { AppError } from '../shared/app-error.js';
import { writeAudit } from '../audit/audit.queries.js';
import { createContactIn } from '../contacts/contacts.service.js';
import { childrenOf, findRegistration } from '../registrations/registrations.queries.js';
import { localToday } from '../registrations/registrations.service.js';
import { daysBetween, fitsShelter, kindsOf, waitedTooLong, waitingListOrder } from './cosm-rules.js';
import type { ShelterInput } from './cosm.form.js';
import { REFUSAL_REASONS } from './cosm.table.js';
import {
  currentPlacements,
  findShelter,
  insertShelter,
  listShelters,
  openRequests,
  placementsBetween,
  refusalsPerReason,
  requestsPerYear,
  requestsOfRegistration,
  requestsToRaise,
  setRaised,
  updateShelter,
} from './cosm.queries.js';

export interface Actor {
  id: number;
  ip: string | null;
}

export const stale = () => new AppError('cosm_request_changed', 'This request was changed by someone else');

export async function audit(trx: Trx, deps: Deps, actor: Actor | null, action: string, subject: number, details = {}) {
  await writeAudit(trx, {
    at: deps.clock().toISOString(),
    actorId: actor?.id ?? null,
    action,
    subjectType: 'cosm_request',
    subjectId: subject,
    ip: actor?.ip ?? null,
    details,
  });
}

// ---------- shelters (admin) ----------

export const shelters = (deps: Deps) => listShelters(deps.db);

/** Adds or changes a COSM shelter and its places (admin); audited with the numbers, which are not personal. */
export async function saveShelter(deps: Deps, id: number | null, input: ShelterInput, actor: Actor) {
  const now = deps.clock().toISOString();
  const row = {
    name: input.name,
    region: input.region,
    kinds: input.kinds.join(','),
    places: input.places,
    free_places: input.freePlaces,
    active: input.active ? 1 : 0,
    updated_at: now,
  };
  return deps.db.transaction().execute(async (trx) => {
    let shelterId = id;
    if (shelterId === null) shelterId = await insertShelter(trx, { ...row, created_at: now });
    else {
      if (!(await findShelter(trx, shelterId))) throw new AppError('cosm_shelter_not_found', 'Not found');
      await updateShelter(trx, shelterId, row);
    }
    await writeAudit(trx, {
      at: now,
      actorId: actor.id,
      action: id === null ? 'cosm_shelter.create' : 'cosm_shelter.update',
      subjectType: 'cosm_shelter',
      subjectId: shelterId,
      ip: actor.ip,
      details: { places: input.places, freePlaces: input.freePlaces, kinds: input.kinds, active: input.active },
    });
    return shelterId;
  });
}

// ---------- reading ----------

/**
 * The waiting list in its order (need, then waiting time: cosm-rules.ts) with each request's waiting days and the
 * shelters whose kinds of places fit it, the current placements and the shelters. Audited as a list view with the
 * references shown.
 */
export async function waitingList(deps: Deps, user: CurrentUser, ip: string | null) {
  const today = localToday(deps);
  const [open, placed, all] = await Promise.all([
    openRequests(deps.db),
    currentPlacements(deps.db),
    listShelters(deps.db),
  ]);
  const active = all.filter((s) => s.active === 1);
  const list = waitingListOrder(open).map((r) => ({
    ...r,
    waitingDays: daysBetween(r.requested_on, today),
    fits: active.filter((s) => fitsShelter(kindsOf(s.kinds), r)).map((s) => s.id),
  }));
  await writeAudit(deps.db, {
    at: deps.clock().toISOString(),
    actorId: user.id,
    action: 'cosm.list',
    subjectType: 'cosm_request',
    ip,
    details: { shown: [...new Set([...list, ...placed].map((r) => r.reference))] },
  });
  return { waiting: list, placed, shelters: all };
}

/**
 * A registration's COSM requests for its page, the active shelters, and the registration's own gender, minor flag
 * and care needs that prefill a new request (the registration's own view is audited by its page).
 */
export async function cosmOfRegistration(deps: Deps, registrationId: number) {
  const row = await findRegistration(deps.db, registrationId);
  if (!row) return null;
  const [requests, all, children] = await Promise.all([
    requestsOfRegistration(deps.db, registrationId),
    listShelters(deps.db),
    childrenOf(deps.db, registrationId),
  ]);
  return {
    gender: row.gender,
    minor: row.minor === 1,
    careNeeds: children.careNeeds,
    requests,
    shelters: all.filter((s) => s.active === 1),
  };
}

// ---------- the care queue ----------

/**
 * The periodic job's step: each open request still without a place `COSM_WAIT_HOURS` after it was made becomes one
 * task on the care queue (once), whose subject carries only the registration's reference.
 */
export async function raiseWaitingRequests(deps: Deps, hours = deps.config.cosmWaitHours): Promise<number> {
  const now = deps.clock();
  const before = new Date(now.getTime() - hours * 3_600_000).toISOString();
  let raised = 0;
  for (const r of await requestsToRaise(deps.db, before)) {
    if (!waitedTooLong(r, now, hours)) continue;
    await deps.db.transaction().execute(async (trx) => {
      const task = await createContactIn(
        deps,
        trx,
        {
          channel: 'manual',
          subject: `COSM: nog geen plaats / no place yet ${r.reference} (${r.requested_at.slice(0, 10)})`,
          queue: 'care',
        },
        { id: null },
      );
      if (!(await setRaised(trx, r.id, task.id))) throw stale();
      await audit(trx, deps, null, 'cosm.raise', r.id, { contact: task.id, hours });
    });
    raised++;
  }
  return raised;
}

// ---------- figures ----------

/**
 * The year's COSM figures: requests made, placements made, the days each placed person waited (from the request to
 * the placement: mean, median and longest), and the shelters' refusals by reason. Counts only, no person.
 */
export async function cosmFigures(deps: Deps, year: number) {
  const from = `${year}-01-01`;
  const to = `${year}-12-31`;
  const [requests, placements, refusals] = await Promise.all([
    requestsPerYear(deps.db, from, to),
    placementsBetween(deps.db, from, to),
    refusalsPerReason(deps.db, from, to),
  ]);
  const waits = placements.map((p) => daysBetween(p.requested_on, p.placed_on ?? p.requested_on)).sort((a, b) => a - b);
  const mid = Math.floor(waits.length / 2);
  const median = waits.length === 0 ? null : waits.length % 2 ? waits[mid]! : (waits[mid - 1]! + waits[mid]!) / 2;
  const byReason = new Map(refusals.map((r) => [r.reason, Number(r.n)]));
  return {
    year,
    requests: requests.reduce((a, r) => a + Number(r.n), 0),
    placements: waits.length,
    waitingDays: {
      mean: waits.length ? Math.round((waits.reduce((a, b) => a + b, 0) / waits.length) * 10) / 10 : null,
      median,
      max: waits.length ? waits[waits.length - 1]! : null,
    },
    refusals: REFUSAL_REASONS.map((reason) => ({ reason, n: byReason.get(reason) ?? 0 })),
  };
}
