import { describe, expect, it } from 'vitest';
import { determined, publish, suppress } from '../../src/statistics/suppression.js';
import {
  checkRange,
  ctdcAgeBand,
  majorityStatus,
  nationalityGroup,
  periodOf,
} from '../../src/statistics/dimensions.js';

describe('small-cell and secondary suppression', () => {
  it.each([
    ['nothing small: all published', [[12, 30, 0]], [42], [['12', '30', '0', '42']]],
    ['zero is not a small cell', [[0, 0, 25]], [25], [['0', '0', '25', '25']]],
    [
      'one small cell and a total: the smallest other non-zero cell goes too',
      [[3, 40, 12, 0]],
      [55],
      [['x', '40', 'x', '0', '55']],
    ],
    ['one small cell and no other non-zero cell: the total goes', [[3, 0]], [13], [['x', '0', 'x']]],
    [
      'two small cells that add up to fewer than the threshold: a third goes, or their sum would be known',
      [[3, 4, 50]],
      [57],
      [['x', 'x', 'x', '57']],
    ],
    ['two small cells that add up to the threshold: nothing more', [[3, 7, 50]], [60], [['x', 'x', '50', '60']]],
    ['a small total hides its small cells', [[2, 5, 0]], [7], [['x', 'x', '0', 'x']]],
    ['a small total with one non-zero cell', [[7, 0]], [7], [['x', '0', 'x']]],
    ['an empty row stays zero', [[0, 0]], [0], [['0', '0', '0']]],
    ['1 is small, 9 is small, 10 is not', [[1, 9, 10]], [20], [['x', 'x', '10', '20']]],
  ])('%s', (_name, counts, totals, expected) => {
    expect(publish({ counts, totals }, 10)).toEqual(expected);
  });

  it('writes every suppressed entry as the same neutral x, never a number or <10', () => {
    const out = publish({ counts: [[3, 40, 12, 0]], totals: [55] }, 10).flat();
    expect(out.filter((c) => !/^\d+$/.test(c))).toEqual(['x', 'x']);
    expect(out.join()).not.toContain('<');
  });

  it('uses the threshold it is given', () => {
    expect(publish({ counts: [[4, 5, 6]], totals: [15] }, 5)).toEqual([['x', 'x', '6', '15']]);
    expect(publish({ counts: [[1, 2]], totals: [3] }, 1)).toEqual([['1', '2', '3']]);
  });

  it('leaves no row in which exactly one entry is hidden', () => {
    const counts = [
      [3, 40, 12, 0],
      [0, 0, 0, 8],
      [15, 22, 1, 30],
    ];
    const mark = suppress({ counts, totals: counts.map((r) => r.reduce((a, b) => a + b, 0)) }, 10);
    for (const row of mark) expect(row.filter(Boolean).length).not.toBe(1);
  });

  it('hides a second quarter in a column whose year is published in the same table', () => {
    // Row 0 is the year, rows 1–4 its quarters; column 0 has one small cell (Q2).
    const quarters = [
      [20, 3, 4],
      [5, 30, 6],
      [25, 40, 50],
      [30, 60, 70],
    ];
    const year = [0, 1, 2].map((j) => quarters.reduce((a, r) => a + (r[j] ?? 0), 0));
    const counts = [year, ...quarters];
    const totals = counts.map((r) => r.reduce((a, b) => a + b, 0));
    const mark = suppress({ counts, totals, groups: [{ parent: 0, children: [1, 2, 3, 4] }] }, 10);
    const hiddenIn = (j: number) => [1, 2, 3, 4].filter((i) => mark[i]?.[j]).length;
    for (let j = 0; j <= 3; j++) expect(hiddenIn(j)).not.toBe(1);
    for (const row of mark) expect(row.filter(Boolean).length).not.toBe(1);
    // the smallest other non-zero quarter of column 0 (20) goes with the small one
    expect(mark[1]?.[0]).toBe(true);
  });

  it('never leaves a hidden entry that the published ones determine (a 2 × 2 rectangle is not enough alone)', () => {
    const counts = [
      [3, 20, 40],
      [30, 4, 40],
    ];
    const totals = counts.map((r) => r.reduce((a, b) => a + b, 0));
    const all = [0, 1, 2].map((j) => counts.reduce((a, r) => a + (r[j] ?? 0), 0));
    const t = {
      counts: [all, ...counts],
      totals: [totals.reduce((a, b) => a + b, 0), ...totals],
      groups: [{ parent: 0, children: [1, 2] }],
    };
    const mark = suppress(t, 10);
    const rel = [
      ...t.counts.map((_, i) => ({
        parent: [i, 3] as [number, number],
        children: [0, 1, 2].map((j) => [i, j] as [number, number]),
      })),
      ...[0, 1, 2, 3].map((j) => ({
        parent: [0, j] as [number, number],
        children: [[1, j] as [number, number], [2, j] as [number, number]],
      })),
    ];
    expect(determined(mark, rel)).toEqual([]);
  });
});

describe('CTDC age bands and majority status', () => {
  it.each([
    [2018, 2026, 1, '0--8'],
    [2017, 2026, 1, '0--8'],
    [2016, 2026, 1, '9--17'],
    [2008, 2026, 1, '9--17'],
    [2008, 2026, 0, '18--20'],
    [2007, 2026, 0, '18--20'],
    [2005, 2026, 0, '18--20'],
    [2004, 2026, 0, '21--23'],
    [2000, 2026, 0, '24--26'],
    [1997, 2026, 0, '27--29'],
    [1996, 2026, 0, '27--29'],
    [1995, 2026, 0, '30--38'],
    [1986, 2026, 0, '39--47'],
    [1978, 2026, 0, '39--47'],
    [1977, 2026, 0, '48+'],
    [1950, 2026, 0, '48+'],
    [null, 2026, null, 'unknown'],
    [null, 2026, 1, 'unknown'],
  ])('born %s, registered %s, minor %s → %s', (birthYear, year, minor, band) => {
    expect(ctdcAgeBand(birthYear, year, minor)).toBe(band);
  });

  it.each([
    [1, 'Minor'],
    [0, 'Adult'],
    [null, 'unknown'],
  ])('minor flag %s is majority status %s', (minor, status) => {
    expect(majorityStatus(minor)).toBe(status);
  });
});

describe('periods, nationality groups and date ranges', () => {
  it.each([
    ['2026-01-01', 'year', '2026'],
    ['2026-03-31', 'quarter', '2026-Q1'],
    ['2026-04-01', 'quarter', '2026-Q2'],
    ['2026-12-31', 'quarter', '2026-Q4'],
    ['2026-07-15', 'month', '2026-07'],
  ] as const)('%s by %s is %s', (date, period, label) => {
    expect(periodOf(date, period)).toBe(label);
  });

  it.each([
    ['NL', 'nl'],
    ['RO', 'eu'],
    ['GR', 'eu'],
    ['NG', 'non_eu'],
    ['UA', 'non_eu'],
    ['XS', 'stateless'],
    ['XX', 'unknown'],
  ])('%s is in group %s', (code, group) => {
    expect(nationalityGroup(code)).toBe(group);
  });

  it.each([
    ['', '', null],
    ['2026-01-01', '2026-12-31', null],
    ['2026-12-31', '2026-01-01', 'upsideDown'],
    ['1990-01-01', '2040-01-01', 'tooLong'],
    ['2026-02-30', '', 'date'],
    ['yesterday', '', 'date'],
  ])('range %s..%s → %s', (from, to, problem) => {
    expect(checkRange(from, to)).toBe(problem);
  });
});
