import { primaryForm } from './primary-form.js';
import { randomBytes } from 'node:crypto';
import type { Deps } from '../deps.js';
import type { Trx } from '../db/database.js';
import type { CurrentUser } from '../http/app-env.js';
import { AppError } from '../shared/app-error.js';
import { isUniqueViolation } from '../db/errors.js';
import { writeAudit } from '../audit/audit.queries.js';
import { findContact, listTopics } from '../contacts/contacts.queries.js';
import { createContactIn } from '../contacts/contacts.service.js';
import { maskEmail, maskPhone } from '../crypto/field-crypto.js';
import { openIntervalsOnLocalDate } from '../office-hours/calendar.js';
import { ageAtRegistration, ageBand } from './age-band.js';
import { decideReflection, reflectionNationalityRule, type ReflectionProblem } from './reflection-rule.js';
import { duplicateKeys } from './duplicate-key.js';
import { daysLeft, deadlineQueue, deadlinesOf, workingDaysBefore } from './deadlines.js';
import {
  emptyRegistrationForm,
  type NewRegistration,
  type RegistrationFormValues,
  type RegistrationUpdate,
  type RegistrationUpdateValues,
} from './registrations.form.js';
import { REPORTER_TYPES, type DeadlineKind } from './registrations.table.js';
import { procedureDeadlineRows, raiseProcedureTasks } from './procedure-deadlines.service.js';
import type { ProcedureKind } from './care-case.table.js';
import { hasCoordinator, keepAtCentreIn, referToCoordinatorIn } from './care-routing.service.js';
import {
  careRegionsOfUser,
  childrenOf,
  deadlineTaskRaised,
  findCareRegion,
  findRegistration,
  insertCareRegion,
  dossierHistory,
  insertChildren,
  insertDossierType,
  insertRegistration,
  likelyDuplicates,
  linkContact,
  listCareRegions,
  listRegistrations,
  recordDeadlineTask,
  registrationByReference,
  registrationByToken,
  registrationsOfContact,
  registrationsWithDeadlines,
  setRegistrationReference,
  updateRegistrationRow,
  setUserCareRegions,
  updateCareRegion,
} from './registrations.queries.js';

export type { NewRegistration } from './registrations.form.js';

export interface Actor {
  id: number;
  ip: string | null;
}

export const registrationReference = (year: number, id: number) => `REG-${year}-${String(id).padStart(6, '0')}`;

/** A fresh token for one rendering of the form: the second submit of the same form finds the first's registration. */
export const newFormToken = () => randomBytes(18).toString('base64url');

/** The desk's local date (YYYY-MM-DD). */
export const localToday = (deps: Deps) =>
  new Intl.DateTimeFormat('en-CA', { timeZone: deps.config.office.timeZone }).format(deps.clock());

// ---------- who sees what ----------

/** Agents and supervisors work every registration; a coordinator (without those roles) only their regions'. */
export async function regionScope(deps: Deps, user: Pick<CurrentUser, 'id' | 'roles'>): Promise<number[] | undefined> {
  if (user.roles.some((r) => r === 'agent' || r === 'supervisor')) return undefined;
  return careRegionsOfUser(deps.db, user.id);
}

/**
 * Who sees a registration's identifiers (name, date of birth, phone, email, V-number) on its own page: agents
 * (who register and answer the person) and supervisors; a coordinator only when the person consented to sharing
 * for care. Everyone else, and every list, sees them masked or not at all.
 */
export function showsIdentifiers(user: Pick<CurrentUser, 'roles'>, consentCare: number | null): boolean {
  if (user.roles.some((r) => r === 'agent' || r === 'supervisor')) return true;
  return user.roles.includes('coordinator') && consentCare === 1;
}

// ---------- the form ----------

const PARTY_TO_REPORTER: Record<string, string> = { 'labour-inspectorate': 'labour_inspectorate' };

