import {
  AGE_BANDS,
  EXPLOITATION_FORMS,
  GENDERS,
  REGIONS,
  REPORTER_TYPES,
} from '../registrations/registrations.table.js';

import { NATIONALITY_GROUPS } from '../registrations/nationality-group.js';

// EU/EEA/CH are one group everywhere (src/registrations/nationality-group.ts, issue 24).
export {
  EU_EEA_CH_OTHER as EU_OTHER,
  NATIONALITY_GROUPS,
  nationalityGroup,
} from '../registrations/nationality-group.js';

/** The dimensions of SPEC §10's export, each with its codes in a fixed order (the CSV's columns). */
export const DIMENSIONS = {
  exploitation: EXPLOITATION_FORMS,
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
