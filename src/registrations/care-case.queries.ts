import type { Insertable } from 'kysely';
import type { Executor } from '../db/database.js';
import { OPEN_PROCEDURE_STATUSES, type CareCaseTables } from './care-case.table.js';

// ---------- referrals ----------

/** The registration's latest referral, or undefined when it was never referred. */
export async function latestReferral(db: Executor, registrationId: number) {
  return db
    .selectFrom('registration_referrals')
    .selectAll()
    .where('registration_id', '=', registrationId)
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
}

/** Every referral of a registration, oldest first, with the region's and the people's names. */
export async function referralHistory(db: Executor, registrationId: number) {
  return db
    .selectFrom('registration_referrals as r')
    .innerJoin('care_regions as g', 'g.id', 'r.care_region_id')
    .leftJoin('users as by', 'by.id', 'r.referred_by')
    .leftJoin('users as dec', 'dec.id', 'r.decided_by')
    .select([
      'r.id',
      'r.status',
      'r.referred_at',
      'r.decided_at',
      'r.reason',
      'g.name as region_name',
      'by.name as referred_by_name',
      'dec.name as decided_by_name',
    ])
    .where('r.registration_id', '=', registrationId)
    .orderBy('r.id')
    .execute();
}

export async function insertReferral(
  db: Executor,
  row: Omit<Insertable<CareCaseTables['registration_referrals']>, 'id'>,
): Promise<number> {
  const r = await db.insertInto('registration_referrals').values(row).returning('id').executeTakeFirstOrThrow();
  return r.id;
}

/**
 * Accepts or returns a waiting referral in one statement; answers how many rows changed (0: it no longer waits,
 * because another coordinator answered first — the row lock on PostgreSQL, the one writer on SQLite).
 */
export async function decidePendingReferral(
  db: Executor,
  id: number,
  d: { status: 'accepted' | 'returned'; decidedBy: number; decidedAt: string; reason: string | null },
): Promise<number> {
  const r = await db
    .updateTable('registration_referrals')
    .set({ status: d.status, decided_by: d.decidedBy, decided_at: d.decidedAt, reason: d.reason })
    .where('id', '=', id)
    .where('status', '=', 'pending')
    .executeTakeFirst();
  return Number(r.numUpdatedRows);
}

/** The return reasons of these registrations are free text: blanked with their identifiers by retention. */
export async function blankReferralReasons(db: Executor, registrationIds: number[]) {
  if (!registrationIds.length) return;
  await db
    .updateTable('registration_referrals')
    .set({ reason: '' })
    .where('registration_id', 'in', registrationIds)
    .where('reason', 'is not', null)
    .execute();
}

// ---------- the case ----------

export async function findCareCase(db: Executor, registrationId: number) {
  return db.selectFrom('care_cases').selectAll().where('registration_id', '=', registrationId).executeTakeFirst();
}

/** Creates the case row or changes the given columns of it. */
export async function saveCareCase(
  db: Executor,
  registrationId: number,
  set: Partial<Omit<CareCaseTables['care_cases'], 'registration_id' | 'at_centre'>> & {
    at_centre?: number;
    updated_at: string;
  },
) {
  await db
    .insertInto('care_cases')
    .values({ registration_id: registrationId, ...set })
    .onConflict((oc) => oc.column('registration_id').doUpdateSet(set))
    .execute();
}

// ---------- procedures ----------

/** A registration's procedures in the checklist's order of adding, with the owner's name. */
export async function proceduresOf(db: Executor, registrationId: number) {
  return db
    .selectFrom('registration_procedures as p')
    .leftJoin('users as u', 'u.id', 'p.owner_id')
    .select(['p.id', 'p.kind', 'p.owner_id', 'p.status', 'p.due_on', 'p.version', 'u.name as owner_name'])
    .where('p.registration_id', '=', registrationId)
    .orderBy('p.id')
    .execute();
}

