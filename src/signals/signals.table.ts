import type { Generated } from 'kysely';

/**
 * The obstacles an agent or coordinator can mark on a contact or a registration (issue 26, docs/contract.md "Signals"):
 * the codes of the form field `code`, the statistics' `by=signal` columns in this order, and the README's list.
 */
export const SIGNAL_CODES = [
  'brp_refused',
  'no_cosm_place',
  'no_care_coordination',
  'no_interpreter',
  'reflection_not_offered',
  'shelter_refused',
] as const;
export type SignalCode = (typeof SIGNAL_CODES)[number];
export const isSignalCode = (s: string): s is SignalCode => (SIGNAL_CODES as readonly string[]).includes(s);

/** A signal's note is short: a sentence for the policy advice, not a case file. */
export const SIGNAL_NOTE_MAX = 500;

export interface SignalTable {
  id: Generated<number>;
  on_kind: 'contact' | 'registration';
  contact_id: number | null;
  registration_id: number | null;
  code: string;
  note_enc: string | null;
  marked_on: string;
  marked_at: string;
  marked_by: number | null;
}

export interface SignalTables {
  signals: SignalTable;
}
