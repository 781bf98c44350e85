import { periodOf } from './dimensions.js';
import { MARKER, mergedMarks, suppress, type Table } from './suppression.js';

/** A period × value table with a total per period (the shape of StatTable, without I/O). */
export interface PeriodTable {
  columns: string[];
  rows: { period: string; counts: number[]; total: number }[];
}

/**
 * The suppression marks of every year and quarter of a table given per quarter over whole years: each year is one
 * block — the year's row (the sum of its quarters) and its four quarters, the quarters adding up to the year column
 * by column — suppressed on its own. A period's marks therefore depend only on its own year's figures, never on the
 * range asked for: two publications that overlap write the same cells, and no pair can be subtracted to reveal a
 * small count (docs/contract.md). Answers the marks per period label (`2026`, `2026-Q1`…); the last mark is the total's.
 */
function blockMarks(quarterly: PeriodTable, min: number): Map<string, boolean[]> {
  const totals = totalMarks(quarterly, min);
  const width = quarterly.columns.length;
  const byLabel = new Map(quarterly.rows.map((r) => [r.period, r]));
  const years = [...new Set(quarterly.rows.map((r) => r.period.slice(0, 4)))].sort();
  const out = new Map<string, boolean[]>();
  for (const year of years) {
    const quarters = [1, 2, 3, 4].map((q) => {
      const r = byLabel.get(`${year}-Q${q}`);
      return { counts: r?.counts ?? new Array<number>(width).fill(0), total: r?.total ?? 0 };
    });
    const yearRow = {
      counts: Array.from({ length: width }, (_, j) => quarters.reduce((a, q) => a + (q.counts[j] ?? 0), 0)),
      total: quarters.reduce((a, q) => a + q.total, 0),
    };
    const rows = [yearRow, ...quarters];
    const labels = [year, ...[1, 2, 3, 4].map((q) => `${year}-Q${q}`)];
    const mark = suppress(
      {
        counts: rows.map((r) => r.counts),
        totals: rows.map((r) => r.total),
        groups: [{ parent: 0, children: [1, 2, 3, 4] }],
        hidden: labels.map((l) => [...new Array<boolean>(width).fill(false), totals.get(l) ?? false]),
        fixedTotals: true,
      },
      min,
    );
    out.set(year, mark[0] as boolean[]);
    for (let q = 1; q <= 4; q++) out.set(`${year}-Q${q}`, mark[q] as boolean[]);
  }
  return out;
}

/**
 * The marks of the registrations per year and quarter alone (the last column of every dimension's table): the same
 * figures in every dimension, so they are hidden alike everywhere — a small one, and the quarters (or the year) that
 * would give it away.
 */
export function totalMarks(quarterly: PeriodTable, min: number): Map<string, boolean> {
  const byLabel = new Map(quarterly.rows.map((r) => [r.period, r.total]));
  const out = new Map<string, boolean>();
  for (const year of new Set(quarterly.rows.map((r) => r.period.slice(0, 4)))) {
    const labels = [1, 2, 3, 4].map((q) => `${year}-Q${q}`);
    const q = labels.map((l) => byLabel.get(l) ?? 0);
    const mark = suppress(
      {
        counts: [[q.reduce((a, b) => a + b, 0)], ...q.map((n) => [n])],
        totals: [q.reduce((a, b) => a + b, 0), ...q],
        groups: [{ parent: 0, children: [1, 2, 3, 4] }],
      },
      min,
    );
    out.set(year, mark[0]?.[0] ?? false);
    for (const [i, l] of labels.entries()) out.set(l, mark[i + 1]?.[0] ?? false);
  }
  return out;
}

/** The table per year (quarters added up), or as it is per quarter. */
function toYears(quarterly: PeriodTable): PeriodTable {
  const years = new Map<string, { period: string; counts: number[]; total: number }>();
  for (const r of quarterly.rows) {
    const y = r.period.slice(0, 4);
    const hit = years.get(y);
    if (hit) {
      r.counts.forEach((n, j) => {
        hit.counts[j] = (hit.counts[j] ?? 0) + n;
      });
      hit.total += r.total;
    } else years.set(y, { period: y, counts: [...r.counts], total: r.total });
  }
  return { columns: quarterly.columns, rows: [...years.values()].sort((a, b) => a.period.localeCompare(b.period)) };
}

/** For each merged column, the base columns in it: `groupOf` names the merged column of a base column. */
export function partsOf(base: readonly string[], merged: readonly string[], groupOf: (code: string) => string) {
  return merged.map((m) => base.flatMap((code, j) => (groupOf(code) === m ? [j] : [])));
}

