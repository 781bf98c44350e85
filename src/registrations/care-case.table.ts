import type { Generated } from 'kysely';

/** The procedures a coordinator follows per person (domain.md §3.1): the checklist's kinds, in the page's order. */
export const PROCEDURE_KINDS = [
  'police_report',
  'b8_3_permit',
  'living_allowance',
  'health_insurance',
  'brp',
  'cosm_placement',
  'nidos_guardian',
  'legal_aid',
  'iom_return',
] as const;
export const PROCEDURE_STATUSES = ['todo', 'applied', 'granted', 'refused', 'not_applicable'] as const;
/** A procedure still running: its due date is a deadline. */
export const OPEN_PROCEDURE_STATUSES = ['todo', 'applied'] as const;
/** How a registration's care coordination ended. */
export const CASE_OUTCOMES = [
  'transferred',
  'returned_home',
  'procedures_completed',
  'lost_contact',
  'declined',
  'other',
] as const;

export type ProcedureKind = (typeof PROCEDURE_KINDS)[number];
export type ProcedureStatus = (typeof PROCEDURE_STATUSES)[number];
export type CaseOutcome = (typeof CASE_OUTCOMES)[number];

export interface CareCaseTables {
  registration_referrals: {
    id: Generated<number>;
    registration_id: number;
    care_region_id: number;
    status: string;
    referred_by: number | null;
    referred_at: string;
    decided_by: number | null;
    decided_at: string | null;
    reason: string | null;
  };
  care_cases: {
    registration_id: number;
    owner_id: number | null;
    at_centre: Generated<number>;
    outcome: string | null;
    closed_on: string | null;
    closed_by: number | null;
    closed_at: string | null;
    updated_at: string;
  };
  registration_procedures: {
    id: Generated<number>;
    registration_id: number;
    kind: string;
    owner_id: number | null;
    status: Generated<string>;
    due_on: string | null;
    task_raised_for: string | null;
    version: Generated<number>;
    created_by: number | null;
    created_at: string;
    updated_at: string;
  };
}