/**
 * The form prefilled from a contact: reporter type and organisation from the party, the contact's date, its
 * topics and channel (shown beside the form). 404 when the contact does not exist.
 */
export async function registrationFormFor(deps: Deps, contactId: number | null, keep?: RegistrationFormValues) {
  const values: RegistrationFormValues = { ...emptyRegistrationForm(), formToken: newFormToken() };
  let contact: { id: number; reference: string | null; channel: string; startedAt: string; topics: string[] } | null =
    null;
  if (contactId !== null) {
    const row = await findContact(deps.db, contactId);
    if (!row) throw new AppError(404, 'contact_not_found', 'Not found');
    const topics = await listTopics(deps.db, contactId);
    contact = { id: row.id, reference: row.reference, channel: row.channel, startedAt: row.started_at, topics };
    values.contact = String(row.id);
    const partyType = row.party_type ? (PARTY_TO_REPORTER[row.party_type] ?? row.party_type.replace(/-/g, '_')) : '';
    if ((REPORTER_TYPES as readonly string[]).includes(partyType)) values.reporterType = partyType;
    values.reporterOrg = row.party_org ?? '';
    values.reportedOn = new Intl.DateTimeFormat('en-CA', { timeZone: deps.config.office.timeZone }).format(
      new Date(row.started_at),
    );
  } else values.reportedOn = localToday(deps);
  if (keep) {
    // "Save and add another": the shared fields of the same report stay; the person's own fields start empty.
    for (const k of [
      'contact',
      'reportedOn',
      'dossierType',
      'reporterType',
      'reporterOrg',
      'region',
      'careRegion',
      'consentRegistrationBy',
      'exploitation',
      'primaryExploitation',
      'sector',
      'exploitationCountry',
      'sub3Case',
    ] as const)
      (values as unknown as Record<string, unknown>)[k] = keep[k];
  }
  const regions = await listCareRegions(deps.db);
  return { values, contact, regions: regions.map((r) => ({ value: String(r.id), label: r.name })) };
}

export const careRegionIds = async (deps: Deps) => (await listCareRegions(deps.db)).map((r) => r.id);

export type CreateResult =
  | { kind: 'saved'; id: number; reference: string }
  | { kind: 'linked'; id: number; reference: string }
  | { kind: 'duplicate'; earlier: { id: number; reference: string }[] };

/**
 * Saves a registration in one transaction: the row with its identifiers encrypted and keyed hashes, its codes,
 * the link to its contact, the audit entry, and its routing for shelter or care. A likely duplicate is answered
 * (nothing saved) unless the agent chose: `link` adds the contact to the earlier registration, `new` saves it
 * anyway; both audited. The same form posted twice answers the first save.
 */
