import { AGE_BANDS, GENDERS, REGIONS, REPORTER_TYPES } from '../registrations/registrations.table.js';

import { NATIONALITY_GROUPS } from '../registrations/nationality-group.js';
import { SIGNAL_CODES } from '../signals/signals.table.js';

// EU/EEA/CH are one group everywhere (src/registrations/nationality-group.ts, issue 24).
export {
  EU_EEA_CH_OTHER as EU_OTHER,
  nationalityGroup,
} from '../registrations/nationality-group.js';

export { PRIMARY_FORMS, primaryForm } from '../registrations/primary-form.js';

/**
 * The six reporter groups CoMensha publishes (Beeld 2024, reference/domain.md §1.3): police, care coordination,
 * FairWork, KMar, the Labour Inspectorate, and every other reporter (lawyers, shelters, self-reports… and unknown).
 */
export const REPORTER_GROUPS = [
  'police',
  'care_coordination',
  'fairwork',
  'kmar',
  'labour_inspectorate',
  'other',
] as const;
export type ReporterGroup = (typeof REPORTER_GROUPS)[number];
const GROUP_OF: Record<string, ReporterGroup> = {
  police: 'police',
  care_coordinator: 'care_coordination',
  fairwork: 'fairwork',
  kmar: 'kmar',
  labour_inspectorate: 'labour_inspectorate',
};
export const reporterGroup = (reporterType: string): ReporterGroup => GROUP_OF[reporterType] ?? 'other';

/** The age groups CoMensha and the NRM publish (domain §2.2): minors, adolescents 18–22, 23 and over, unknown. */
export const AGE_GROUPS = ['minor', '18-22', '23+', 'unknown'] as const;
export type AgeGroup = (typeof AGE_GROUPS)[number];
/** The age group of a stored age band (itself from the age at registration: the lower age a birth year allows). */
export function ageGroup(band: string): AgeGroup {
  if (band === '0-11' || band === '12-17') return 'minor';
  if (band === '18-22') return '18-22';
  if (band === 'unknown' || !/^\d/.test(band)) return 'unknown';
  return '23+';
}

/**
 * The NRM's four analysis groups (Slachtoffermonitor; domain §1.4), with `other` for every other primary form so
 * the row adds up. Sexual exploitation is domestic for a person of Dutch nationality and cross-border otherwise
 * (the NRM's own rule is not published — domain §1.4 [UNSURE] — so Baken documents this one).
 */
export const NRM_GROUPS = ['domestic_sexual', 'cross_border_sexual', 'labour', 'criminal', 'other'] as const;
export type NrmGroup = (typeof NRM_GROUPS)[number];
export function nrmGroup(form: string, dutch: boolean): NrmGroup {
  if (form === 'sexual') return dutch ? 'domestic_sexual' : 'cross_border_sexual';
  if (form === 'labour' || form === 'criminal') return form;
  return 'other';
}

/** CoMensha's split of each reporter's registrations: minor or adult, Dutch or not; `unknown` when either is. */
export const MINOR_DUTCH = ['minor_nl', 'minor_other', 'adult_nl', 'adult_other', 'unknown'] as const;
export type MinorDutch = (typeof MINOR_DUTCH)[number];
export function minorDutch(minor: number | null, nationality: 'nl' | 'other' | 'unknown'): MinorDutch {
  if (minor === null || nationality === 'unknown') return 'unknown';
  return `${minor === 1 ? 'minor' : 'adult'}_${nationality}` as MinorDutch;
}

import { PRIMARY_FORMS } from '../registrations/primary-form.js';

/** The dimensions of docs/contract.md's export, each with its codes in a fixed order (the CSV's columns). */
export const DIMENSIONS = {
  exploitation: PRIMARY_FORMS,
  // issue 26: signals for policy, one column per obstacle's code (src/signals/signals.table.ts)
  signal: SIGNAL_CODES,
  reporter_group: REPORTER_GROUPS,
  gender: GENDERS,
  age_band: AGE_BANDS,
  nationality_group: NATIONALITY_GROUPS,
  reporter_type: REPORTER_TYPES,
  region: REGIONS,
} as const;
export type Dimension = keyof typeof DIMENSIONS;
export const PERIODS = ['year', 'quarter', 'month'] as const;
export type Period = (typeof PERIODS)[number];

export const isDimension = (s: string | undefined): s is Dimension => s !== undefined && Object.hasOwn(DIMENSIONS, s);
export const isPeriod = (s: string | undefined): s is Period => PERIODS.includes(s as Period);

/** The period label of a date (YYYY-MM-DD): `2026`, `2026-Q1` or `2026-01`. */
export function periodOf(date: string, period: Period): string {
  const year = date.slice(0, 4);
  if (period === 'year') return year;
  if (period === 'month') return date.slice(0, 7);
  return `${year}-Q${Math.floor((Number(date.slice(5, 7)) - 1) / 3) + 1}`;
}

