import { describe, expect, it } from 'vitest';
import {
  ageGroup,
  minorDutch,
  nrmGroup,
  onPeriodBoundaries,
  primaryForm,
  REPORTER_GROUPS,
  reporterGroup,
} from '../../src/statistics/dimensions.js';
import {
  CTDC_K,
  ctdcPublish,
  type PeriodTable,
  partsOf,
  publishRange,
  type Range,
  shares,
  wholeYears,
} from '../../src/statistics/publication-rules.js';
import { suppress } from '../../src/statistics/suppression.js';

/** A small deterministic random source (mulberry32), so a failing seed can be replayed. */
function random(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const YEARS = ['2025', '2026'];
const QUARTERS = YEARS.flatMap((y) => [1, 2, 3, 4].map((q) => `${y}-Q${q}`));
/** Reporter types as the base dimension; the groups merge them (police alone, the rest two by two and three). */
const BASE = ['police', 'care_coordinator', 'fairwork', 'kmar', 'lawyer', 'self', 'shelter'];

/**
 * Synthetic registrations: counts per quarter and reporter type, skewed so that small cells, small quarters and
 * whole empty quarters all occur.
 */
function synthetic(seed: number): number[][] {
  const rnd = random(seed);
  return QUARTERS.map(() =>
    BASE.map((_, j) => {
      const r = rnd();
      if (r < 0.3) return 0;
      if (r < 0.65) return 1 + Math.floor(rnd() * 9);
      return Math.floor(rnd() * (j === 0 ? 40 : 20));
    }),
  );
}

/** The quarterly table a publication reads for a range (whole years, periods with registrations only). */
function load(atoms: number[][], f: Range): PeriodTable {
  const w = wholeYears(f);
  const rows = QUARTERS.flatMap((label, q) => {
    const start = `${label.slice(0, 4)}-${String((Number(label.slice(6)) - 1) * 3 + 1).padStart(2, '0')}-01`;
    if ((w.from && start < w.from) || (w.to && start > w.to)) return [];
    const counts = atoms[q] as number[];
    const total = counts.reduce((a, b) => a + b, 0);
    return total > 0 ? [{ period: label, counts: [...counts], total }] : [];
  });
  return { columns: BASE, rows };
}

/** Every range a publication accepts over the synthetic years: open or on period boundaries. */
function ranges(period: 'year' | 'quarter'): Range[] {
  const starts = period === 'year' ? YEARS.map((y) => `${y}-01-01`) : QUARTERS.map((l) => quarterDay(l, 'start'));
  const ends = period === 'year' ? YEARS.map((y) => `${y}-12-31`) : QUARTERS.map((l) => quarterDay(l, 'end'));
  const out: Range[] = [];
  for (const from of ['', ...starts])
    for (const to of ['', ...ends]) if (!from || !to || from <= to) out.push({ period, from, to });
  return out;
}
function quarterDay(label: string, end: 'start' | 'end') {
  const q = Number(label.slice(6));
  const m = end === 'start' ? (q - 1) * 3 + 1 : q * 3;
  const d = end === 'start' ? '01' : ['31', '30', '30', '31'][q - 1];
  return `${label.slice(0, 4)}-${String(m).padStart(2, '0')}-${d}`;
}

/** A published figure: the set of (quarter, reporter type) atoms it counts, and what is written. */
interface Figure {
  atoms: boolean[];
  key: string;
  value: number;
  written: string;
  where: string;
}

function figuresOf(atoms: number[][], min: number): Figure[] {
  const groupParts = partsOf(BASE, REPORTER_GROUPS, reporterGroup).filter((p) => p.length > 0);
  const groupNames = REPORTER_GROUPS.filter((_, k) => partsOf(BASE, REPORTER_GROUPS, reporterGroup)[k]?.length);
  const out: Figure[] = [];
  for (const merged of [false, true])
    for (const period of ['year', 'quarter'] as const)
      for (const f of ranges(period)) {
        const parts = merged ? groupParts : BASE.map((_, j) => [j]);
        const p = publishRange(load(atoms, f), f, min, merged ? { columns: groupNames, parts } : undefined);
        for (const row of p.table.rows) {
          const quarters = QUARTERS.map((l) => l.startsWith(row.period));
          const marks = p.marks.get(row.period) ?? [];
          const cols = [...parts, BASE.map((_, j) => j)];
          cols.forEach((cs, k) => {
            const set = QUARTERS.flatMap((_, q) => BASE.map((_, j) => (quarters[q] ?? false) && cs.includes(j)));
            const value = k < parts.length ? (row.counts[k] ?? 0) : row.total;
            out.push({
              atoms: set,
              key: set.map((b) => (b ? '1' : '0')).join(''),
              value,
              written: marks[k] ? 'x' : String(value),
              where: `${merged ? 'groups' : 'types'} ${period} ${f.from}..${f.to} ${row.period} col ${k}`,
            });
          });
        }
      }
  return out;
}

/** What a reader learns by comparing published figures: inconsistent writings, small numbers, small differences. */
function leaks(figures: Figure[], min: number): string[] {
  const out: string[] = [];
  // One set of people must always be written the same, whichever export and range it comes from.
  const written = new Map<string, Figure>();
  for (const f of figures) {
    const seen = written.get(f.key);
    if (!seen) written.set(f.key, f);
    else if (seen.written !== f.written) {
      out.push(`${f.where} writes ${f.written}, ${seen.where} writes ${seen.written}`);
      if (seen.written === 'x') written.set(f.key, f);
    }
  }
  const published = [...written.values()].filter((f) => f.written !== 'x');
  for (const a of published) {
    if (a.value > 0 && a.value < min) out.push(`${a.where} = ${a.value}`);
    for (const b of published) {
      if (a === b || !b.atoms.every((x, i) => !x || a.atoms[i])) continue;
      const diff = a.value - b.value;
      if (diff > 0 && diff < min) out.push(`${a.where} minus ${b.where} = ${diff}`);
    }
  }
  return out;
}

/** The same exports suppressed the naive way: each on its own rows, no year blocks, no fixed totals. */
function naiveFiguresOf(atoms: number[][], min: number): Figure[] {
  const out: Figure[] = [];
  for (const period of ['year', 'quarter'] as const)
    for (const f of ranges(period)) {
      const p = publishRange(load(atoms, f), f, min);
      const mark = suppress(
        { counts: p.table.rows.map((r) => r.counts), totals: p.table.rows.map((r) => r.total) },
        min,
      );
      p.table.rows.forEach((row, i) => {
        const quarters = QUARTERS.map((l) => l.startsWith(row.period));
        [...BASE.map((_, j) => [j]), BASE.map((_, j) => j)].forEach((cs, k) => {
          const set = QUARTERS.flatMap((_, q) => BASE.map((_, j) => (quarters[q] ?? false) && cs.includes(j)));
          const value = k < BASE.length ? (row.counts[k] ?? 0) : row.total;
          out.push({
            atoms: set,
            key: set.map((b) => (b ? '1' : '0')).join(''),
            value,
            written: mark[i]?.[k] ? 'x' : String(value),
            where: `naive ${period} ${f.from}..${f.to} ${row.period} col ${k}`,
          });
        });
      });
    }
  return out;
}

describe('publications cannot be differenced (brute force over synthetic data)', () => {
  it.each(Array.from({ length: 12 }, (_, i) => [i + 1, i % 2 === 0 ? 10 : 5]))(
    'seed %i, threshold %i: every pair of published figures over every range, period and dimension',
    (seed, min) => {
      const figures = figuresOf(synthetic(seed), min);
      expect(figures.length).toBeGreaterThan(100);
      expect(figures.some((f) => f.written === 'x')).toBe(true);
      expect(leaks(figures, min)).toEqual([]);
    },
  );

  it('finds the leaks of a naive publication that suppresses each export on its own (the search can fail)', () => {
    const found = [1, 2, 3, 4, 5, 6].flatMap((seed) => leaks(naiveFiguresOf(synthetic(seed), 10), 10));
    expect(found.length).toBeGreaterThan(0);
  });
});

describe('the CTDC rule (k = 11)', () => {
  it('leaves out every row of fewer than 11 people and writes a form counted for 1 to 10 of a row as x', () => {
    expect(CTDC_K).toBe(11);
    const out = ctdcPublish(
      {
        counts: [
          [10, 0, 0],
          [12, 2, 0],
          [30, 0, 11],
          [1, 0, 0],
        ],
        totals: [10, 14, 41, 1],
      },
      CTDC_K,
    );
    expect(out.keep).toEqual([1, 2]);
    expect(out.cells).toEqual([
      ['x', 'x', '0', '14'],
      ['30', '0', '11', '41'],
    ]);
  });

  it('keeps a row of exactly 11 people', () => {
    expect(ctdcPublish({ counts: [[11]], totals: [11] }, CTDC_K).cells).toEqual([['11', '11']]);
  });
});

describe("CoMensha's shapes", () => {
  it.each([
    [[], null, 'unknown'],
    [['labour'], null, 'labour'],
    [['sexual', 'criminal'], null, 'combination'],
    [['sexual', 'criminal'], 'criminal', 'criminal'],
    [['sexual', 'sexual'], null, 'sexual'],
    [['labour'], 'shoe', 'labour'],
  ])('forms %j with %s marked primary count as %s', (forms, marked, expected) => {
    expect(primaryForm(forms, marked)).toBe(expected);
  });

  it.each([
    ['police', 'police'],
    ['care_coordinator', 'care_coordination'],
    ['fairwork', 'fairwork'],
    ['kmar', 'kmar'],
    ['labour_inspectorate', 'labour_inspectorate'],
    ['lawyer', 'other'],
    ['self', 'other'],
    ['unknown', 'other'],
  ])('reporter type %s is in group %s', (type, group) => {
    expect(reporterGroup(type)).toBe(group);
  });

  it.each([
    ['0-11', 'minor'],
    ['12-17', 'minor'],
    ['18-22', '18-22'],
    ['23-29', '23+'],
    ['50+', '23+'],
    ['unknown', 'unknown'],
  ])('age band %s is age group %s', (band, group) => {
    expect(ageGroup(band)).toBe(group);
  });

  it.each([
    ['sexual', true, 'domestic_sexual'],
    ['sexual', false, 'cross_border_sexual'],
    ['labour', true, 'labour'],
    ['criminal', false, 'criminal'],
    ['combination', true, 'other'],
    ['organ', false, 'other'],
  ] as const)('primary form %s, Dutch %s: NRM group %s', (form, dutch, group) => {
    expect(nrmGroup(form, dutch)).toBe(group);
  });

  it.each([
    [1, 'nl', 'minor_nl'],
    [1, 'other', 'minor_other'],
    [0, 'nl', 'adult_nl'],
    [0, 'other', 'adult_other'],
    [null, 'nl', 'unknown'],
    [0, 'unknown', 'unknown'],
  ] as const)('minor %s, nationality %s: %s', (minor, nat, cell) => {
    expect(minorDutch(minor, nat)).toBe(cell);
  });

  it.each([
    [[1, 1, 1], 3, ['33.4', '33.3', '33.3']],
    [[41, 41, 18], 100, ['41.0', '41.0', '18.0']],
    [[2, 1, 0, 4], 7, ['28.6', '14.3', '0.0', '57.1']],
    [[0, 0], 0, ['', '']],
  ])('shares of %j out of %i add up to 100.0: %j', (counts, total, expected) => {
    const out = shares(counts, total);
    expect(out).toEqual(expected);
    if (total > 0) expect(out.reduce((a, s) => a + Math.round(Number(s) * 10), 0)).toBe(1000);
  });
});

describe('whole periods only', () => {
  it.each([
    ['', '', 'year', true],
    ['2026-01-01', '2026-12-31', 'year', true],
    ['2026-01-01', '', 'year', true],
    ['2026-04-01', '2026-12-31', 'year', false],
    ['2026-01-01', '2026-12-30', 'year', false],
    ['2026-04-01', '2026-06-30', 'quarter', true],
    ['2026-01-01', '2026-09-30', 'quarter', true],
    ['2026-02-15', '2026-06-30', 'quarter', false],
    ['2026-04-01', '2026-05-31', 'quarter', false],
    ['2026-01-01', '2026-01-31', 'month', false],
    ['', '', 'month', false],
  ] as const)('%s..%s per %s: %s', (from, to, period, ok) => {
    expect(onPeriodBoundaries(from, to, period)).toBe(ok);
  });
});
