import { countryName } from '../registrations/countries.js';
import type { MessageKey, Translate } from '../i18n/i18n.js';
import { careRegions } from '../registrations/care-regions.service.js';
import {
  CARE_NEEDS,
  COMPLAINT,
  DOSSIER_TYPES,
  REFLECTION_OFFERED_BY,
  RESIDENCE_STATUSES,
  YES_NO_UNKNOWN,
} from '../registrations/registrations.table.js';
import type { Deps } from '../deps.js';
import { AppError } from '../shared/app-error.js';
import { DIMENSIONS, type Period, periodOf, type Dimension, REPORTER_GROUPS, reporterGroup } from './dimensions.js';
import { REPORTER_TYPES } from '../registrations/registrations.table.js';
import { mergeColumns, partsOf } from './publication-rules.js';
import { type CountDimension, REGISTRATION_CODE_DIMENSIONS, type Filter } from './statistics.queries.js';
import { summaryCounts, summaryTotals } from './registration-stats.queries.js';
import { signalCounts } from '../signals/signals.queries.js';
import { SIGNAL_CODES } from '../signals/signals.table.js';

export type { Filter } from './statistics.queries.js';

export interface Actor {
  id: number;
  ip: string | null;
}

/** A period × value table with a total per period, ready for a chart, a table or a CSV. */
export interface StatTable {
  columns: string[];
  rows: { period: string; counts: number[]; total: number }[];
}

/** Adds up counts per day (YYYY-MM-DD…) into counts per period and value. */
function rollUp(rows: { period: string; value: string; n: number }[], period: Period) {
  const sums = new Map<string, { period: string; value: string; n: number }>();
  for (const r of rows) {
    const p = periodOf(r.period, period);
    const key = `${p}\u0000${r.value}`;
    const hit = sums.get(key);
    if (hit) hit.n += Number(r.n);
    else sums.set(key, { period: p, value: r.value, n: Number(r.n) });
  }
  return [...sums.values()];
}

/** Builds the table from grouped counts: the known codes first in their order, any other code seen after them. */
export function tableOf(
  known: readonly string[],
  dayCounts: { period: string; value: string; n: number }[],
  dayTotals: Map<string, number>,
  period: Period,
): StatTable {
  const counts = rollUp(dayCounts, period);
  const totals = new Map<string, number>();
  for (const [day, n] of dayTotals) {
    const p = periodOf(day, period);
    totals.set(p, (totals.get(p) ?? 0) + n);
  }
  const extra = [...new Set(counts.map((r) => r.value).filter((v) => !known.includes(v)))].sort();
  const columns = [...known, ...extra];
  const at = new Map(columns.map((c, i) => [c, i]));
  const periods = [...new Set([...totals.keys(), ...counts.map((r) => r.period)])].sort();
  const rows = periods.map((period) => ({ period, counts: columns.map(() => 0), total: totals.get(period) ?? 0 }));
  const rowAt = new Map(periods.map((p, i) => [p, i]));
  for (const r of counts) {
    const row = rows[rowAt.get(r.period) as number];
    if (row) row.counts[at.get(r.value) as number] = Number(r.n);
  }
  return { columns, rows };
}

/** The codes of the registration's coded fields (issue 24), in the order of their columns. */
const REGISTRATION_CODES: Partial<Record<CountDimension, readonly string[]>> = {
  dossier_type: DOSSIER_TYPES,
  minor_at_exploitation: YES_NO_UNKNOWN,
  sub3_case: ['1', '0'],
  care_need: [...CARE_NEEDS, 'none'],
  reflection_offered: YES_NO_UNKNOWN,
  reflection_offered_by: REFLECTION_OFFERED_BY,
  complaint: COMPLAINT,
  other_cooperation: YES_NO_UNKNOWN,
  residence_status: RESIDENCE_STATUSES,
};

/** The reporter types in each of CoMensha's six reporter groups (the columns merged for `reporter_group`). */
export const REPORTER_GROUP_PARTS = partsOf(REPORTER_TYPES, REPORTER_GROUPS, reporterGroup);

/** Registrations per period by one dimension, each period with its number of registrations as the total. */
export async function registrationTable(
  deps: Deps,
  dimension: CountDimension | 'reporter_group',
  f: Filter,
  known: readonly string[] = dimension in DIMENSIONS
    ? DIMENSIONS[dimension as Dimension]
    : (REGISTRATION_CODES[dimension as CountDimension] ?? []),
): Promise<StatTable> {
  // Reporter groups are the reporter types added up, so that the two tables always agree (also when published).
  if (dimension === 'reporter_group')
    return mergeColumns(await registrationTable(deps, 'reporter_type', f), REPORTER_GROUPS, REPORTER_GROUP_PARTS);
  // From the registration summary (registration_stats), counted as registrationCounts counts the registrations.
  const [counts, totals] = await Promise.all([summaryCounts(deps.db, dimension, f), summaryTotals(deps.db, f)]);
  return tableOf(known, counts, new Map(totals.map((t) => [t.period, Number(t.n)])), f.period);
}

/**
 * Signals for policy per period by code (issue 26): each signal marked on a contact or a registration counts once,
 * in the period of the desk's local date it was marked; a period's total is its number of signals, so a row's cells
 * add up to it and a publication suppresses it like any other table (publishedTable).
 */