/** The table with its columns merged (counts added up; totals as they were). */
export function mergeColumns(t: PeriodTable, merged: readonly string[], parts: number[][]): PeriodTable {
  return {
    columns: [...merged],
    rows: t.rows.map((r) => ({
      period: r.period,
      total: r.total,
      counts: parts.map((cols) => cols.reduce((a, j) => a + (r.counts[j] ?? 0), 0)),
    })),
  };
}

/** The marks of a merged table from the marks of its base (see suppression.ts mergedMarks). */
const mergeMarks = (base: Map<string, boolean[]>, parts: number[][]) =>
  new Map([...base].map(([label, row]) => [label, mergedMarks([row], parts)[0] as boolean[]]));

/**
 * Shares in per cent with one decimal that add up to exactly 100.0 (largest remainder): what CoMensha's tables
 * show, where the cells add up to the total. An empty total gives no shares (empty strings).
 */
export function shares(counts: readonly number[], total: number): string[] {
  if (total <= 0) return counts.map(() => '');
  // A person counted in several columns (nationalities): the shares cannot add up to 100; each on its own.
  if (counts.reduce((a, b) => a + b, 0) !== total) return counts.map((n) => share(n, total));
  const tenths = counts.map((n) => (n * 1000) / total);
  const floors = tenths.map(Math.floor);
  let left = 1000 - floors.reduce((a, b) => a + b, 0);
  const order = tenths.map((v, j) => ({ j, rest: v - Math.floor(v) })).sort((a, b) => b.rest - a.rest || a.j - b.j);
  for (const { j } of order) {
    if (left <= 0) break;
    if ((counts[j] ?? 0) === 0) continue;
    floors[j] = (floors[j] ?? 0) + 1;
    left--;
  }
  return floors.map((f) => (f / 10).toFixed(1));
}

/** One share rounded on its own (a published cell beside a suppressed one: no remainder is borrowed). */
export const share = (n: number, total: number) => (total > 0 ? ((n * 100) / total).toFixed(1) : '');

/** CTDC's k: every published group of people has 11 or more (k-anonymity, reference/domain.md §1.7). */
export const CTDC_K = 11;

/**
 * The CTDC rule: a row (a group of people sharing year, age band, majority status and citizenship) with fewer than
 * `k` people is left out altogether; in a row kept, a form of exploitation counted for 1 to `k - 1` of them is `x`,
 * with the secondary cells that keep it from being worked back. Answers the rows kept and their cells as text.
 */
export function ctdcPublish(t: Table, k: number): { keep: number[]; cells: string[][] } {
  const keep = t.totals.flatMap((n, i) => (n >= k ? [i] : []));
  const mark = suppress({ counts: keep.map((i) => t.counts[i] ?? []), totals: keep.map((i) => t.totals[i] ?? 0) }, k);
  const cells = keep.map((i, r) =>
    [...(t.counts[i] ?? []), t.totals[i] ?? 0].map((n, j) => (mark[r]?.[j] ? MARKER : String(n))),
  );
  return { keep, cells };
}

/** A range filter: the periods (`year` or `quarter`) and both ends (YYYY-MM-DD, '' for open). */
export interface Range {
  period: 'year' | 'quarter' | 'month';
  from: string;
  to: string;
}

/** The range widened to the whole years it touches, per quarter: what a publication reads. */
export const wholeYears = (f: Range): Range => ({
  period: 'quarter',
  from: f.from ? `${f.from.slice(0, 4)}-01-01` : '',
  to: f.to ? `${f.to.slice(0, 4)}-12-31` : '',
});

/**
 * A publication of a table read per quarter over whole years (`wholeYears`): suppressed year by year (blockMarks),
 * per year or per quarter, cut back to the periods of the range. A merged dimension (reporter groups) takes its
 * marks from its base (reporter types), so the two publications agree.
 */
export function publishRange(
  quarterly: PeriodTable,
  f: Range,
  min: number,
  merge?: { columns: readonly string[]; parts: number[][] },
): { table: PeriodTable; marks: Map<string, boolean[]> } {
  let marks = blockMarks(quarterly, min);
  let table = f.period === 'year' ? toYears(quarterly) : quarterly;
  if (merge) {
    marks = mergeMarks(marks, merge.parts);
    table = mergeColumns(table, merge.columns, merge.parts);
  }
  const first = f.from ? periodOf(f.from, f.period) : '';
  const last = f.to ? periodOf(f.to, f.period) : '';
  const rows = table.rows.filter((r) => (!first || r.period >= first) && (!last || r.period <= last));
  return { table: { columns: table.columns, rows }, marks };
}
