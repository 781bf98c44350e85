import { stringify } from 'csv-stringify/sync';
import type { Deps } from '../deps.js';
import { AGE_BANDS, REPORTER_TYPES } from '../registrations/registrations.table.js';
import {
  AGE_GROUPS,
  ageGroup,
  MINOR_DUTCH,
  minorDutch,
  NRM_GROUPS,
  nrmGroup,
  PRIMARY_FORMS,
  REPORTER_GROUPS,
  reporterGroup,
} from './dimensions.js';
import { partsOf, share, shares, totalMarks } from './publication-rules.js';
import { referenceFor, type ReferenceFigure, type ReferenceTable } from './reference-figures.js';
import { yearFacts } from './statistics.queries.js';
import { type Actor, registrationsPerPeriod, registrationTable } from './statistics.service.js';
import { publishedTable } from './statistics-export.service.js';
import { MARKER, mergedMarks, suppress } from './suppression.js';
import { writeAudit } from '../audit/audit.queries.js';

/** One line of a one-way table: its code, count and share of the year's registrations; `hidden` when suppressed. */
interface FigureLine {
  code: string;
  count: number;
  share: string;
  hidden: boolean;
}

/** One of CoMensha's one-way tables for the year, with the published reference figures that stand beside it. */
export interface OneWay {
  lines: FigureLine[];
  total: number;
  totalHidden: boolean;
  reference: readonly ReferenceFigure[];
}

/** CoMensha's year in figures (issue 24): the year's tables, exact or as published. */
export interface YearFigures {
  year: number;
  publication: boolean;
  /** registrations per year (every year with registrations), with the published series beside them */
  totals: { year: string; count: number; hidden: boolean }[];
  totalsReference: readonly ReferenceFigure[];
  reporters: OneWay;
  forms: OneWay;
  nationalities: OneWay;
  age: OneWay;
  nrm: OneWay;
  /** reporter groups × minor/adult × Dutch/not Dutch; the last row is every reporter together */
  cross: { columns: readonly string[]; rows: { code: string; counts: number[]; total: number; hidden: boolean[] }[] };
}

/** How many nationalities the year's table names; the rest are `other`. */
const TOP = 10;

/** Lines with their shares: exact shares that add up to 100.0 where nothing is hidden, each on its own otherwise. */
function oneWay(
  codes: readonly string[],
  counts: number[],
  total: number,
  hidden: boolean[],
  reference: ReferenceTable,
): OneWay {
  const anyHidden = hidden.slice(0, codes.length).some(Boolean);
  const exact = shares(counts, total);
  const lines = codes.map((code, j) => {
    const n = counts[j] ?? 0;
    const h = hidden[j] ?? false;
    return { code, count: n, hidden: h, share: h ? MARKER : anyHidden ? share(n, total) : (exact[j] ?? '') };
  });
  return { lines, total, totalHidden: hidden[codes.length] ?? false, reference: referenceFor(reference) };
}

/**
 * The year's figures. Exact for the page and the internal CSV; for publication every table takes its marks from
 * the published export it is made of (reporter groups from reporter types, forms from the forms export, age groups
 * from age bands, the top nationalities from nationalities), so the year in figures never tells more than those.
 */
