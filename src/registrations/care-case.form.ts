import type { Translate } from '../i18n/i18n.js';
import { formId, formVersion } from '../http/params.js';
import { validDate } from './registrations.form.js';
import { RETURN_REASON_MAX } from './referral-rule.js';
import {
  CASE_OUTCOMES,
  PROCEDURE_KINDS,
  PROCEDURE_STATUSES,
  type CaseOutcome,
  type ProcedureKind,
  type ProcedureStatus,
} from './care-case.table.js';

type Body = Record<string, unknown>;
const str = (b: Body, k: string) => (typeof b[k] === 'string' ? (b[k] as string).trim() : '');

/** What the procedure forms were typed with (kept on a 422). */
export interface ProcedureValues {
  kind: string;
  status: string;
  owner: string;
  dueOn: string;
  version: string;
}
export interface ProcedureInput {
  kind: ProcedureKind;
  status: ProcedureStatus;
  ownerId: number | null;
  dueOn: string | null;
  version: number | null;
}

/** Bounds a due date by: the registration's date (a procedure cannot be due before it), and ten years after it. */
export interface DueBounds {
  reportedOn: string;
  staffIds: number[];
}

/**
 * A procedure added (`kind`) or changed (`status`, `version`), with `owner` (a user's id) and `dueOn`
 * (YYYY-MM-DD, not before the registration: 422 by the field).
 */
export function parseProcedureForm(
  b: Body,
  t: Translate,
  bounds: DueBounds,
  mode: 'add' | 'update',
):
  | { ok: true; values: ProcedureValues; input: ProcedureInput }
  | { ok: false; values: ProcedureValues; errors: Record<string, string> } {
  const values: ProcedureValues = {
    kind: str(b, 'kind'),
    status: str(b, 'status') || 'todo',
    owner: str(b, 'owner'),
    dueOn: str(b, 'dueOn'),
    version: str(b, 'version'),
  };
  const errors: Record<string, string> = {};
  if (mode === 'add' && !(PROCEDURE_KINDS as readonly string[]).includes(values.kind))
    errors.kind = t('reg.error.code');
  if (!(PROCEDURE_STATUSES as readonly string[]).includes(values.status)) errors.status = t('reg.error.code');
  const ownerId = values.owner ? formId(values.owner) : null;
  if (values.owner && (ownerId === null || !bounds.staffIds.includes(ownerId))) errors.owner = t('reg.error.code');
  if (values.dueOn) {
    const latest = `${Number(bounds.reportedOn.slice(0, 4)) + 10}${bounds.reportedOn.slice(4)}`;
    if (!validDate(values.dueOn)) errors.dueOn = t('reg.error.dateFormat');
    else if (values.dueOn < bounds.reportedOn) errors.dueOn = t('care.error.dueBefore', { date: bounds.reportedOn });
    else if (values.dueOn > latest) errors.dueOn = t('care.error.dueAfter', { date: latest });
  }
  const version = formVersion(values.version);
  if (mode === 'update' && version === null) errors.version = t('field.invalid');
  if (Object.keys(errors).length) return { ok: false, values, errors };
  return {
    ok: true,
    values,
    input: {
      kind: values.kind as ProcedureKind,
      status: values.status as ProcedureStatus,
      ownerId,
      dueOn: values.dueOn || null,
      version,
    },
  };
}

export interface ClosingValues {
  outcome: string;
  closedOn: string;
}

/** Closing a case: an `outcome` from the list and a `closedOn` date between the registration and today. */
export function parseClosingForm(
  b: Body,
  t: Translate,
  reportedOn: string,
  today: string,
):
  | { ok: true; values: ClosingValues; input: { outcome: CaseOutcome; closedOn: string } }
  | { ok: false; values: ClosingValues; errors: Record<string, string> } {
  const values = { outcome: str(b, 'outcome'), closedOn: str(b, 'closedOn') };
  const errors: Record<string, string> = {};
  if (!values.outcome) errors.outcome = t('field.required');
  else if (!(CASE_OUTCOMES as readonly string[]).includes(values.outcome)) errors.outcome = t('reg.error.code');
  if (!values.closedOn) errors.closedOn = t('field.required');
  else if (!validDate(values.closedOn) || values.closedOn > today) errors.closedOn = t('reg.error.date');
  else if (values.closedOn < reportedOn) errors.closedOn = t('care.error.closedBefore', { date: reportedOn });
  if (Object.keys(errors).length) return { ok: false, values, errors };
  return { ok: true, values, input: { outcome: values.outcome as CaseOutcome, closedOn: values.closedOn } };
}

/** A return's reason as typed: trimmed, at most RETURN_REASON_MAX characters (the rule answers 422 beyond). */
export const returnReason = (b: Body) => str(b, 'reason').slice(0, RETURN_REASON_MAX + 1);
