import type { Deps } from '../deps.js';
import type { Trx } from '../db/database.js';
import type { CurrentUser } from '../http/app-env.js';
import { AppError } from '../shared/app-error.js';
import { writeAudit } from '../audit/audit.queries.js';
import { careRegionsOfUser, childrenOf } from './registrations.queries.js';
import {
  activeStaff,
  findCareCase,
  findProcedure,
  insertProcedure,
  latestReferral,
  openCases,
  proceduresOf,
  referralHistory,
  returnedReferrals,
  saveCareCase,
  updateProcedureRow,
  waitingReferrals,
} from './care-case.queries.js';
import { PROCEDURE_KINDS, type ProcedureKind } from './care-case.table.js';
import type { ProcedureInput } from './care-case.form.js';
import { suggestProcedures } from './procedure-rule.js';
import type { ReferralState } from './referral-rule.js';
import { daysLeft } from './deadlines.js';
import { localToday, regionScope } from './registrations.service.js';
import { visibleRegistration } from './registration-read.service.js';

const isDesk = (user: Pick<CurrentUser, 'roles'>) => user.roles.some((r) => r === 'agent' || r === 'supervisor');
const CARE_ROLES = ['agent', 'supervisor', 'coordinator'];

/** Active users who may own a procedure: the desk and the coordinators. */
async function staff(deps: Deps) {
  return (await activeStaff(deps.db)).filter((u) => u.roles.split(',').some((r) => CARE_ROLES.includes(r.trim())));
}

/** The ids an owner field may name, and the registration's date that bounds a due date. */
export async function procedureBounds(deps: Deps, id: number, user: CurrentUser) {
  const row = await visibleRegistration(deps, id, user);
  return { reportedOn: row.reported_on, staffIds: (await staff(deps)).map((u) => u.id) };
}

/**
 * The care panels of a registration's page (its referrals, the procedures checklist with what the rule suggests,
 * and how the case ended), with what this user may do there. Part of the page's view, which is audited.
 */
export async function careCaseOf(deps: Deps, id: number, user: CurrentUser) {
  const row = await visibleRegistration(deps, id, user);
  const [referrals, kase, procedures, children, people] = await Promise.all([
    referralHistory(deps.db, id),
    findCareCase(deps.db, id),
    proceduresOf(deps.db, id),
    childrenOf(deps.db, id),
    staff(deps),
  ]);
  const latest = await latestReferral(deps.db, id);
  const state: ReferralState = (latest?.status as ReferralState | undefined) ?? 'none';
  const mine = latest ? (await careRegionsOfUser(deps.db, user.id)).includes(latest.care_region_id) : false;
  const closed = kase?.closed_on ? { outcome: kase.outcome ?? 'other', closedOn: kase.closed_on } : null;
  const owner = kase?.owner_id ? (people.find((p) => p.id === kase.owner_id)?.name ?? null) : null;
  const isOwner = !!kase?.owner_id && kase.owner_id === user.id;
  const have = new Set(procedures.map((p) => p.kind));
  const today = localToday(deps);
  const suggested = suggestProcedures({
    nationalities: children.nationalities,
    residenceStatus: row.residence_status,
    consentCare: row.consent_care === null ? null : row.consent_care === 1,
    minor: row.minor === null ? null : row.minor === 1,
    complaint: row.complaint,
  })
    .map((s) => s.kind)
    .filter((k) => !have.has(k));
  return {
    registrationId: id,
    reference: row.reference ?? '',
    reportedOn: row.reported_on,
    consentCare: row.consent_care,
    state,
    referrals,
    atCentre: kase?.at_centre === 1,
    owner,
    closed,
    procedures: procedures.map((p) => ({
      ...p,
      daysLeft: p.due_on && (p.status === 'todo' || p.status === 'applied') ? daysLeft(p.due_on, today) : null,
    })),
    suggested,
    addable: PROCEDURE_KINDS.filter((k) => !have.has(k)),
    staff: people.map((p) => ({ value: String(p.id), label: p.name })),
    can: {
      refer: isDesk(user) && !closed && state !== 'pending' && state !== 'accepted',
      answer: state === 'pending' && user.roles.includes('coordinator') && mine,
      edit: !closed,
      close: !closed && state !== 'pending' && (isDesk(user) || isOwner),
      reopen: !!closed && (isDesk(user) || isOwner),
    },
    today,
  };
}
export type CareCaseView = Awaited<ReturnType<typeof careCaseOf>>;

async function openCaseOrThrow(trx: Trx, id: number) {
  const kase = await findCareCase(trx, id);
  if (kase?.closed_on) throw new AppError('case_closed', 'closed');
}

/**
 * Adds procedures to the checklist: one chosen (`input`), or every suggested one not yet on it (`suggested`), each
 * with the rule's first status. A kind already on the list is left as it is. Audited as `procedure.add` with the
 * kinds. 409 once the case is closed.
 */
