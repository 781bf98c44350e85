import { stringify } from 'csv-stringify/sync';
import type { Deps } from '../deps.js';
import { writeAudit } from '../audit/audit.queries.js';
import {
  CTDC_AGE_BANDS,
  EXPLOITATION_CTDC,
  ctdcAgeBand,
  majorityStatus,
  type Dimension,
  REPORTER_GROUPS,
} from './dimensions.js';
import { CTDC_K, ctdcPublish, publishRange, wholeYears } from './publication-rules.js';
import { ctdcFacts, type Filter } from './statistics.queries.js';
import { MARKER, publish, type Table } from './suppression.js';
import {
  type Actor,
  type DeskDimension,
  type DeskExtra,
  type PageDimension,
  REPORTER_GROUP_PARTS,
  type StatTable,
  dimensionTable,
} from './statistics.service.js';
import { deskTable } from './desk-figures.service.js';

/** The CSV text of a table: header, one row per period, the last column its total; exact counts. */
function tableCsv(t: StatTable): string {
  const header = ['period', ...t.columns, 'total'];
  return stringify([header, ...t.rows.map((r) => [r.period, ...[...r.counts, r.total].map(String)])]);
}

/** The CSV text of a published table: every entry its marks hide written `x` (docs/contract.md). */
function publishedCsv(t: StatTable, marks: Map<string, boolean[]>): string {
  const header = ['period', ...t.columns, 'total'];
  const rows = t.rows.map((r) => {
    const m = marks.get(r.period);
    return [r.period, ...[...r.counts, r.total].map((n, j) => (m?.[j] ? MARKER : String(n)))];
  });
  return stringify([header, ...rows]);
}

/**
 * A table for publication (docs/contract.md): read per quarter over the whole years the range touches, then suppressed and
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

/** docs/contract.md's export: registrations per period by a dimension, suppressed for publication, and audited. */
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
