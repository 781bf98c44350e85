import { DateTime } from 'luxon';

/**
 * Placeholders an answer of the library may hold, filled when it is inserted into a reply:
 * `{reference}` the contact's reference (HD-2026-000123) and `{nextOpening}` when the desk next opens, in the
 * reply's language. An unknown placeholder, or a reference with no value, is left as written so the agent sees it.
 */
const ANSWER_PLACEHOLDERS = ['reference', 'nextOpening'] as const;
export type AnswerPlaceholder = (typeof ANSWER_PLACEHOLDERS)[number];

/** A sentence (up to and including its closing mark) that holds `{nextOpening}`, with the space before it. */
const NEXT_OPENING_SENTENCE = /(^|[.!?]\s+|\n)([^.!?\n]*\{nextOpening\}[^.!?\n]*[.!?]?)/g;

/**
 * Fills the placeholders of an answer's text (pure). `{nextOpening}` only has a value while the desk is closed:
 * without one, the whole sentence that holds it is left out ("we are available again from …" would be wrong
 * while the desk is open), and no empty line is left behind.
 */
export function fillPlaceholders(text: string, values: Partial<Record<AnswerPlaceholder, string | null>>): string {
  const withoutOpening = values.nextOpening
    ? text
    : text
        .replace(NEXT_OPENING_SENTENCE, (_m, before: string) => (before.trim() ? before.trimEnd() : before))
        .replace(/[ \t]+\n/g, '\n')
        .replace(/\n{3,}/g, '\n\n')
        .trim();
  return withoutOpening.replace(/\{(reference|nextOpening)\}/g, (m, k: AnswerPlaceholder) => values[k] || m);
}

/** True when an answer's review date (YYYY-MM-DD) has passed on `today` (YYYY-MM-DD, the desk's date). */
export const isStale = (reviewDate: string, today: string) => reviewDate < today;

/** One line of an answer's sources: what it is, its address and the day it was consulted (null when missing). */
export interface SourceLine {
  text: string;
  url: string | null;
  consulted: string | null;
}

const URL_RE = /https?:\/\/[^\s)>\]]+/;
const DATE_RE = /\b(\d{4}-\d{2}-\d{2})\b/;

/** Reads an answer's sources, one a line: the address (http/https) and the ISO date consulted, where written. */
export function sourceLines(sources: string): SourceLine[] {
  return sources
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean)
    .map((text) => {
      const url = text.match(URL_RE)?.[0]?.replace(/[.,;]+$/, '') ?? null;
      const date = text.replace(URL_RE, '').match(DATE_RE)?.[1] ?? null;
      const consulted = date && DateTime.fromISO(date).isValid ? date : null;
      return { text, url, consulted };
    });
}

/**
 * An answer may be approved only when it rests on sources a reader can check: at least one, and every line with
 * an address and the date it was consulted. Otherwise it stays a draft.
 */
export function sourcesComplete(sources: string): boolean {
  const lines = sourceLines(sources);
  return lines.length > 0 && lines.every((l) => l.url !== null && l.consulted !== null);
}

/** Months until an answer must be reviewed, counted from the state of the law it describes. */
const REVIEW_MONTHS = { settled: 12, uncertain: 3 } as const;

/**
 * The latest review date an answer may carry (YYYY-MM-DD): 12 months after the state of the law it describes, or
 * 3 months when it rests on a rule the domain reference marks uncertain (such as the 2023 interim rule on the
 * reflection period), so that uncertain law is checked four times as often.
 */
export function latestReviewDate(lawDate: string, uncertain: boolean): string {
  const months = uncertain ? REVIEW_MONTHS.uncertain : REVIEW_MONTHS.settled;
  return DateTime.fromISO(lawDate, { zone: 'utc' }).plus({ months }).toISODate()!;
}

/** The line that closes an inserted answer, so the reader knows which state of the law it describes. */
export function lawDateLine(lawDate: string | null, language: 'nl' | 'en'): string | null {
  if (!lawDate) return null;
  const d = DateTime.fromISO(lawDate, { zone: 'utc' });
  if (!d.isValid) return null;
  const day = d.setLocale(language).toFormat('d LLLL yyyy');
  return language === 'nl' ? `(Stand van het recht: ${day}.)` : `(State of the law on ${day}.)`;
}