const PER_YEAR: Record<Period, number> = { year: 1, quarter: 4, month: 12 };

/**
 * Every period label from `first` to `last`, both included (`2025-Q4`, `2026-Q1` …): the periods a trend runs
 * through, so a period without registrations is drawn as 0 and not skipped. Labels it cannot read give themselves.
 */
export function periodsBetween(first: string, last: string, period: Period): string[] {
  const n = PER_YEAR[period];
  const index = (label: string) => {
    const m = /^(\d{4})(?:-Q([1-4])|-(\d{2}))?$/.exec(label);
    if (!m) return Number.NaN;
    const part = period === 'quarter' ? m[2] : period === 'month' ? m[3] : '1';
    return part === undefined ? Number.NaN : Number(m[1]) * n + Number(part) - 1;
  };
  const label = (i: number) => {
    const year = String(Math.floor(i / n));
    if (period === 'year') return year;
    return period === 'quarter' ? `${year}-Q${(i % n) + 1}` : `${year}-${String((i % n) + 1).padStart(2, '0')}`;
  };
  const [a, b] = [index(first), index(last)];
  if (Number.isNaN(a) || Number.isNaN(b) || b < a) return first === last ? [first] : [first, last];
  return Array.from({ length: b - a + 1 }, (_, k) => label(a + k));
}

export const CTDC_AGE_BANDS = [
  '0--8',
  '9--17',
  '18--20',
  '21--23',
  '24--26',
  '27--29',
  '30--38',
  '39--47',
  '48+',
  'unknown',
] as const;
export type CtdcAgeBand = (typeof CTDC_AGE_BANDS)[number];

/**
 * CTDC's `ageBroad` band (reference/domain.md §1.5) from the birth year and the year of registration, taking the
 * lower possible age as the registrations do; the stored minor flag wins where the two disagree by the birthday
 * (an age typed as 18 is stored as a birth year and must not come back as 17).
 */
export function ctdcAgeBand(birthYear: number | null, year: number, minor: number | null): CtdcAgeBand {
  if (birthYear === null) return 'unknown';
  let age = Math.max(0, year - birthYear - 1);
  if (minor === 0 && age < 18) age = 18;
  if (minor === 1 && age >= 18) age = 17;
  const bands: [number, CtdcAgeBand][] = [
    [8, '0--8'],
    [17, '9--17'],
    [20, '18--20'],
    [23, '21--23'],
    [26, '24--26'],
    [29, '27--29'],
    [38, '30--38'],
    [47, '39--47'],
  ];
  return bands.find(([max]) => age <= max)?.[1] ?? '48+';
}

/** CTDC's `majorityStatus` from the stored minor flag. */
export const majorityStatus = (minor: number | null) => (minor === 1 ? 'Minor' : minor === 0 ? 'Adult' : 'unknown');

/**
 * Whether a range covers whole periods only (docs/contract.md: a publication export): `from` empty or the first day of a
 * year (or quarter), `to` empty or the last day of one. Months are never published.
 */
export function onPeriodBoundaries(from: string, to: string, period: Period): boolean {
  if (period === 'month') return false;
  const starts = period === 'year' ? ['01-01'] : ['01-01', '04-01', '07-01', '10-01'];
  const ends = period === 'year' ? ['12-31'] : ['03-31', '06-30', '09-30', '12-31'];
  return (from === '' || starts.includes(from.slice(5))) && (to === '' || ends.includes(to.slice(5)));
}

export type RangeProblem = 'date' | 'upsideDown' | 'tooLong';
/** Checks a date range filter (both ends optional, YYYY-MM-DD): real dates, not upside down, at most 30 years. */
export function checkRange(from: string, to: string): RangeProblem | null {
  const real = (s: string) =>
    s === '' || (/^\d{4}-\d{2}-\d{2}$/.test(s) && new Date(`${s}T00:00:00Z`).toISOString().slice(0, 10) === s);
  try {
    if (!real(from) || !real(to)) return 'date';
  } catch {
    return 'date';
  }
  if (from && to && from > to) return 'upsideDown';
  if (from && to && Number(to.slice(0, 4)) - Number(from.slice(0, 4)) > 30) return 'tooLong';
  return null;
}

/** CTDC's names for our forms of exploitation (its `is…` columns; `unknown` has none of its own). */
export const EXPLOITATION_CTDC = {
  sexual: 'isSexualExploit',
  labour: 'isForcedLabour',
  criminal: 'isForcedCriminalActivities',
  begging: 'isForcedBegging',
  organ: 'isOrganRemoval',
  marriage: 'isForcedMarriage',
  adoption: 'isIllegalAdoption',
  surrogacy: 'isOtherExploit',
  unknown: 'typeOfExploitUnknown',
} as const;
