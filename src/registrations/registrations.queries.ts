import type { Insertable } from 'kysely';
import type { Executor } from '../db/database.js';
import type { CareRegionTable, RegistrationTable } from './registrations.table.js';

/** Inserts a registration and answers its id (the database's own sequence). */
export async function insertRegistration(db: Executor, row: Omit<Insertable<RegistrationTable>, 'id' | 'reference'>) {
  const r = await db.insertInto('registrations').values(row).returning('id').executeTakeFirstOrThrow();
  return r.id;
}

export async function setRegistrationReference(db: Executor, id: number, reference: string) {
  await db.updateTable('registrations').set({ reference }).where('id', '=', id).execute();
}

export async function updateRegistrationRow(
  db: Executor,
  id: number,
  row: Partial<Omit<Insertable<RegistrationTable>, 'id' | 'reference' | 'form_token'>>,
) {
  await db.updateTable('registrations').set(row).where('id', '=', id).execute();
}

export async function setRoutedTo(db: Executor, id: number, routedTo: 'coordinator' | 'care') {
  await db.updateTable('registrations').set({ routed_to: routedTo }).where('id', '=', id).execute();
}

export async function insertChildren(
  db: Executor,
  id: number,
  c: { nationalities: string[]; exploitation: string[]; countries: string[]; careNeeds: string[] },
) {
  if (c.careNeeds.length)
    await db
      .insertInto('registration_care_needs')
      .values(c.careNeeds.map((need) => ({ registration_id: id, need })))
      .execute();
  if (c.nationalities.length)
    await db
      .insertInto('registration_nationalities')
      .values(c.nationalities.map((code) => ({ registration_id: id, code })))
      .execute();
  if (c.exploitation.length)
    await db
      .insertInto('registration_exploitation')
      .values(c.exploitation.map((form) => ({ registration_id: id, form })))
      .execute();
  if (c.countries.length)
    await db
      .insertInto('registration_exploitation_countries')
      .values(c.countries.map((code) => ({ registration_id: id, code })))
      .execute();
}

/** Links a contact to a registration (once). */
export async function linkContact(
  db: Executor,
  registrationId: number,
  contactId: number,
  at: string,
  by: number | null,
) {
  await db
    .insertInto('registration_contacts')
    .values({ registration_id: registrationId, contact_id: contactId, linked_at: at, linked_by: by })
    .onConflict((oc) => oc.doNothing())
    .execute();
}

export async function registrationByToken(db: Executor, token: string) {
  return db.selectFrom('registrations').select(['id', 'reference']).where('form_token', '=', token).executeTakeFirst();
}