export async function createRegistration(deps: Deps, input: NewRegistration, actor: Actor): Promise<CreateResult> {
  const now = deps.clock().toISOString();
  const keys = duplicateKeys({ name: input.name, birthYear: input.birthYear, phone: input.phone });
  const hashes = {
    nameYear: keys.nameYear ? deps.crypto.hash('name', keys.nameYear) : null,
    phone: keys.phone ? deps.crypto.hash('phone', keys.phone) : null,
  };
  try {
    return await deps.db.transaction().execute(async (trx) => {
      const earlier = await registrationByToken(trx, input.formToken);
      if (earlier) return { kind: 'saved' as const, id: earlier.id, reference: earlier.reference ?? '' };
      if (input.contactId !== null && !(await findContact(trx, input.contactId)))
        throw new AppError(404, 'contact_not_found', 'Not found');
      const dups = await likelyDuplicates(trx, hashes);
      if (input.duplicate && typeof input.duplicate === 'object') {
        const target = await findRegistration(trx, input.duplicate.link);
        if (!target) throw new AppError(404, 'registration_not_found', 'Not found');
        if (input.contactId !== null) await linkContact(trx, target.id, input.contactId, now, actor.id);
        await writeAudit(trx, {
          at: now,
          actorId: actor.id,
          action: 'registration.duplicate.link',
          subjectType: 'registration',
          subjectId: target.reference,
          ip: actor.ip,
          details: { contact: input.contactId },
        });
        return { kind: 'linked' as const, id: target.id, reference: target.reference ?? '' };
      }
      if (dups.length && input.duplicate !== 'new') {
        // Showing earlier registrations is a read of them: audited with the references shown and what matched
        // (never the name or number itself).
        await writeAudit(trx, {
          at: now,
          actorId: actor.id,
          action: 'registration.duplicate.check',
          subjectType: 'registration',
          subjectId: dups[0]!.reference,
          ip: actor.ip,
          details: {
            shown: dups.map((d) => d.reference),
            matched: [hashes.phone && 'phone', hashes.nameYear && 'name_birth_year'].filter(Boolean),
            contact: input.contactId,
          },
        });
        return { kind: 'duplicate' as const, earlier: dups.map((d) => ({ id: d.id, reference: d.reference ?? '' })) };
      }
      const saved = await insertIn(deps, trx, input, hashes, actor, now);
      if (dups.length)
        await writeAudit(trx, {
          at: now,
          actorId: actor.id,
          action: 'registration.duplicate.continue',
          subjectType: 'registration',
          subjectId: saved.reference,
          ip: actor.ip,
          details: { earlier: dups.map((d) => d.reference) },
        });
      return { kind: 'saved' as const, ...saved };
    });
  } catch (err) {
    // Two submits of the same form at once: the unique token lets one in; the other answers the same save.
    if (isUniqueViolation(err)) {
      const earlier = await registrationByToken(deps.db, input.formToken);
      if (earlier) return { kind: 'saved', id: earlier.id, reference: earlier.reference ?? '' };
    }
    throw err;
  }
}

async function insertIn(
  deps: Deps,
  trx: Trx,
  input: NewRegistration,
  hashes: { nameYear: string | null; phone: string | null },
  actor: Actor,
  now: string,
) {
  const year = Number(input.reportedOn.slice(0, 4));
  const found = ageAtRegistration(input);
  const band = ageBand(found.age);
  const bool = (b: boolean | null) => (b === null ? null : b ? 1 : 0);
  const id = await insertRegistration(trx, {
    form_token: input.formToken,
    reported_on: input.reportedOn,
    dossier_type: input.dossierType,
    reporter_type: input.reporterType,
    reporter_org: input.reporterOrg,
    region: input.region,
    care_region_id: input.careRegionId,
    consent_registration: bool(input.consentRegistration),
    consent_registration_on: input.consentRegistrationOn,
    consent_registration_by: input.consentRegistrationBy,
    consent_care: bool(input.consentCare),
    consent_care_on: input.consentCareOn,
    consent_care_by: input.consentCareBy,
    gender: input.gender,
    birth_year:
      input.birthYear ??
      (input.dateOfBirth ? Number(input.dateOfBirth.slice(0, 4)) : input.age !== null ? year - input.age : null),
    age_at_registration: found.age,
    age_basis: found.basis,
    age_band: band.band,
    minor: bool(band.minor),
    country_of_origin: input.countryOfOrigin,
    sector: input.sector,
    primary_exploitation: primaryForm(input.exploitation, input.primaryExploitation ?? null),
    shelter_requested: input.shelterRequested ? 1 : 0,
    care_requested: input.careRequested ? 1 : 0,
    placement: input.placement,
    reflection_start: input.reflectionStart,
    reflection_days: input.reflectionDays,
    permit_expires_on: input.permitExpires,
    shelter_ends_on: input.shelterEnds,
    complaint: input.complaint,
    residence_status: input.residenceStatus,
    notes: input.notes,
    minor_at_exploitation: input.minorAtExploitation ?? 'unknown',
    sub3_case: input.sub3Case ? 1 : 0,
    reflection_offered: input.reflectionOffered ?? (input.reflectionStart ? 'yes' : 'unknown'),
    reflection_offered_by: input.reflectionOfferedBy ?? null,
    reflection_override_reason: input.reflectionOverrideReason ?? null,
    complaint_on: input.complaintOn ?? null,
    other_cooperation: input.otherCooperation ?? 'unknown',
    name_enc: deps.crypto.encrypt(input.name),
    dob_enc: deps.crypto.encrypt(input.dateOfBirth),
    phone_enc: deps.crypto.encrypt(input.phone),
    email_enc: deps.crypto.encrypt(input.email),
    vnumber_enc: deps.crypto.encrypt(input.vNumber),
    name_year_hash: hashes.nameYear,
    phone_hash: hashes.phone,
    routed_to: null,
    created_by: actor.id,
    created_at: now,
    updated_at: now,
  });
  const reference = registrationReference(year, id);
  await setRegistrationReference(trx, id, reference);
  await insertChildren(trx, id, {
    nationalities: input.nationalities,
    exploitation: input.exploitation,
    countries: input.exploitationCountries,
    careNeeds: input.careNeeds ?? [],
  });
  await insertDossierType(trx, {
    registration_id: id,
    dossier_type: input.dossierType,
    changed_at: now,
    changed_by: actor.id,
  });
  if (input.contactId !== null) await linkContact(trx, id, input.contactId, now, actor.id);
  await writeAudit(trx, {
    at: now,
    actorId: actor.id,
    action: 'registration.create',
    subjectType: 'registration',
    subjectId: reference,
    ip: actor.ip,
    details: { contact: input.contactId },
  });
  await auditReflectionChoices(trx, reference, input, actor, now);
  if (input.shelterRequested || input.careRequested) await routeForCare(deps, trx, id, reference, input, actor);
  return { id, reference };
}