export async function addProcedures(
  deps: Deps,
  id: number,
  what: { input: ProcedureInput } | { suggested: true },
  user: CurrentUser,
  ip: string | null,
): Promise<ProcedureKind[]> {
  const row = await visibleRegistration(deps, id, user);
  const now = deps.clock().toISOString();
  let rows: { kind: ProcedureKind; status: string; owner_id: number | null; due_on: string | null }[];
  if ('input' in what)
    rows = [
      { kind: what.input.kind, status: what.input.status, owner_id: what.input.ownerId, due_on: what.input.dueOn },
    ];
  else {
    const children = await childrenOf(deps.db, id);
    rows = suggestProcedures({
      nationalities: children.nationalities,
      residenceStatus: row.residence_status,
      consentCare: row.consent_care === null ? null : row.consent_care === 1,
      minor: row.minor === null ? null : row.minor === 1,
      complaint: row.complaint,
    }).map((s) => ({ kind: s.kind, status: s.status, owner_id: null, due_on: null }));
  }
  return deps.db.transaction().execute(async (trx) => {
    await openCaseOrThrow(trx, id);
    const added: ProcedureKind[] = [];
    for (const r of rows) {
      const pid = await insertProcedure(trx, {
        registration_id: id,
        ...r,
        created_by: user.id,
        created_at: now,
        updated_at: now,
      });
      if (pid !== null) added.push(r.kind);
    }
    if (added.length)
      await writeAudit(trx, {
        at: now,
        actorId: user.id,
        action: 'procedure.add',
        subjectType: 'registration',
        subjectId: row.reference,
        ip,
        details: { kinds: added, suggested: 'suggested' in what },
      });
    return added;
  });
}

/**
 * Changes a procedure's status, owner and due date, as drawn at `version` (an older version answers 409 and
 * changes nothing). Audited as `procedure.update` with the kind and the names of the fields that changed.
 */
export async function updateProcedure(
  deps: Deps,
  id: number,
  procedureId: number,
  input: ProcedureInput,
  user: CurrentUser,
  ip: string | null,
): Promise<void> {
  const row = await visibleRegistration(deps, id, user);
  const now = deps.clock().toISOString();
  await deps.db.transaction().execute(async (trx) => {
    const p = await findProcedure(trx, procedureId);
    if (!p || p.registration_id !== id) throw new AppError('procedure_not_found', 'Not found');
    await openCaseOrThrow(trx, id);
    const next = { status: input.status, owner_id: input.ownerId, due_on: input.dueOn };
    const changed = (Object.keys(next) as (keyof typeof next)[]).filter((k) => p[k] !== next[k]);
    if ((await updateProcedureRow(trx, procedureId, input.version ?? -1, { ...next, updated_at: now })) === 0)
      throw new AppError('procedure_stale', 'stale');
    await writeAudit(trx, {
      at: now,
      actorId: user.id,
      action: 'procedure.update',
      subjectType: 'registration',
      subjectId: row.reference,
      ip,
      details: { kind: p.kind, fields: changed },
    });
  });
}

/**
 * Ends a case's care coordination with an outcome and a date; retention counts from that date. The desk, or the
 * coordinator who owns the case, may close it (403 otherwise); not while a referral waits or twice (409).
 * Audited as `care.close` with the outcome. `reopen` clears the closing again (`care.reopen`).
 */
export async function closeCase(
  deps: Deps,
  id: number,
  change: { close: { outcome: string; closedOn: string } } | { reopen: true },
  user: CurrentUser,
  ip: string | null,
): Promise<void> {
  const row = await visibleRegistration(deps, id, user);
  const now = deps.clock().toISOString();
  await deps.db.transaction().execute(async (trx) => {
    const kase = await findCareCase(trx, id);
    if (!isDesk(user) && !(kase?.owner_id && kase.owner_id === user.id)) throw new AppError('forbidden', 'Forbidden');
    if ('close' in change) {
      if (kase?.closed_on) throw new AppError('case_closed', 'closed');
      if ((await latestReferral(trx, id))?.status === 'pending') throw new AppError('referral_pending', 'pending');
      await saveCareCase(trx, id, {
        outcome: change.close.outcome,
        closed_on: change.close.closedOn,
        closed_by: user.id,
        closed_at: now,
        updated_at: now,
      });
    } else {
      if (!kase?.closed_on) throw new AppError('case_open', 'open');
      await saveCareCase(trx, id, {
        outcome: null,
        closed_on: null,
        closed_by: null,
        closed_at: null,
        updated_at: now,
      });
    }
    await writeAudit(trx, {
      at: now,
      actorId: user.id,
      action: 'close' in change ? 'care.close' : 'care.reopen',
      subjectType: 'registration',
      subjectId: row.reference,
      ip,
      details: 'close' in change ? { outcome: change.close.outcome, closedOn: change.close.closedOn } : undefined,
    });
  });
}

/**
 * `/care`, the coordinator's day: referrals waiting for her regions and the cases she owns; for the desk, every
 * referral waiting, those returned (with the reason) and the cases the centre coordinates. References and codes
 * only. Audited as `care.list` with the references shown.
 */
export async function careList(deps: Deps, user: CurrentUser, ip: string | null) {
  const desk = isDesk(user);
  const scope = desk ? undefined : await regionScope(deps, user);
  const waiting = await waitingReferrals(deps.db, scope);
  const mine = user.roles.includes('coordinator') ? await openCases(deps.db, { ownerId: user.id }) : [];
  const returned = desk ? await returnedReferrals(deps.db) : [];
  const centre = desk ? await openCases(deps.db, { atCentre: true }) : [];
  const shown = [...new Set([...waiting, ...mine, ...returned, ...centre].map((r) => r.reference))];
  await writeAudit(deps.db, {
    at: deps.clock().toISOString(),
    actorId: user.id,
    action: 'care.list',
    subjectType: 'registration',
    ip,
    details: { count: shown.length, shown },
  });
  return { desk, waiting, mine, returned, centre };
}