export async function findRegistration(db: Executor, id: number) {
  return db.selectFrom('registrations').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function registrationByReference(db: Executor, reference: string) {
  return db.selectFrom('registrations').select(['id']).where('reference', '=', reference).executeTakeFirst();
}

export async function childrenOf(db: Executor, id: number) {
  const [nationalities, exploitation, countries, contacts, careNeeds] = await Promise.all([
    db.selectFrom('registration_nationalities').select('code').where('registration_id', '=', id).execute(),
    db.selectFrom('registration_exploitation').select('form').where('registration_id', '=', id).execute(),
    db.selectFrom('registration_exploitation_countries').select('code').where('registration_id', '=', id).execute(),
    db
      .selectFrom('registration_contacts')
      .innerJoin('contacts', 'contacts.id', 'registration_contacts.contact_id')
      .select([
        'contacts.id',
        'contacts.reference',
        'contacts.started_at',
        'contacts.channel',
        'contacts.status',
        'contacts.queue',
      ])
      .where('registration_contacts.registration_id', '=', id)
      .orderBy('contacts.id')
      .execute(),
    db.selectFrom('registration_care_needs').select('need').where('registration_id', '=', id).execute(),
  ]);
  return {
    nationalities: nationalities.map((r) => r.code),
    exploitation: exploitation.map((r) => r.form),
    countries: countries.map((r) => r.code),
    contacts,
    careNeeds: careNeeds.map((r) => r.need),
  };
}

/** Adds a dossier type to a registration's history (the newest row is the current type). */
export async function insertDossierType(
  db: Executor,
  row: { registration_id: number; dossier_type: string; changed_at: string; changed_by: number | null },
) {
  await db.insertInto('registration_dossier_types').values(row).execute();
}

/** A registration's dossier types, oldest first, with who set each one. */
export async function dossierHistory(db: Executor, id: number) {
  return db
    .selectFrom('registration_dossier_types as d')
    .leftJoin('users as u', 'u.id', 'd.changed_by')
    .select(['d.dossier_type', 'd.changed_at', 'u.name as changed_by_name'])
    .where('d.registration_id', '=', id)
    .orderBy('d.id')
    .execute();
}

/** Earlier registrations whose keyed hashes match (never decrypting anything). */
export async function likelyDuplicates(db: Executor, h: { nameYear: string | null; phone: string | null }) {
  if (!h.nameYear && !h.phone) return [];
  return db
    .selectFrom('registrations')
    .select(['id', 'reference'])
    .where((eb) =>
      eb.or([
        ...(h.nameYear ? [eb('name_year_hash', '=', h.nameYear)] : []),
        ...(h.phone ? [eb('phone_hash', '=', h.phone)] : []),
      ]),
    )
    .orderBy('id')
    .limit(5)
    .execute();
}

/** Registrations newest first, without identifiers; `regions` limits them to a coordinator's regions. */
export async function listRegistrations(db: Executor, f: { regions?: number[]; limit: number }) {
  let q = db
    .selectFrom('registrations')
    .leftJoin('care_regions', 'care_regions.id', 'registrations.care_region_id')
    .select([
      'registrations.id',
      'registrations.reference',
      'registrations.reported_on',
      'registrations.reporter_type',
      'registrations.region',
      'registrations.gender',
      'registrations.age_band',
      'registrations.minor',
      'registrations.routed_to',
      'care_regions.name as care_region_name',
    ])
    .orderBy('registrations.id', 'desc')
    .limit(f.limit);
  if (f.regions) q = q.where('registrations.care_region_id', 'in', f.regions.length ? f.regions : [-1]);
  return q.execute();
}

/** The nationalities of these registrations (the list's column), by code within each. */
export async function nationalitiesOfRegistrations(db: Executor, ids: number[]) {
  if (ids.length === 0) return [];
  return db
    .selectFrom('registration_nationalities')
    .select(['registration_id', 'code'])
    .where('registration_id', 'in', ids)
    .orderBy('registration_id')
    .orderBy('code')
    .execute();
}

/** The registrations a contact is linked to. */
export async function registrationsOfContact(db: Executor, contactId: number, regions?: number[]) {
  let q = db
    .selectFrom('registration_contacts')
    .innerJoin('registrations', 'registrations.id', 'registration_contacts.registration_id')
    .select(['registrations.id', 'registrations.reference', 'registrations.reported_on'])
    .where('registration_contacts.contact_id', '=', contactId)
    .orderBy('registrations.id');
  if (regions) q = q.where('registrations.care_region_id', 'in', regions.length ? regions : [-1]);
  return q.execute();
}

/** Registrations with any deadline, for the deadlines page and the periodic job. */
export async function registrationsWithDeadlines(db: Executor, regions?: number[]) {
  let q = db
    .selectFrom('registrations')
    .select([
      'id',
      'reference',
      'care_region_id',
      'reflection_start',
      'reflection_days',
      'permit_expires_on',
      'shelter_ends_on',
    ])
    .where((eb) =>
      eb.or([
        eb('reflection_start', 'is not', null),
        eb('permit_expires_on', 'is not', null),
        eb('shelter_ends_on', 'is not', null),
      ]),
    );
  if (regions) q = q.where('care_region_id', 'in', regions.length ? regions : [-1]);
  return q.execute();
}

export async function deadlineTaskRaised(db: Executor, registrationId: number, kind: string, endsOn: string) {
  const r = await db
    .selectFrom('registration_deadline_tasks')
    .select('contact_id')
    .where('registration_id', '=', registrationId)
    .where('kind', '=', kind)
    .where('ends_on', '=', endsOn)
    .executeTakeFirst();
  return !!r;
}

export async function recordDeadlineTask(
  db: Executor,
  r: { registrationId: number; kind: string; endsOn: string; contactId: number; at: string },
) {
  await db
    .insertInto('registration_deadline_tasks')
    .values({
      registration_id: r.registrationId,
      kind: r.kind,
      ends_on: r.endsOn,
      contact_id: r.contactId,
      raised_at: r.at,
    })
    .onConflict((oc) => oc.doNothing())
    .execute();
}

// ---------- care-coordination regions ----------

export async function listCareRegions(db: Executor) {
  return db.selectFrom('care_regions').selectAll().orderBy('name').execute();
}

export async function findCareRegion(db: Executor, id: number) {
  return db.selectFrom('care_regions').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function insertCareRegion(db: Executor, row: Omit<Insertable<CareRegionTable>, 'id'>) {
  const r = await db.insertInto('care_regions').values(row).returning('id').executeTakeFirstOrThrow();
  return r.id;
}

export async function updateCareRegion(
  db: Executor,
  id: number,
  row: Omit<Insertable<CareRegionTable>, 'id' | 'created_at'>,
) {
  await db.updateTable('care_regions').set(row).where('id', '=', id).execute();
}

export async function careRegionsOfUser(db: Executor, userId: number): Promise<number[]> {
  const rows = await db
    .selectFrom('user_care_regions')
    .select('care_region_id')
    .where('user_id', '=', userId)
    .execute();
  return rows.map((r) => r.care_region_id);
}

export async function setUserCareRegions(db: Executor, userId: number, regionIds: number[]) {
  await db.deleteFrom('user_care_regions').where('user_id', '=', userId).execute();
  if (regionIds.length)
    await db
      .insertInto('user_care_regions')
      .values(regionIds.map((care_region_id) => ({ user_id: userId, care_region_id })))
      .execute();
}