/**
 * The reflection rule's exceptions, each its own audit entry in the same transaction: 90 days for a Dublin claimant
 * (with the reason the agent gave) and a reflection period confirmed for an EU/EEA/Swiss national.
 */
async function auditReflectionChoices(
  trx: Trx,
  reference: string,
  r: { reflectionDays: number | null; reflectionOverrideReason?: string | null; reflectionEuFallback?: boolean },
  actor: Actor,
  now: string,
) {
  if (r.reflectionOverrideReason)
    await writeAudit(trx, {
      at: now,
      actorId: actor.id,
      action: 'registration.reflection_override',
      subjectType: 'registration',
      subjectId: reference,
      ip: actor.ip,
      details: { residenceStatus: 'dublin', days: r.reflectionDays, reason: r.reflectionOverrideReason },
    });
  if (r.reflectionEuFallback)
    await writeAudit(trx, {
      at: now,
      actorId: actor.id,
      action: 'registration.reflection_eu_fallback',
      subjectType: 'registration',
      subjectId: reference,
      ip: actor.ip,
      details: { days: r.reflectionDays },
    });
}

/**
 * A registration that asks for shelter or care, with the person's consent to share, is referred to its region's
 * coordinator (referral.service: a mail with a link only, on a care-coordination contact that tracks the hand-off);
 * without that consent, or when the region has no coordinator, the centre keeps it: a task in its own `care` queue.
 * Neither the mail nor the task's subject carries anything but the reference.
 */
async function routeForCare(deps: Deps, trx: Trx, id: number, reference: string, input: NewRegistration, actor: Actor) {
  const region = input.careRegionId !== null ? await findCareRegion(trx, input.careRegionId) : undefined;
  // Onward sharing for care needs the person's consent (domain.md §5.2).
  if (region && hasCoordinator(region) && input.consentCare === true) {
    await referToCoordinatorIn(deps, trx, { id, reference }, region, actor);
    return;
  }
  await keepAtCentreIn(deps, trx, { id, reference }, actor);
}

// ---------- reading ----------

