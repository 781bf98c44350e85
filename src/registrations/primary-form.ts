import { EXPLOITATION_FORMS } from './registrations.table.js';

/**
 * Each registration's one form of exploitation in the figures (docs/contract.md, issue 24), so that a table's cells add up to
 * its total: the form marked primary (one of its forms), else its only form, else `combination` when several forms
 * are given and none is marked, else `unknown`. Stored with the registration when it is saved.
 */
export const PRIMARY_FORMS = [...EXPLOITATION_FORMS.filter((f) => f !== 'unknown'), 'combination', 'unknown'] as const;
export type PrimaryForm = (typeof PRIMARY_FORMS)[number];

export function primaryForm(forms: readonly string[], marked: string | null): PrimaryForm {
  const unique = [...new Set(forms)];
  if (marked && unique.includes(marked) && (PRIMARY_FORMS as readonly string[]).includes(marked))
    return marked as PrimaryForm;
  if (unique.length === 0) return 'unknown';
  if (unique.length === 1) return unique[0] as PrimaryForm;
  return 'combination';
}
