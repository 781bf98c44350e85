import { EU_EEA_CH } from './nationality-group.js';

/**
 * The reflection period's rules (reference/domain.md §3.1.1, Vc B8/3 as changed by WBV 2023/11, Stcrt. 2023, 13577):
 * since 18 May 2023 every presumed victim from a third country gets 90 days — including those who already have
 * lawful residence — and a Dublin claimant gets 30. B8/3 is for aliens: a Dutch national gets none, and an
 * EU/EEA/Swiss national draws rights from EU law first (B8/3 is only a fallback, Vc B8/3.1).
 */
const REFLECTION_DAYS = 90;
const DUBLIN_REFLECTION_DAYS = 30;
const OVERRIDE_REASON_MAX = 500;

/** The length the rule gives: 30 days for a Dublin claimant, 90 for everyone else. */
export const reflectionDaysFor = (residenceStatus: string): 30 | 90 =>
  residenceStatus === 'dublin' ? DUBLIN_REFLECTION_DAYS : REFLECTION_DAYS;

/** Residence statuses under which 30 days can be right: a Dublin claimant, or a status not (yet) known. */
const THIRTY_POSSIBLE = ['dublin', 'unknown', 'reflection'];

/**
 * Whether a reflection period fits the person's nationality: `refuse` for a Dutch national (B8/3 is for aliens;
 * a second nationality does not change that), `warn` for an EU/EEA/Swiss national (EU law first, B8/3 as a
 * fallback: the agent confirms), `ok` for a third-country national, a stateless person or an unknown nationality.
 * The residence statuses `nl` and `eu` count as the nationality they name.
 */
export function reflectionNationalityRule(nationalities: readonly string[], residenceStatus: string) {
  if (residenceStatus === 'nl' || nationalities.includes('NL')) return 'refuse' as const;
  if (residenceStatus === 'eu' || nationalities.some((c) => (EU_EEA_CH as readonly string[]).includes(c)))
    return 'warn' as const;
  return 'ok' as const;
}

export type ReflectionProblem =
  /** A Dublin claimant with 90 days and no reason for it. */
  | 'dublinNeedsReason'
  /** 30 days for someone whose residence status is known and not Dublin. */
  | 'thirtyNotDublin'
  /** A reflection period for a Dutch national. */
  | 'dutchNational'
  /** A reflection period for an EU/EEA/Swiss national, not (yet) confirmed. */
  | 'euNational'
  /** A start date while the period is marked as not offered. */
  | 'notOffered'
  /** An override reason too long. */
  | 'reasonTooLong';

export interface ReflectionInput {
  /** YYYY-MM-DD or null when no reflection period is recorded. */
  start: string | null;
  /** The chosen length, or null when the agent left it to the rule. */
  days: 30 | 90 | null;
  residenceStatus: string;
  nationalities: readonly string[];
  /** Why a Dublin claimant gets 90 days (empty: none given). */
  overrideReason: string;
  /** The agent confirmed the EU/EEA/CH warning. */
  euConfirmed: boolean;
  offered: 'yes' | 'no' | 'unknown';
}

export interface ReflectionDecision {
  /** The length to store (null without a start). */
  days: 30 | 90 | null;
  /** Whether the period is offered, as stored: a start date means it was. */
  offered: 'yes' | 'no' | 'unknown';
  /** The reason stored with a Dublin claimant's 90 days (null otherwise). */
  overrideReason: string | null;
  /** The EU/EEA/CH fallback was confirmed (audited). */
  euFallback: boolean;
  problems: ReflectionProblem[];
}

/** Decides the reflection period's length and checks it against the rules above; problems refuse the form (422). */
export function decideReflection(r: ReflectionInput): ReflectionDecision {
  const problems: ReflectionProblem[] = [];
  const reason = r.overrideReason.trim();
  if (reason.length > OVERRIDE_REASON_MAX) problems.push('reasonTooLong');
  if (!r.start) return { days: null, offered: r.offered, overrideReason: null, euFallback: false, problems };
  const days = r.days ?? reflectionDaysFor(r.residenceStatus);
  const dublin = r.residenceStatus === 'dublin';
  if (dublin && days === REFLECTION_DAYS && !reason) problems.push('dublinNeedsReason');
  if (days === DUBLIN_REFLECTION_DAYS && !THIRTY_POSSIBLE.includes(r.residenceStatus)) problems.push('thirtyNotDublin');
  if (r.offered === 'no') problems.push('notOffered');
  const nationality = reflectionNationalityRule(r.nationalities, r.residenceStatus);
  if (nationality === 'refuse') problems.push('dutchNational');
  if (nationality === 'warn' && !r.euConfirmed) problems.push('euNational');
  return {
    days,
    offered: 'yes',
    overrideReason: dublin && days === REFLECTION_DAYS && reason ? reason : null,
    euFallback: nationality === 'warn' && r.euConfirmed,
    problems,
  };
}