/** A registration for its page, decrypted only for a user who needs the identifiers; every view is audited. */
export async function viewRegistration(deps: Deps, id: number, user: CurrentUser, ip: string | null) {
  const row = await visibleRegistration(deps, id, user);
  const children = await childrenOf(deps.db, id);
  const history = await dossierHistory(deps.db, id);
  const shown = showsIdentifiers(user, row.consent_care);
  await writeAudit(deps.db, {
    at: deps.clock().toISOString(),
    actorId: user.id,
    action: 'registration.view',
    subjectType: 'registration',
    subjectId: row.reference,
    ip,
    details: { identifiers: shown },
  });
  const dec = (v: string | null) => (shown ? deps.crypto.decrypt(v) : null);
  const phone = deps.crypto.decrypt(row.phone_enc);
  const email = deps.crypto.decrypt(row.email_enc);
  const today = localToday(deps);
  const region = row.care_region_id !== null ? await findCareRegion(deps.db, row.care_region_id) : undefined;
  return {
    row,
    ...children,
    careRegionName: region?.name ?? null,
    dossierHistory: history,
    updateValues: updateValuesOf(row, children.nationalities),
    identifiersShown: shown,
    identifiers: shown
      ? {
          name: dec(row.name_enc),
          dateOfBirth: dec(row.dob_enc),
          phone,
          email,
          vNumber: dec(row.vnumber_enc),
        }
      : {
          name: row.name_enc ? '•••' : null,
          dateOfBirth: row.dob_enc ? '•••' : null,
          phone: phone ? maskPhone(phone) : null,
          email: email ? maskEmail(email) : null,
          vNumber: row.vnumber_enc ? '•••' : null,
        },
    deadlines: deadlinesOf(row).map((d) => ({ ...d, daysLeft: daysLeft(d.endsOn, today) })),
  };
}
export type RegistrationView = Awaited<ReturnType<typeof viewRegistration>>;

/** Throws 404 unless the registration exists and the user may open it (a coordinator: their regions only). */
export async function visibleRegistration(deps: Deps, id: number, user: Pick<CurrentUser, 'id' | 'roles'>) {
  const row = await findRegistration(deps.db, id);
  const scope = await regionScope(deps, user);
  if (!row || (scope && (row.care_region_id === null || !scope.includes(row.care_region_id))))
    throw new AppError(404, 'registration_not_found', 'Not found');
  return row;
}

/** The update form as the registration stands (the EU/EEA/CH confirmation stays given once it was). */
export function updateValuesOf(
  row: NonNullable<Awaited<ReturnType<typeof findRegistration>>>,
  nationalities: string[],
): RegistrationUpdateValues {
  const euGiven = !!row.reflection_start && reflectionNationalityRule(nationalities, row.residence_status) === 'warn';
  return {
    dossierType: row.dossier_type,
    placement: row.placement ?? '',
    shelterEnds: row.shelter_ends_on ?? '',
    permitExpires: row.permit_expires_on ?? '',
    reflectionStart: row.reflection_start ?? '',
    reflectionDays: row.reflection_days === null ? '' : String(row.reflection_days),
    reflectionOffered: row.reflection_offered,
    reflectionOfferedBy: row.reflection_offered_by ?? '',
    reflectionOverrideReason: row.reflection_override_reason ?? '',
    reflectionEuConfirmed: euGiven ? 'yes' : '',
    complaint: row.complaint,
    complaintOn: row.complaint_on ?? '',
    otherCooperation: row.other_cooperation,
    residenceStatus: row.residence_status,
  };
}

/**
 * Changes a registration's dossier type (its history keeps every type with who and when), placement, deadlines,
 * reflection period, complaint and residence status (agents, supervisors, and the coordinator of its region),
 * after checking the reflection rule against the stored nationalities: its problems answer without a change.
 * Audited with the names of the fields that changed, never their values; a Dublin override with its reason.
 */
