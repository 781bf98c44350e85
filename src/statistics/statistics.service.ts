import { stringify } from 'csv-stringify/sync';
import { countryName } from '../registrations/countries.js';
import type { MessageKey, Translate } from '../i18n/i18n.js';
import { CHANNELS, QUEUES } from '../contacts/contacts.table.js';
import { careRegions } from '../registrations/registrations.service.js';
import {
  CARE_NEEDS,
  COMPLAINT,
  DOSSIER_TYPES,
  REFLECTION_OFFERED_BY,
  RESIDENCE_STATUSES,
  YES_NO_UNKNOWN,
} from '../registrations/registrations.table.js';
import type { Deps } from '../deps.js';
import { writeAudit } from '../audit/audit.queries.js';
import { AppError } from '../shared/app-error.js';
import {
  CTDC_AGE_BANDS,
  DIMENSIONS,
  EXPLOITATION_CTDC,
  ctdcAgeBand,
  majorityStatus,
  type Period,
  periodOf,
  type Dimension,
  REPORTER_GROUPS,
  reporterGroup,
} from './dimensions.js';
import { REPORTER_TYPES } from '../registrations/registrations.table.js';
import { CTDC_K, ctdcPublish, mergeColumns, partsOf, publishRange, wholeYears } from './publication-rules.js';
import { IANAZone } from 'luxon';
import { officeStatus } from '../office-hours/calendar.js';
import { addCounts, arrivalOf, claimFirstReviewBackfill, firstReviewsCounted } from './contact-stats.queries.js';
import type { Trx } from '../db/database.js';
import {
  firstReviewSummary,
  deskCounts,
  hourCounts,
  openSlaCounts,
  reviewedItems,
  unreviewedCounts,
  type CountDimension,
  REGISTRATION_CODE_DIMENSIONS,
  ctdcFacts,
  type Filter,
  registrationCounts,
  registrationTotals,
} from './statistics.queries.js';
import { MARKER, publish, type Table } from './suppression.js';
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
function tableOf(
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
  const [counts, totals] = await Promise.all([
    registrationCounts(deps.db, dimension, f),
    registrationTotals(deps.db, f),
  ]);
  return tableOf(known, counts, new Map(totals.map((t) => [t.period, Number(t.n)])), f.period);
}

/**
 * Signals for policy per period by code (issue 26): each signal marked on a contact or a registration counts once,
 * in the period of the desk's local date it was marked; a period's total is its number of signals, so a row's cells
 * add up to it and a publication suppresses it like any other table (publishedTable).
 */
export async function signalTable(deps: Deps, f: Filter): Promise<StatTable> {
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
  const totals = await registrationTotals(deps.db, f);
  return tableOf([], [], new Map(totals.map((t) => [t.period, Number(t.n)])), f.period);
}

/**
 * The desk's column tables (contacts per channel, queue, office hours, topic) and its busiest hours, from the
 * summary kept with every contact change (contact_stats), never from the contacts themselves.
 */
export async function deskTables(deps: Deps, f: Filter): Promise<Record<DeskDimension | 'hours' | 'sla', StatTable>> {
  const [counts, hours] = await Promise.all([deskCounts(deps.db, f), hourCounts(deps.db, f)]);
  const table = (by: DeskDimension, known: readonly string[]) => {
    const rows = counts
      .filter((r) => r.dimension === by)
      .map((r) => ({ period: `${r.period}-01`, value: r.value, n: Number(r.n) }));
    return tableOf(known, rows, sumPerPeriod(rows), f.period);
  };
  return {
    channel: table('channel', CHANNELS),
    queue: table('queue', QUEUES),
    in_office_hours: table('in_office_hours', ['1', '0']),
    topic: table('topic', []),
    hours: busiestHours(deps, hours),
    sla: await slaTable(deps, f, counts),
  };
}

/** Contacts with a due time per period: picked up by an agent in time (`met`), late, or still waiting. */
export async function slaTable(deps: Deps, f: Filter, summary?: Awaited<ReturnType<typeof deskCounts>>) {
  const [counts, open] = await Promise.all([
    summary ?? deskCounts(deps.db, f),
    openSlaCounts(deps.db, f, deps.clock().toISOString()),
  ]);
  const rows = [
    ...counts
      .filter((r) => r.dimension === 'sla')
      .map((r) => ({ period: `${r.period}-01`, value: r.value, n: Number(r.n) })),
    ...open.map((r) => ({ ...r, n: Number(r.n) })),
  ];
  return tableOf(['met', 'missed', 'waiting'], rows, sumPerPeriod(rows), f.period);
}

/** The bucket of a time to first review in ms: within 1, 4 or 24 hours of the opening, or later. */
const reviewBucket = (ms: number) => {
  const hours = ms / 3_600_000;
  return hours <= 1 ? 'h1' : hours <= 4 ? 'h4' : hours <= 24 ? 'h24' : 'later';
};

