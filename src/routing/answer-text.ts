/**
 * Placeholders an answer of the library may hold, filled when it is inserted into a reply:
 * `{reference}` the contact's reference (HD-2026-000123) and `{nextOpening}` when the desk next opens, in the
 * reply's language. An unknown placeholder, or one with no value, is left as written so the agent sees it.
 */
export const ANSWER_PLACEHOLDERS = ['reference', 'nextOpening'] as const;
export type AnswerPlaceholder = (typeof ANSWER_PLACEHOLDERS)[number];

/** Fills the placeholders of an answer's text (pure). */
export function fillPlaceholders(text: string, values: Partial<Record<AnswerPlaceholder, string | null>>): string {
  return text.replace(/\{(reference|nextOpening)\}/g, (m, k: AnswerPlaceholder) => values[k] || m);
}

/** True when an answer's review date (YYYY-MM-DD) has passed on `today` (YYYY-MM-DD, the desk's date). */
export const isStale = (reviewDate: string, today: string) => reviewDate < today;