export async function updateRegistration(
  deps: Deps,
  id: number,
  input: RegistrationUpdate,
  user: CurrentUser,
  ip: string | null,
): Promise<{ problems: ReflectionProblem[] }> {
  const row = await visibleRegistration(deps, id, user);
  const { nationalities } = await childrenOf(deps.db, id);
  const reflection = decideReflection({
    start: input.reflectionStart,
    days: input.reflectionDays,
    residenceStatus: input.residenceStatus,
    nationalities,
    overrideReason: input.reflectionOverrideReason,
    euConfirmed: input.reflectionEuConfirmed,
    offered: input.reflectionOffered,
  });
  if (reflection.problems.length) return { problems: reflection.problems };
  const next = {
    dossier_type: input.dossierType,
    placement: input.placement,
    shelter_ends_on: input.shelterEnds,
    permit_expires_on: input.permitExpires,
    reflection_start: input.reflectionStart,
    reflection_days: reflection.days,
    reflection_offered: reflection.offered,
    reflection_offered_by: input.reflectionOfferedBy ?? null,
    reflection_override_reason: reflection.overrideReason,
    complaint: input.complaint,
    complaint_on: input.complaintOn ?? null,
    other_cooperation: input.otherCooperation ?? 'unknown',
    residence_status: input.residenceStatus,
  };
  const changed = (Object.keys(next) as (keyof typeof next)[]).filter((k) => row[k] !== next[k]);
  if (!changed.length) return { problems: [] };
  const now = deps.clock().toISOString();
  const actor = { id: user.id, ip };
  await deps.db.transaction().execute(async (trx) => {
    await updateRegistrationRow(trx, id, { ...next, updated_at: now });
    if (next.dossier_type !== row.dossier_type)
      await insertDossierType(trx, {
        registration_id: id,
        dossier_type: next.dossier_type,
        changed_at: now,
        changed_by: user.id,
      });
    await writeAudit(trx, {
      at: now,
      actorId: user.id,
      action: 'registration.update',
      subjectType: 'registration',
      subjectId: row.reference,
      ip,
      details: { fields: changed },
    });
    const reflectionChanged = changed.some((k) => k.startsWith('reflection_') || k === 'residence_status');
    if (reflectionChanged)
      await auditReflectionChoices(
        trx,
        row.reference ?? '',
        {
          reflectionDays: reflection.days,
          reflectionOverrideReason: reflection.overrideReason,
          reflectionEuFallback: reflection.euFallback && !row.reflection_start,
        },
        actor,
        now,
      );
  });
  return { problems: [] };
}

/** The registrations list: no identifiers, a coordinator's regions only. Audited as a list view. */
export async function registrationList(deps: Deps, user: CurrentUser, ip: string | null) {
  const rows = await listRegistrations(deps.db, { regions: await regionScope(deps, user), limit: 200 });
  await writeAudit(deps.db, {
    at: deps.clock().toISOString(),
    actorId: user.id,
    action: 'registration.list',
    subjectType: 'registration',
    ip,
    details: { identifiers: false, count: rows.length },
  });
  return rows;
}

/** A contact's registrations, for its panel (only those the user may open). */
export async function registrationsForContact(deps: Deps, contactId: number, user: Pick<CurrentUser, 'id' | 'roles'>) {
  return registrationsOfContact(deps.db, contactId, await regionScope(deps, user));
}

/** Links a later contact to an existing registration, by reference; audited. 404 for an unknown reference. */
export async function linkContactByReference(deps: Deps, contactId: number, reference: string, actor: Actor) {
  const reg = await registrationByReference(deps.db, reference.trim().toUpperCase());
  if (!reg) return null;
  if (!(await findContact(deps.db, contactId))) throw new AppError(404, 'contact_not_found', 'Not found');
  const now = deps.clock().toISOString();
  await deps.db.transaction().execute(async (trx) => {
    await linkContact(trx, reg.id, contactId, now, actor.id);
    await writeAudit(trx, {
      at: now,
      actorId: actor.id,
      action: 'registration.link',
      subjectType: 'registration',
      subjectId: reference.trim().toUpperCase(),
      ip: actor.ip,
      details: { contact: contactId },
    });
  });
  return reg.id;
}