/**
 * Counts an item's first review in the summary (in the review's transaction), measured as the review list measures
 * it (src/review/review-rules.ts, timeToFirstReview): from the desk's next opening after arrival.
 */
export async function countFirstReview(deps: Deps, trx: Trx, contactId: number, reviewedAt: string) {
  if (!(await firstReviewsCounted(trx))) return; // the backfill will count it
  const arrived = await arrivalOf(trx, contactId);
  if (!arrived) return;
  const s = officeStatus(deps.officeHours.calendar, new Date(arrived));
  const start = s.open ? Date.parse(arrived) : s.opensAt?.getTime();
  if (start === undefined) return;
  const value = reviewBucket(Math.max(0, Date.parse(reviewedAt) - start));
  await addCounts(trx, [{ dimension: 'first_review', day: arrived.slice(0, 10), value, n: 1 }]);
}

/** Counts every first review made before the summary counted them (once, the first time the figures are read). */
async function backfillFirstReviews(deps: Deps) {
  if (await firstReviewsCounted(deps.db)) return;
  await deps.db.transaction().execute(async (trx) => {
    if (!(await claimFirstReviewBackfill(trx))) return;
    const reviewed = await reviewedItems(trx, { period: 'year', from: '', to: '' });
    const cal = deps.officeHours.calendar;
    // Oldest first: arrivals within one closed spell share the next opening, and arrivals within one open spell
    // start the clock at once, so the calendar is asked about once per spell.
    let closedFrom = Number.POSITIVE_INFINITY;
    let opensAt = Number.NEGATIVE_INFINITY;
    let openFrom = Number.POSITIVE_INFINITY;
    let openUntil = Number.NEGATIVE_INFINITY;
    const sums = new Map<string, number>();
    for (const r of reviewed) {
      const arrived = Date.parse(r.started_at);
      let start: number;
      if (arrived >= closedFrom && arrived < opensAt) start = opensAt;
      else if (arrived >= openFrom && arrived < openUntil) start = arrived;
      else {
        const s = officeStatus(cal, new Date(arrived));
        if (s.open) {
          start = arrived;
          openFrom = arrived;
          openUntil = s.until.getTime();
        } else if (!s.opensAt) continue;
        else {
          closedFrom = arrived;
          opensAt = s.opensAt.getTime();
          start = opensAt;
        }
      }
      const k = `${r.started_at.slice(0, 10)}|${reviewBucket(Math.max(0, Date.parse(r.first_reviewed_at) - start))}`;
      sums.set(k, (sums.get(k) ?? 0) + 1);
    }
    await addCounts(
      trx,
      [...sums].map(([k, n]) => {
        const [day, value] = k.split('|') as [string, string];
        return { dimension: 'first_review', day, value, n };
      }),
    );
  });
}

/**
 * After-hours review items per period of arrival by the time to their first review, measured as the review list
 * measures it: from the desk's next opening after arrival, not from arrival — an item of Friday 22:00 reviewed
 * Monday 09:30 took 30 minutes. Items not reviewed yet that still wait in the list are `waiting`.
 */
export async function firstReviewTable(deps: Deps, f: Filter) {
  await backfillFirstReviews(deps);
  const [reviewed, waiting] = await Promise.all([firstReviewSummary(deps.db, f), unreviewedCounts(deps.db, f)]);
  const rows = [
    ...reviewed.map((r) => ({ period: `${r.period}-01`, value: r.value, n: Number(r.n) })),
    ...waiting.map((r) => ({ ...r, n: Number(r.n) })),
  ];
  return tableOf(['h1', 'h4', 'h24', 'later', 'waiting'], rows, sumPerPeriod(rows), f.period);
}

/**
 * The busiest hours of the week: contacts per weekday (rows 1–7) and hour (columns 0–23) in the desk's zone, from
 * the counts per UTC day and hour. The zone's offset is asked once per UTC week (Monday to Monday); only a week in
 * which it changes is converted hour by hour.
 */
