import { sql, type Insertable, type Updateable } from 'kysely';
import type { Executor } from '../db/database.js';
import type { CosmOfferTable, CosmRequestTable, CosmShelterTable } from './cosm.table.js';

// ---------- shelters ----------

export const listShelters = (db: Executor) => db.selectFrom('cosm_shelters').selectAll().orderBy('name').execute();

export const findShelter = (db: Executor, id: number) =>
  db.selectFrom('cosm_shelters').selectAll().where('id', '=', id).executeTakeFirst();

export async function insertShelter(db: Executor, row: Insertable<CosmShelterTable>) {
  return (await db.insertInto('cosm_shelters').values(row).returning('id').executeTakeFirstOrThrow()).id;
}

export async function updateShelter(db: Executor, id: number, row: Updateable<CosmShelterTable>) {
  await db.updateTable('cosm_shelters').set(row).where('id', '=', id).execute();
}

/** Takes one free place of a shelter; false when it has none left (checked in the same statement). */
export async function takePlace(db: Executor, id: number, at: string): Promise<boolean> {
  const res = await db
    .updateTable('cosm_shelters')
    .set({ free_places: sql`free_places - 1`, updated_at: at })
    .where('id', '=', id)
    .where('free_places', '>', 0)
    .executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}

/** Gives a place back when a placement ends (never above the shelter's number of places). */
export async function givePlaceBack(db: Executor, id: number, at: string) {
  await db
    .updateTable('cosm_shelters')
    .set({ free_places: sql`free_places + 1`, updated_at: at })
    .where('id', '=', id)
    .whereRef('free_places', '<', 'places')
    .execute();
}

// ---------- requests ----------

export async function insertRequest(db: Executor, row: Insertable<CosmRequestTable>) {
  return (await db.insertInto('cosm_requests').values(row).returning('id').executeTakeFirstOrThrow()).id;
}

export const findRequest = (db: Executor, id: number) =>
  db.selectFrom('cosm_requests').selectAll().where('id', '=', id).executeTakeFirst();

/** Changes a request drawn at `version`; false when another change came first (the caller answers 409). */
export async function updateRequest(
  db: Executor,
  id: number,
  version: number,
  row: Updateable<CosmRequestTable>,
): Promise<boolean> {
  const res = await db
    .updateTable('cosm_requests')
    .set({ ...row, version: sql`version + 1` })
    .where('id', '=', id)
    .where('version', '=', version)
    .executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}

/** The open requests (waiting, or offered and not yet answered) with their registration's reference. */
export const openRequests = (db: Executor) =>
  db
    .selectFrom('cosm_requests as q')
    .innerJoin('registrations as r', 'r.id', 'q.registration_id')
    .leftJoin('cosm_shelters as s', 's.id', 'q.shelter_id')
    .leftJoin('cosm_shelters as w', 'w.id', 'q.wanted_shelter_id')
    .selectAll('q')
    .select(['r.reference', 's.name as shelter_name', 'w.name as wanted_shelter_name'])
    .where('q.status', 'in', ['waiting', 'offered'])
    .execute();

/** The current placements, latest end first. */
export const currentPlacements = (db: Executor) =>
  db
    .selectFrom('cosm_requests as q')
    .innerJoin('registrations as r', 'r.id', 'q.registration_id')
    .leftJoin('cosm_shelters as s', 's.id', 'q.shelter_id')
    .selectAll('q')
    .select(['r.reference', 's.name as shelter_name'])
    .where('q.status', '=', 'placed')
    .orderBy('q.end_on')
    .execute();

export const requestsOfRegistration = (db: Executor, registrationId: number) =>
  db
    .selectFrom('cosm_requests as q')
    .leftJoin('cosm_shelters as s', 's.id', 'q.shelter_id')
    .leftJoin('cosm_shelters as w', 'w.id', 'q.wanted_shelter_id')
    .selectAll('q')
    .select(['s.name as shelter_name', 'w.name as wanted_shelter_name'])
    .where('q.registration_id', '=', registrationId)
    .orderBy('q.id', 'desc')
    .execute();

/** Notes the care-queue task of a request that waited too long (once; not a change of the request's own fields). */
export async function setRaised(db: Executor, id: number, contactId: number): Promise<boolean> {
  const res = await db
    .updateTable('cosm_requests')
    .set({ raised_contact_id: contactId })
    .where('id', '=', id)
    .where('raised_contact_id', 'is', null)
    .executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}

/** Open requests made before `before` that have not been raised on the care queue yet. */
export const requestsToRaise = (db: Executor, before: string) =>
  db
    .selectFrom('cosm_requests as q')
    .innerJoin('registrations as r', 'r.id', 'q.registration_id')
    .select(['q.id', 'q.status', 'q.requested_at', 'q.version', 'r.reference'])
    .where('q.status', 'in', ['waiting', 'offered'])
    .where('q.raised_contact_id', 'is', null)
    .where('q.requested_at', '<=', before)
    .orderBy('q.id')
    .execute();

// ---------- offers ----------

export async function insertOffer(db: Executor, row: Insertable<CosmOfferTable>) {
  return (await db.insertInto('cosm_offers').values(row).returning('id').executeTakeFirstOrThrow()).id;
}

/** The offer of a request still waiting for its answer. */
export const openOffer = (db: Executor, requestId: number) =>
  db
    .selectFrom('cosm_offers')
    .selectAll()
    .where('request_id', '=', requestId)
    .where('answer', 'is', null)
    .orderBy('id', 'desc')
    .executeTakeFirst();

export async function answerOffer(
  db: Executor,
  id: number,
  row: { answer: 'accepted' | 'declined'; reason: string | null; answered_at: string; answered_on: string },
) {
  await db.updateTable('cosm_offers').set(row).where('id', '=', id).execute();
}

// ---------- figures (per year of the request, the refusal or the placement) ----------

/** Requests made in [from, to] per year. */
export const requestsPerYear = (db: Executor, from: string, to: string) =>
  db
    .selectFrom('cosm_requests')
    .select([sql<string>`substr(requested_on, 1, 4)`.as('year'), sql<number>`count(*)`.as('n')])
    .where('requested_on', '>=', from)
    .where('requested_on', '<=', to)
    .groupBy(sql`substr(requested_on, 1, 4)`)
    .execute();

/** Placements made in [from, to]: the day requested and the day placed of each (waiting days are worked out in JS). */
export const placementsBetween = (db: Executor, from: string, to: string) =>
  db
    .selectFrom('cosm_requests')
    .select(['requested_on', 'placed_on'])
    .where('placed_on', 'is not', null)
    .where('placed_on', '>=', from)
    .where('placed_on', '<=', to)
    .execute();

/** Declined offers answered in [from, to] per year and reason. */
export const refusalsPerReason = (db: Executor, from: string, to: string) =>
  db
    .selectFrom('cosm_offers')
    .select([
      sql<string>`substr(answered_on, 1, 4)`.as('year'),
      sql<string>`coalesce(reason, 'other')`.as('reason'),
      sql<number>`count(*)`.as('n'),
    ])
    .where('answer', '=', 'declined')
    .where('answered_on', '>=', from)
    .where('answered_on', '<=', to)
    .groupBy([sql`substr(answered_on, 1, 4)`, sql`coalesce(reason, 'other')`])
    .execute();