// ---------- deadlines ----------

/** A working day: the office is open at some moment of that local date (weekends, holidays, closures are not). */
export function isWorkingDay(deps: Deps, isoDate: string): boolean {
  return openIntervalsOnLocalDate(deps.officeHours.calendar, isoDate).length > 0;
}

/** Every deadline the user may see, what runs out first on top. Audited as a list view with the references shown. */
export async function deadlineList(deps: Deps, user: CurrentUser, ip: string | null) {
  const today = localToday(deps);
  const scope = await regionScope(deps, user);
  const rows = await registrationsWithDeadlines(deps.db, scope);
  const procedures = (await procedureDeadlineRows(deps, scope)).map((p) => ({
    ...p,
    kind: 'procedure' as const,
    daysLeft: daysLeft(p.endsOn, today),
  }));
  const list = rows
    .flatMap((r) =>
      deadlinesOf(r).map((d) => ({
        id: r.id,
        reference: r.reference ?? '',
        kind: d.kind as DeadlineKind | 'procedure',
        procedure: undefined as ProcedureKind | undefined,
        endsOn: d.endsOn,
        daysLeft: daysLeft(d.endsOn, today),
      })),
    )
    .concat(procedures)
    .sort((a, b) => a.endsOn.localeCompare(b.endsOn) || a.reference.localeCompare(b.reference));
  await writeAudit(deps.db, {
    at: deps.clock().toISOString(),
    actorId: user.id,
    action: 'deadline.list',
    subjectType: 'registration',
    ip,
    details: { count: list.length, shown: [...new Set(list.map((d) => d.reference))] },
  });
  return list;
}

/**
 * The periodic job's step: for each deadline that has not yet run out and whose raise day (N working days before
 * it, DEADLINE_WORKING_DAYS, default 10) has come, one task in the queue that answers for it, once; and the same for
 * each running procedure's due date (procedure-deadlines.service.ts).
 */
export async function raiseDeadlineTasks(deps: Deps, workingDays = deps.config.deadlineWorkingDays): Promise<number> {
  const today = localToday(deps);
  let raised = 0;
  for (const r of await registrationsWithDeadlines(deps.db)) {
    for (const d of deadlinesOf(r)) {
      if (d.endsOn < today) continue;
      const raiseOn = workingDaysBefore(d.endsOn, workingDays, (x) => isWorkingDay(deps, x));
      if (raiseOn > today) continue;
      if (await deadlineTaskRaised(deps.db, r.id, d.kind, d.endsOn)) continue;
      await deps.db.transaction().execute(async (trx) => {
        const task = await createContactIn(
          deps,
          trx,
          {
            channel: 'manual',
            subject: `${deadlineSubject(d.kind)} ${r.reference} (${d.endsOn})`,
            queue: deadlineQueue(d.kind),
          },
          { id: null },
        );
        await linkContact(trx, r.id, task.id, deps.clock().toISOString(), null);
        await recordDeadlineTask(trx, {
          registrationId: r.id,
          kind: d.kind,
          endsOn: d.endsOn,
          contactId: task.id,
          at: deps.clock().toISOString(),
        });
      });
      raised++;
    }
  }
  return raised + (await raiseProcedureTasks(deps, today, workingDays, (x) => isWorkingDay(deps, x)));
}

const deadlineSubject = (kind: DeadlineKind) =>
  kind === 'reflection'
    ? 'Bedenktijd loopt af / reflection period ends'
    : kind === 'permit'
      ? 'Vergunning verloopt / permit expires'
      : 'Opvang eindigt / shelter stay ends';

/** Starts the deadline job: once shortly after start, then every hour. Returns a function that stops it. */
export function startDeadlineJob(deps: Deps, everyMs = 60 * 60 * 1000, firstDelayMs = 5000): () => Promise<void> {
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  const step = async () => {
    if (stopped) return;
    try {
      await raiseDeadlineTasks(deps);
    } catch (err) {
      deps.log.warn('deadline job failed', { err: err instanceof Error ? err.message : 'unknown' });
    }
    if (!stopped) timer = setTimeout(step, everyMs);
  };
  timer = setTimeout(step, firstDelayMs);
  return async () => {
    stopped = true;
    clearTimeout(timer);
  };
}