async function yearFigures(deps: Deps, year: number, publication: boolean): Promise<YearFigures> {
  const min = deps.config.statsMinCell;
  const from = `${year}-01-01`;
  const to = `${year}-12-31`;
  const yearFilter = { period: 'year' as const, from, to };
  const load = (dim: 'reporter_type' | 'exploitation' | 'nationality' | 'age_band') =>
    publishedTable((f) => registrationTable(deps, dim, f), yearFilter, min);
  const [allTotals, reporterT, formT, natT, ageT, facts] = await Promise.all([
    registrationsPerPeriod(deps, { period: 'quarter', from: '', to: '' }),
    load('reporter_type'),
    load('exploitation'),
    load('nationality'),
    load('age_band'),
    yearFacts(deps.db, from, to),
  ]);
  const totalMark = totalMarks(allTotals, min);
  const perYear = new Map<string, number>();
  for (const r of allTotals.rows) perYear.set(r.period.slice(0, 4), (perYear.get(r.period.slice(0, 4)) ?? 0) + r.total);
  const totals = [...perYear]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([y, count]) => ({ year: y, count, hidden: publication && (totalMark.get(y) ?? false) }));

  const label = String(year);
  const rowOf = (p: Awaited<ReturnType<typeof load>>) => {
    const row = p.table.rows.find((r) => r.period === label);
    const width = p.table.columns.length;
    return {
      columns: p.table.columns,
      counts: row?.counts ?? new Array<number>(width).fill(0),
      total: row?.total ?? 0,
      marks: p.marks.get(label) ?? new Array<boolean>(width + 1).fill(false),
    };
  };
  /** A merged one-way table of a base row: counts added up, marks from the base (suppression.ts mergedMarks). */
  const merged = (base: ReturnType<typeof rowOf>, codes: readonly string[], parts: number[][], ref: ReferenceTable) => {
    const counts = parts.map((cols) => cols.reduce((a, j) => a + (base.counts[j] ?? 0), 0));
    const marks = publication ? (mergedMarks([base.marks], parts)[0] as boolean[]) : [];
    return oneWay(codes, counts, base.total, marks, ref);
  };

  const reporterRow = rowOf(reporterT);
  const reporterParts = partsOf(REPORTER_TYPES, REPORTER_GROUPS, reporterGroup);
  const reporters = merged(reporterRow, REPORTER_GROUPS, reporterParts, 'reporters');
  const formRow = rowOf(formT);
  const forms = merged(
    formRow,
    PRIMARY_FORMS,
    PRIMARY_FORMS.map((_, j) => [j]),
    'forms',
  );
  const ageRow = rowOf(ageT);
  const age = merged(ageRow, AGE_GROUPS, partsOf(AGE_BANDS, AGE_GROUPS, ageGroup), 'age');

  // The ten most frequent nationalities of the year (ties by code), the rest as `other`.
  const natRow = rowOf(natT);
  const top = natRow.columns
    .map((code, j) => ({ code, j, n: natRow.counts[j] ?? 0 }))
    .filter((c) => c.n > 0)
    .sort((a, b) => b.n - a.n || a.code.localeCompare(b.code))
    .slice(0, TOP);
  const topSet = new Set(top.map((c) => c.j));
  const rest = natRow.columns.flatMap((_, j) => (topSet.has(j) ? [] : [j]));
  const nationalities = merged(
    natRow,
    [...top.map((c) => c.code), 'other'],
    [...top.map((c) => [c.j]), rest],
    'nationalities',
  );

  // The NRM's groups and the cross-table, from the year's facts.
  const nrmCounts = NRM_GROUPS.map(() => 0);
  const cross = REPORTER_GROUPS.map(() => MINOR_DUTCH.map(() => 0));
  for (const f of facts) {
    const n = Number(f.n);
    const dutch = f.dutch === 'nl';
    const g = NRM_GROUPS.indexOf(nrmGroup(f.form, dutch));
    nrmCounts[g] = (nrmCounts[g] ?? 0) + n;
    const row = cross[REPORTER_GROUPS.indexOf(reporterGroup(f.reporter_type))] as number[];
    const col = MINOR_DUTCH.indexOf(minorDutch(f.minor, f.dutch as 'nl' | 'other' | 'unknown'));
    row[col] = (row[col] ?? 0) + n;
  }
  const nrm = oneWay(NRM_GROUPS, nrmCounts, formRow.total, publication ? nrmMarks(forms, nrmCounts, min) : [], 'other');

  const crossTotals = reporters.lines.map((l) => l.count);
  const allRow = MINOR_DUTCH.map((_, j) => cross.reduce((a, r) => a + (r[j] ?? 0), 0));
  const crossRows = [...cross, allRow];
  let crossMarks: boolean[][] = crossRows.map((r) => r.map(() => false).concat(false));
  if (publication)
    crossMarks = suppress(
      {
        counts: crossRows,
        totals: [...crossTotals, reporterRow.total],
        groups: [{ parent: REPORTER_GROUPS.length, children: REPORTER_GROUPS.map((_, i) => i) }],
        hidden: [
          ...reporters.lines.map((l) => [...MINOR_DUTCH.map(() => false), l.hidden]),
          [...MINOR_DUTCH.map(() => false), reporters.totalHidden],
        ],
        fixedTotals: true,
      },
      min,
    );
  return {
    year,
    publication,
    totals,
    totalsReference: referenceFor('totals'),
    reporters,
    forms,
    nationalities,
    age,
    nrm,
    cross: {
      columns: MINOR_DUTCH,
      rows: crossRows.map((counts, i) => ({
        code: REPORTER_GROUPS[i] ?? 'total',
        counts,
        total: i < REPORTER_GROUPS.length ? (crossTotals[i] ?? 0) : reporterRow.total,
        hidden: crossMarks[i] ?? [],
      })),
    },
  };
}

