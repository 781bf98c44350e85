import { describe, expect, it } from 'vitest';
import { publish, suppress } from '../../src/statistics/suppression.js';
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
      [['<10', '40', '<10', '0', '55']],
    ],
    ['one small cell and no other non-zero cell: the total goes', [[3, 0]], [13], [['<10', '0', '<10']]],
    ['two small cells: nothing more needed', [[3, 4, 50]], [57], [['<10', '<10', '50', '57']]],
    ['a small total hides its small cells', [[2, 5, 0]], [7], [['<10', '<10', '0', '<10']]],
    ['a small total with one non-zero cell', [[7, 0]], [7], [['<10', '0', '<10']]],
    ['an empty row stays zero', [[0, 0]], [0], [['0', '0', '0']]],
    ['1 is small, 9 is small, 10 is not', [[1, 9, 10]], [20], [['<10', '<10', '10', '20']]],
  ])('%s', (_name, counts, totals, expected) => {
    expect(publish({ counts, totals }, 10)).toEqual(expected);
  });

  it('uses the threshold it is given', () => {
    expect(publish({ counts: [[4, 5, 6]], totals: [15] }, 5)).toEqual([['<5', '<5', '6', '15']]);
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

  it('hides a second quarter in a column whose year is published elsewhere', () => {
    // Q1..Q4 of one year; column 0 has one small cell (Q2), and each row already has two hidden entries.
    const counts = [
      [20, 3, 4],
      [5, 30, 6],
      [25, 40, 50],
      [30, 60, 70],
    ];
    const totals = counts.map((r) => r.reduce((a, b) => a + b, 0));
    const mark = suppress({ counts, totals, groups: [[0, 1, 2, 3]] }, 10);
    const column = (j: number) => mark.map((r) => r[j]).filter(Boolean).length;
    for (let j = 0; j <= 3; j++) expect(column(j)).not.toBe(1);
    for (const row of mark) expect(row.filter(Boolean).length).not.toBe(1);
    // the smallest other non-zero quarter of column 0 (20) goes with the small one
    expect(mark[0]?.[0]).toBe(true);
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
