import { primaryForm } from './primary-form.js';
import { insertListsIn } from './registration-writes.plugin.js';
import { randomBytes } from 'node:crypto';
import type { Deps } from '../deps.js';
import type { Trx } from '../db/database.js';
import type { CurrentUser } from '../http/app-env.js';
import { AppError } from '../shared/app-error.js';
import { isUniqueViolation } from '../db/errors.js';
import { writeAudit } from '../audit/audit.queries.js';
import { findContact, listTopics } from '../contacts/contacts.queries.js';
import { ageAtRegistration, ageBand } from './age-band.js';
import { duplicateKeys } from './duplicate-key.js';
import { emptyRegistrationForm, type NewRegistration, type RegistrationFormValues } from './registrations.form.js';
import { REPORTER_TYPES } from './registrations.table.js';
import { hasCoordinator, keepAtCentreIn, referToCoordinatorIn } from './care-routing.service.js';
import {
  careRegionsOfUser,
  findCareRegion,
  findRegistration,
  insertDossierType,
  insertRegistration,
  likelyDuplicates,
  linkContact,
  listCareRegions,
  registrationByToken,
  setRegistrationReference,
} from './registrations.queries.js';

export type { NewRegistration } from './registrations.form.js';

export interface Actor {
  id: number;
  ip: string | null;
}

const registrationReference = (year: number, id: number) => `REG-${year}-${String(id).padStart(6, '0')}`;

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
    if (!row) throw new AppError('contact_not_found', 'Not found');
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
        throw new AppError('contact_not_found', 'Not found');
      const dups = await likelyDuplicates(trx, hashes);
      if (input.duplicate && typeof input.duplicate === 'object') {
        const target = await findRegistration(trx, input.duplicate.link);
        if (!target) throw new AppError('registration_not_found', 'Not found');
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
  await insertListsIn(deps, trx, id, {
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
export async function auditReflectionChoices(
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
