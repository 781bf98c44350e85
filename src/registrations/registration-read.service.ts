import type { Deps } from '../deps.js';
import type { CurrentUser } from '../http/app-env.js';
import { AppError } from '../shared/app-error.js';
import { writeAudit } from '../audit/audit.queries.js';
import { findContact } from '../contacts/contacts.queries.js';
import { maskEmail, maskPhone } from '../crypto/field-crypto.js';
import { countryName } from './countries.js';
import { daysLeft, deadlinesOf } from './deadlines.js';
import {
  childrenOf,
  findCareRegion,
  findRegistration,
  dossierHistory,
  linkContact,
  listRegistrations,
  nationalitiesOfRegistrations,
  registrationByReference,
  registrationsOfContact,
} from './registrations.queries.js';
import { type Actor, localToday, regionScope, showsIdentifiers } from './registrations.service.js';
import { updateValuesOf } from './registration-update.service.js';

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

/** Throws 404 unless the registration exists and the user may open it (a coordinator: their regions only). */
export async function visibleRegistration(deps: Deps, id: number, user: Pick<CurrentUser, 'id' | 'roles'>) {
  const row = await findRegistration(deps.db, id);
  const scope = await regionScope(deps, user);
  if (!row || (scope && (row.care_region_id === null || !scope.includes(row.care_region_id))))
    throw new AppError('registration_not_found', 'Not found');
  return row;
}

/** The registrations list: no identifiers, a coordinator's regions only. Audited as a list view. */
export async function registrationList(deps: Deps, user: CurrentUser, ip: string | null, locale: 'nl' | 'en') {
  const listed = await listRegistrations(deps.db, { regions: await regionScope(deps, user), limit: 200 });
  const codes = new Map<number, string[]>();
  for (const n of await nationalitiesOfRegistrations(
    deps.db,
    listed.map((r) => r.id),
  ))
    codes.set(n.registration_id, [...(codes.get(n.registration_id) ?? []), n.code]);
  // Countries by their common names in the reader's language, as on the registration page and in the statistics.
  const rows = listed.map((r) => ({
    ...r,
    nationalities: (codes.get(r.id) ?? []).map((code) => countryName(code, locale)),
  }));
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
  if (!(await findContact(deps.db, contactId))) throw new AppError('contact_not_found', 'Not found');
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