// ---------- care-coordination regions ----------

export const careRegions = (deps: Deps) => listCareRegions(deps.db);

export interface CareRegionInput {
  name: string;
  covers: string;
  coordinatorOrg: string;
  coordinatorEmail: string | null;
  hasCoordinator: boolean;
}

/** Adds or changes a care-coordination region (admin); audited. */
export async function saveCareRegion(deps: Deps, id: number | null, input: CareRegionInput, actor: Actor) {
  const now = deps.clock().toISOString();
  const row = {
    name: input.name,
    covers: input.covers,
    coordinator_org: input.coordinatorOrg,
    coordinator_email: input.coordinatorEmail,
    has_coordinator: input.hasCoordinator ? 1 : 0,
    updated_at: now,
  };
  return deps.db.transaction().execute(async (trx) => {
    let regionId = id;
    if (regionId === null) regionId = await insertCareRegion(trx, { ...row, created_at: now });
    else {
      if (!(await findCareRegion(trx, regionId))) throw new AppError(404, 'care_region_not_found', 'Not found');
      await updateCareRegion(trx, regionId, row);
    }
    await writeAudit(trx, {
      at: now,
      actorId: actor.id,
      action: id === null ? 'care_region.create' : 'care_region.update',
      subjectType: 'care_region',
      subjectId: regionId,
      ip: actor.ip,
    });
    return regionId;
  });
}

/** A user's care-coordination regions (the admin user form's `careRegions`). */
export const userCareRegions = (deps: Deps, userId: number) => careRegionsOfUser(deps.db, userId);

/** Sets a user's regions (ids already checked by readCareRegionField); audited when they change. */
export async function setCareRegionsOfUser(deps: Deps, userId: number, ids: number[], actor?: Actor): Promise<void> {
  const unique = [...new Set(ids)].sort((a, b) => a - b);
  const before = await careRegionsOfUser(deps.db, userId);
  if (before.sort((a, b) => a - b).join(',') === unique.join(',')) return;
  await deps.db.transaction().execute(async (trx) => {
    await setUserCareRegions(trx, userId, unique);
    await writeAudit(trx, {
      at: deps.clock().toISOString(),
      actorId: actor?.id ?? null,
      action: 'user.care_regions',
      subjectType: 'user',
      subjectId: userId,
      ip: actor?.ip ?? null,
      details: { careRegions: unique },
    });
  });
}

/** The user form's repeatable `careRegions` field: known region ids only (422 by the field otherwise). */
export async function readCareRegionField(
  deps: Deps,
  raw: unknown,
  t: (key: 'reg.error.code') => string,
): Promise<{ ok: boolean; ids: number[]; values: string[]; errors: Record<string, string> }> {
  const values = [raw]
    .flat()
    .filter((x): x is string => typeof x === 'string' && x !== '')
    .slice(0, 100);
  const known = new Set((await listCareRegions(deps.db)).map((r) => r.id));
  const ok = values.every((v) => /^\d{1,12}$/.test(v) && known.has(Number(v)));
  return { ok, ids: ok ? values.map(Number) : [], values, errors: ok ? {} : { careRegions: t('reg.error.code') } };
}

/** The regions to choose from on the user form, and those chosen (the user's own, or what was just sent). */
export async function careRegionChoices(deps: Deps, userId: number | null, sent?: string[]) {
  const regions = await listCareRegions(deps.db);
  const chosen = sent ?? (userId === null ? [] : (await careRegionsOfUser(deps.db, userId)).map(String));
  return { careRegions: regions.map((r) => ({ value: String(r.id), label: r.name })), careRegionValues: chosen };
}
