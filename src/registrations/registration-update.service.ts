import type { Deps } from '../deps.js';
import type { CurrentUser } from '../http/app-env.js';
import { writeAudit } from '../audit/audit.queries.js';
import { changeRegistrationIn } from './registration-writes.plugin.js';
import { decideReflection, reflectionNationalityRule, type ReflectionProblem } from './reflection-rule.js';
import type { RegistrationUpdate, RegistrationUpdateValues } from './registrations.form.js';
import {
  childrenOf,
  type findRegistration,
  insertDossierType,
  updateRegistrationRow,
} from './registrations.queries.js';
import { visibleRegistration } from './registration-read.service.js';
import { auditReflectionChoices } from './registrations.service.js';

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
    await changeRegistrationIn(deps, trx, id, changed, () =>
      updateRegistrationRow(trx, id, { ...next, updated_at: now }),
    );
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