async function signalTable(deps: Deps, f: Filter): Promise<StatTable> {
  const rows = (await signalCounts(deps.db, f.from, f.to)).map((r) => ({ ...r, n: Number(r.n) }));
  return tableOf(SIGNAL_CODES, rows, sumPerPeriod(rows), f.period);
}

/** The table of any dimension of the page or the export: signals from their own table, the rest of registrations. */
export const dimensionTable = (deps: Deps, by: PageDimension | Dimension, f: Filter) =>
  by === 'signal' ? signalTable(deps, f) : registrationTable(deps, by, f);

/** How many nationalities the page shows by name; the others are added up as `other` (the CSV has them all). */
export const TOP_NATIONALITIES = 10;

/**
 * The table with only its `n` largest columns over the whole range (ties by code) and an `other` column that adds
 * up the rest; the totals stay as they were. A table with `n` columns or fewer comes back unchanged.
 */
export function topColumns(t: StatTable, n: number, other = 'other'): StatTable {
  if (t.columns.length <= n) return t;
  const sums = t.columns.map((code, j) => ({ code, j, sum: t.rows.reduce((a, r) => a + (r.counts[j] ?? 0), 0) }));
  const top = [...sums].sort((a, b) => b.sum - a.sum || a.code.localeCompare(b.code)).slice(0, n);
  const kept = new Set(top.map((c) => c.j));
  return {
    columns: [...top.map((c) => c.code), other],
    rows: t.rows.map((r) => ({
      period: r.period,
      total: r.total,
      counts: [...top.map((c) => r.counts[c.j] ?? 0), r.counts.reduce((a, v, j) => (kept.has(j) ? a : a + v), 0)],
    })),
  };
}

/** Registrations per period, each registration once (the totals of every table). */
export async function registrationsPerPeriod(deps: Deps, f: Filter): Promise<StatTable> {
  const totals = await summaryTotals(deps.db, f);
  return tableOf([], [], new Map(totals.map((t) => [t.period, Number(t.n)])), f.period);
}

export function sumPerPeriod(counts: { period: string; n: number }[]) {
  const totals = new Map<string, number>();
  for (const r of counts) totals.set(r.period, (totals.get(r.period) ?? 0) + Number(r.n));
  return totals;
}

/** The 400 of an unknown dimension or period (docs/contract.md). */
export const badRequest = (what: string) => new AppError('bad_request', what);

/** The registration dimensions the page offers: docs/contract.md's six and the other figures of docs/product.md §7. */
export const PAGE_DIMENSIONS = [
  'exploitation',
  'reporter_group',
  'sector',
  'nationality_group',
  'nationality',
  'age_band',
  'minor',
  'gender',
  'reporter_type',
  'region',
  'care_region',
  'shelter_requested',
  'placement',
  ...REGISTRATION_CODE_DIMENSIONS,
  // issue 26: obstacles marked on contacts and registrations (counted per signal, not per registration)
  'signal',
] as const;
export type PageDimension = (typeof PAGE_DIMENSIONS)[number];
export const DESK_DIMENSIONS = ['channel', 'queue', 'in_office_hours', 'topic'] as const;
/** The desk's tables that are not one column of contacts (their own CSV under /statistics/desk.csv too). */
export const DESK_EXTRA = ['sla', 'first_review', 'hours'] as const;
export type DeskDimension = (typeof DESK_DIMENSIONS)[number];
export type DeskExtra = (typeof DESK_EXTRA)[number];

const PREFIX: Record<string, string> = {
  exploitation: 'exploitation',
  sector: 'sector',
  gender: 'gender',
  reporter_type: 'reporter',
  reporter_group: 'stats.group',
  age_group: 'stats.age',
  nrm: 'stats.nrm',
  minor_dutch: 'stats.md',
  region: 'region',
  placement: 'placement',
  channel: 'channel',
  queue: 'queue',
  topic: 'topic',
  nationality_group: 'stats.natgroup',
  minor: 'stats.minor',
  shelter_requested: 'stats.yesno',
  in_office_hours: 'stats.hours',
  sla: 'stats.sla',
  first_review: 'stats.review',
  dossier_type: 'dossier',
  minor_at_exploitation: 'reg.ynu',
  sub3_case: 'stats.yesno',
  care_need: 'careNeed',
  reflection_offered: 'reg.ynu',
  reflection_offered_by: 'reg.offeredBy',
  complaint: 'complaint',
  other_cooperation: 'reg.ynu',
  residence_status: 'residence',
  signal: 'signal.code',
};

/** Translated labels of the codes of every dimension (countries by name, care regions by their name). */
export async function valueLabels(deps: Deps, t: Translate, locale: 'nl' | 'en') {
  const regions = new Map((await careRegions(deps)).map((r) => [String(r.id), r.name]));
  return (dimension: string, code: string): string => {
    if (dimension === 'care_region') return regions.get(code) ?? t('gender.unknown');
    if (dimension === 'nationality')
      return code === 'other'
        ? t('stats.nationality.other')
        : code === 'XX'
          ? t('stats.natgroup.unknown')
          : code === 'XS'
            ? t('stats.natgroup.stateless')
            : countryName(code, locale);
    if (dimension === 'age_band') return code === 'unknown' ? t('gender.unknown') : code;
    const prefix = PREFIX[dimension];
    if (!prefix) return code;
    const key = `${prefix}.${code}`;
    const label = t(key as MessageKey);
    return label === key ? code : label;
  };
}