function busiestHours(deps: Deps, hours: { day: string; hour: string; n: number }[]): StatTable {
  const tz = IANAZone.create(deps.config.office.timeZone);
  const grid = Array.from({ length: 7 }, () => Array.from({ length: 24 }, () => 0));
  const WEEK = 7 * 86_400_000;
  // 1970-01-05 was a Monday: weeks counted from there.
  const MONDAY = 4 * 86_400_000;
  const weeks = new Map<number, number | null>();
  for (const r of hours) {
    const utc = Date.parse(`${r.day}T${r.hour}:00:00Z`);
    if (Number.isNaN(utc)) continue;
    const week = Math.floor((utc - MONDAY) / WEEK);
    let offset = weeks.get(week);
    if (offset === undefined) {
      const start = MONDAY + week * WEEK;
      const a = tz.offset(start);
      offset = a === tz.offset(start + WEEK) ? a : null;
      weeks.set(week, offset);
    }
    const local = new Date(utc + (offset ?? tz.offset(utc)) * 60_000);
    const day = local.getUTCDay();
    const row = grid[(day === 0 ? 7 : day) - 1] as number[];
    const h = local.getUTCHours();
    row[h] = (row[h] ?? 0) + Number(r.n);
  }
  return {
    columns: Array.from({ length: 24 }, (_, h) => String(h).padStart(2, '0')),
    rows: grid.map((counts, i) => ({ period: String(i + 1), counts, total: counts.reduce((a, b) => a + b, 0) })),
  };
}

function sumPerPeriod(counts: { period: string; n: number }[]) {
  const totals = new Map<string, number>();
  for (const r of counts) totals.set(r.period, (totals.get(r.period) ?? 0) + Number(r.n));
  return totals;
}

/** The CSV text of a table: header, one row per period, the last column its total; exact counts. */
export function tableCsv(t: StatTable): string {
  const header = ['period', ...t.columns, 'total'];
  return stringify([header, ...t.rows.map((r) => [r.period, ...[...r.counts, r.total].map(String)])]);
}

/** The CSV text of a published table: every entry its marks hide written `x` (SPEC §10). */
export function publishedCsv(t: StatTable, marks: Map<string, boolean[]>): string {
  const header = ['period', ...t.columns, 'total'];
  const rows = t.rows.map((r) => {
    const m = marks.get(r.period);
    return [r.period, ...[...r.counts, r.total].map((n, j) => (m?.[j] ? MARKER : String(n)))];
  });
  return stringify([header, ...rows]);
}

/**
 * A table for publication (SPEC §10): read per quarter over the whole years the range touches, then suppressed and
 * cut back to the periods asked for (publication-rules.ts publishRange). The range must fall on period boundaries.
 */
export async function publishedTable(
  load: (f: Filter) => Promise<StatTable>,
  f: Filter,
  minCell: number,
  merge?: { columns: readonly string[]; parts: number[][] },
): Promise<{ table: StatTable; marks: Map<string, boolean[]> }> {
  return publishRange(await load(wholeYears(f)), f, minCell, merge);
}

export interface ExportRequest {
  kind: 'registrations' | 'ctdc' | 'desk';
  by: string;
  filter: Filter;
  publication: boolean;
}

/** Writes the audit entry of an export: who (the actor), what (kind and dimension) and which filters. */
async function auditExport(deps: Deps, req: ExportRequest, actor: Actor, rows: number) {
  await writeAudit(deps.db, {
    at: deps.clock().toISOString(),
    actorId: actor.id,
    action: 'statistics.export',
    subjectType: 'statistics',
    subjectId: req.kind,
    ip: actor.ip,
    details: {
      by: req.by,
      period: req.filter.period,
      from: req.filter.from || null,
      to: req.filter.to || null,
      publication: req.publication,
      rows,
    },
  });
}

/** SPEC §10's export: registrations per period by a dimension, suppressed for publication, and audited. */
export async function registrationsCsv(
  deps: Deps,
  by: Dimension | PageDimension,
  filter: Filter,
  publication: boolean,
  actor: Actor,
) {
  let csv: string;
  let rows: number;
  if (publication) {
    const base = by === 'reporter_group' ? 'reporter_type' : by;
    const merge = by === 'reporter_group' ? { columns: REPORTER_GROUPS, parts: REPORTER_GROUP_PARTS } : undefined;
    const p = await publishedTable((f) => dimensionTable(deps, base, f), filter, deps.config.statsMinCell, merge);
    csv = publishedCsv(p.table, p.marks);
    rows = p.table.rows.length;
  } else {
    const t = await dimensionTable(deps, by, filter);
    csv = tableCsv(t);
    rows = t.rows.length;
  }
  await auditExport(deps, { kind: 'registrations', by, filter, publication }, actor, rows);
  return csv;
}

/** One of the desk's own tables as CSV (no personal data; counts only), audited like every export. */
export async function deskCsv(
  deps: Deps,
  by: DeskDimension | DeskExtra,
  filter: Filter,
  publication: boolean,
  actor: Actor,
) {
  let csv: string;
  let rows: number;
  if (publication && by !== 'hours') {
    const p = await publishedTable((f) => deskTable(deps, by, f), filter, deps.config.statsMinCell);
    csv = publishedCsv(p.table, p.marks);
    rows = p.table.rows.length;
  } else {
    const t = await deskTable(deps, by, filter);
    // The busiest hours are weekdays, not periods: published, each cell is suppressed within its weekday.
    csv = publication ? publishedCsv(t, plainMarks(t, deps.config.statsMinCell)) : tableCsv(t);
    rows = t.rows.length;
  }
  await auditExport(deps, { kind: 'desk', by, filter, publication }, actor, rows);
  return csv;
}

