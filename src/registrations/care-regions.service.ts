import type { Deps } from '../deps.js';
import { AppError } from '../shared/app-error.js';
import { writeAudit } from '../audit/audit.queries.js';
import {
  careRegionsOfUser,
  findCareRegion,
  insertCareRegion,
  listCareRegions,
  setUserCareRegions,
  updateCareRegion,
} from './registrations.queries.js';
import type { Actor } from './registrations.service.js';

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
      if (!(await findCareRegion(trx, regionId))) throw new AppError('care_region_not_found', 'Not found');
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