/**
 * The NRM groups' marks from the forms' marks: labour and criminal are the forms' own cells; `other` is the other
 * forms merged; the sexual forms split into domestic and cross-border are both hidden where sexual is, or where
 * either part is small (their sum, sexual, is published, so both hidden tell nothing it did not).
 */
function nrmMarks(forms: OneWay, counts: number[], min: number): boolean[] {
  const formMarks = [...forms.lines.map((l) => l.hidden), forms.totalHidden];
  const at = (code: string) => PRIMARY_FORMS.indexOf(code as (typeof PRIMARY_FORMS)[number]);
  const others = PRIMARY_FORMS.flatMap((c, j) => (c === 'sexual' || c === 'labour' || c === 'criminal' ? [] : [j]));
  const m = mergedMarks([formMarks], [[at('sexual')], [at('labour')], [at('criminal')], others])[0] as boolean[];
  const [d = 0, c = 0] = counts;
  const small = (n: number) => n >= 1 && n < min;
  const split = (m[0] ?? false) || small(d) || small(c);
  return [split, split, m[1] ?? false, m[2] ?? false, m[3] ?? false, m[4] ?? false];
}

/**
 * The year in figures of the year asked for, or (none asked) of the latest year with registrations, or this year;
 * with the years there are to choose from, newest first.
 */
export async function yearFiguresOf(deps: Deps, asked: number | null, publication: boolean) {
  const years = (await registrationsPerPeriod(deps, { period: 'year', from: '', to: '' })).rows.map((r) => r.period);
  const year = asked ?? Number(years.at(-1) ?? deps.clock().getUTCFullYear());
  const figures = await yearFigures(deps, year, publication);
  return { ...figures, years: [...new Set([...years, String(year)])].sort().reverse() };
}

/** The year in figures as one CSV in long form: table, year, row, column, count, share, series and source. */
function yearFiguresCsv(y: YearFigures): string {
  const rows: string[][] = [['table', 'year', 'row', 'column', 'count', 'share_percent', 'series', 'source']];
  const cell = (n: number, hidden: boolean) => (hidden ? MARKER : String(n));
  for (const t of y.totals) rows.push(['totals', t.year, 'total', '', cell(t.count, t.hidden), '', 'baken', '']);
  const ref = (table: string, f: ReferenceFigure) =>
    rows.push([
      table,
      String(f.year),
      f.code,
      '',
      f.count === undefined ? '' : String(f.count),
      f.percent === undefined ? '' : f.percent.toFixed(1),
      f.series,
      f.derived ? `${f.source} (derived)` : f.source,
    ]);
  for (const f of y.totalsReference) ref('totals', f);
  const year = String(y.year);
  const tables: [string, OneWay][] = [
    ['reporters', y.reporters],
    ['forms', y.forms],
    ['nationalities', y.nationalities],
    ['age', y.age],
    ['nrm', y.nrm],
  ];
  for (const [name, t] of tables) {
    for (const l of t.lines) rows.push([name, year, l.code, '', cell(l.count, l.hidden), l.share, 'baken', '']);
    rows.push([name, year, 'total', '', cell(t.total, t.totalHidden), t.total > 0 ? '100.0' : '', 'baken', '']);
    for (const f of t.reference) ref(name, f);
  }
  for (const r of y.cross.rows) {
    for (const [j, c] of y.cross.columns.entries())
      rows.push(['cross', year, r.code, c, cell(r.counts[j] ?? 0, r.hidden[j] ?? false), '', 'baken', '']);
    rows.push([
      'cross',
      year,
      r.code,
      'total',
      cell(r.total, r.hidden[y.cross.columns.length] ?? false),
      '',
      'baken',
      '',
    ]);
  }
  return stringify(rows);
}

/** The year in figures as CSV, audited as every export is. */
export async function yearFiguresExport(deps: Deps, year: number, publication: boolean, actor: Actor) {
  const y = await yearFigures(deps, year, publication);
  const csv = yearFiguresCsv(y);
  await writeAudit(deps.db, {
    at: deps.clock().toISOString(),
    actorId: actor.id,
    action: 'statistics.export',
    subjectType: 'statistics',
    subjectId: 'year',
    ip: actor.ip,
    details: { by: 'year', period: 'year', from: `${year}-01-01`, to: `${year}-12-31`, publication, rows: 1 },
  });
  return csv;
}