/** The marks of a table with no periods to group (rows and their totals only). */
function plainMarks(t: StatTable, min: number) {
  const m = publish({ counts: t.rows.map((r) => r.counts), totals: t.rows.map((r) => r.total) }, min);
  return new Map(t.rows.map((r, i) => [r.period, (m[i] ?? []).map((c) => c === MARKER)]));
}

/**
 * The HTCDS/CTDC-shaped export: one row per year of registration, CTDC age band, majority status and
 * citizenship, one column per form of exploitation (CTDC's `is…` names) and the number of registrations. Published
 * (the default), a row of fewer than 11 people is left out and a form counted for 1 to 10 of a row is `x` (k = 11,
 * as CTDC; ctdcPublish).
 */
export async function ctdcCsv(deps: Deps, filter: Filter, publication: boolean, actor: Actor) {
  const [withForm, perRow] = await Promise.all([ctdcFacts(deps.db, filter, true), ctdcFacts(deps.db, filter, false)]);
  const forms = Object.keys(EXPLOITATION_CTDC);
  const key = (r: { year: string; birth_year: number | null; minor: number | null; nationality: string }) => {
    const band = ctdcAgeBand(r.birth_year, Number(r.year), r.minor);
    return [r.year, band, majorityStatus(r.minor), r.nationality].join('\u0000');
  };
  const rows = new Map<string, { counts: number[]; total: number }>();
  const rowOf = (k: string) => {
    let row = rows.get(k);
    if (!row) {
      row = { counts: forms.map(() => 0), total: 0 };
      rows.set(k, row);
    }
    return row;
  };
  for (const r of perRow) rowOf(key(r)).total += Number(r.n);
  for (const r of withForm) {
    const j = forms.indexOf(r.form);
    if (j >= 0) rowOf(key(r)).counts[j] = (rowOf(key(r)).counts[j] ?? 0) + Number(r.n);
  }
  const bandOrder = (b: string) => (CTDC_AGE_BANDS as readonly string[]).indexOf(b);
  const keys = [...rows.keys()].sort((a, b) => {
    const [ya, ba, ma, na] = a.split('\u0000') as [string, string, string, string];
    const [yb, bb, mb, nb] = b.split('\u0000') as [string, string, string, string];
    return ya.localeCompare(yb) || bandOrder(ba) - bandOrder(bb) || ma.localeCompare(mb) || na.localeCompare(nb);
  });
  const table: Table = {
    counts: keys.map((k) => rows.get(k)?.counts ?? []),
    totals: keys.map((k) => rows.get(k)?.total ?? 0),
  };
  const published = publication ? ctdcPublish(table, CTDC_K) : null;
  const kept = published ? published.keep.map((i) => keys[i] as string) : keys;
  const cells = published ? published.cells : table.counts.map((r, i) => [...r, table.totals[i] ?? 0].map(String));
  const header = [
    'yearOfRegistration',
    'ageBroad',
    'majorityStatus',
    'citizenship',
    ...forms.map((f) => EXPLOITATION_CTDC[f as keyof typeof EXPLOITATION_CTDC]),
    'registrations',
  ];
  const csv = stringify([header, ...kept.map((k, i) => [...k.split('\u0000'), ...(cells[i] ?? [])])]);
  await auditExport(deps, { kind: 'ctdc', by: 'ctdc', filter, publication }, actor, kept.length);
  return csv;
}

/** The 400 of an unknown dimension or period (SPEC §10). */
export const badRequest = (what: string) => new AppError(400, 'bad_request', what);

/** The registration dimensions the page offers: SPEC §10's six and the other figures of SPEC §7. */
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

/** One of the desk's tables by its name. */
export async function deskTable(deps: Deps, by: DeskDimension | DeskExtra, f: Filter): Promise<StatTable> {
  if (by === 'sla') return slaTable(deps, f);
  if (by === 'first_review') return firstReviewTable(deps, f);
  if (by === 'hours') return busiestHours(deps, await hourCounts(deps.db, f));
  const counts = await deskCounts(deps.db, f);
  const rows = counts
    .filter((r) => r.dimension === by)
    .map((r) => ({ period: `${r.period}-01`, value: r.value, n: Number(r.n) }));
  const known = { channel: CHANNELS, queue: QUEUES, in_office_hours: ['1', '0'], topic: [] }[by];
  return tableOf(known, rows, sumPerPeriod(rows), f.period);
}

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