export async function findProcedure(db: Executor, id: number) {
  return db.selectFrom('registration_procedures').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Adds a procedure unless the registration has that kind already; answers the new id or null. */
export async function insertProcedure(
  db: Executor,
  row: Omit<Insertable<CareCaseTables['registration_procedures']>, 'id' | 'version' | 'task_raised_for'>,
): Promise<number | null> {
  const r = await db
    .insertInto('registration_procedures')
    .values(row)
    .onConflict((oc) => oc.columns(['registration_id', 'kind']).doNothing())
    .returning('id')
    .executeTakeFirst();
  return r?.id ?? null;
}

/** Changes a procedure drawn at `version`; answers 0 when another change came first (the caller answers 409). */
export async function updateProcedureRow(
  db: Executor,
  id: number,
  version: number,
  set: { status: string; owner_id: number | null; due_on: string | null; updated_at: string },
): Promise<number> {
  const r = await db
    .updateTable('registration_procedures')
    .set((eb) => ({ ...set, version: eb('version', '+', 1) }))
    .where('id', '=', id)
    .where('version', '=', version)
    .executeTakeFirst();
  return Number(r.numUpdatedRows);
}

/**
 * Running procedures (to do, applied) with a due date, of cases not closed, for /deadlines and the deadline job;
 * `regions` limits them to a coordinator's regions.
 */
export async function procedureDeadlines(db: Executor, regions?: number[]) {
  let q = db
    .selectFrom('registration_procedures as p')
    .innerJoin('registrations as g', 'g.id', 'p.registration_id')
    .leftJoin('care_cases as k', 'k.registration_id', 'p.registration_id')
    .select(['p.id', 'p.kind', 'p.due_on', 'p.task_raised_for', 'g.id as registration_id', 'g.reference'])
    .where('p.status', 'in', [...OPEN_PROCEDURE_STATUSES])
    .where('p.due_on', 'is not', null)
    .where('k.closed_on', 'is', null);
  if (regions) q = q.where('g.care_region_id', 'in', regions.length ? regions : [-1]);
  return q.execute();
}

export async function setProcedureTaskRaised(db: Executor, id: number, dueOn: string) {
  await db.updateTable('registration_procedures').set({ task_raised_for: dueOn }).where('id', '=', id).execute();
}

/** Active users who can own a procedure, by name (their roles are checked by the service). */
export async function activeStaff(db: Executor) {
  return db.selectFrom('users').select(['id', 'name', 'roles']).where('active', '=', 1).orderBy('name').execute();
}

// ---------- the care list ----------

const caseColumns = [
  'g.id',
  'g.reference',
  'g.reported_on',
  'cr.name as region_name',
  'k.owner_id',
  'k.at_centre',
  'k.closed_on',
  'k.outcome',
] as const;

function caseRows(db: Executor) {
  return db
    .selectFrom('registrations as g')
    .leftJoin('care_regions as cr', 'cr.id', 'g.care_region_id')
    .leftJoin('care_cases as k', 'k.registration_id', 'g.id');
}

/** Referrals waiting for a coordinator, oldest first; `regions` limits them to hers. */
export async function waitingReferrals(db: Executor, regions?: number[]) {
  let q = caseRows(db)
    .innerJoin('registration_referrals as r', 'r.registration_id', 'g.id')
    .select([...caseColumns, 'r.referred_at', 'r.decided_at', 'r.reason'])
    .where('r.status', '=', 'pending');
  if (regions) q = q.where('r.care_region_id', 'in', regions.length ? regions : [-1]);
  return q.orderBy('r.referred_at').orderBy('g.id').limit(200).execute();
}

/** Registrations whose latest referral was returned and whose case is still open: the desk decides again. */
export async function returnedReferrals(db: Executor) {
  return caseRows(db)
    .innerJoin('registration_referrals as r', 'r.registration_id', 'g.id')
    .select([...caseColumns, 'r.referred_at', 'r.decided_at', 'r.reason'])
    .where('r.status', '=', 'returned')
    .where((eb) =>
      eb.not(
        eb.exists(
          eb
            .selectFrom('registration_referrals as later')
            .select('later.id')
            .whereRef('later.registration_id', '=', 'r.registration_id')
            .whereRef('later.id', '>', 'r.id'),
        ),
      ),
    )
    .where('k.closed_on', 'is', null)
    .orderBy('r.decided_at', 'desc')
    .limit(200)
    .execute();
}

/** Open cases a coordinator owns (she accepted them), or the centre coordinates itself (`ownerId` null). */
export async function openCases(db: Executor, by: { ownerId: number } | { atCentre: true }) {
  let q = caseRows(db).select(caseColumns).where('k.closed_on', 'is', null);
  q = 'ownerId' in by ? q.where('k.owner_id', '=', by.ownerId) : q.where('k.at_centre', '=', 1);
  return q.orderBy('g.reported_on').orderBy('g.id').limit(500).execute();
}
