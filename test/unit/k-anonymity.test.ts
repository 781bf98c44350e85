import { describe, expect, it } from 'vitest';
import { kAnonymise } from '../../src/statistics/k-anonymity.js';

const times = (n: number, row: string[]) => Array.from({ length: n }, () => [...row]);

describe('k-anonymity by local suppression (the yearly delivery)', () => {
  it.each([
    {
      name: 'a group of k identical records is released whole',
      records: times(3, ['2026', 'sexual', 'female']),
      rows: times(3, ['2026', 'sexual', 'female']),
      generalised: 0,
      left_out: 0,
    },
    {
      name: 'a rare value is generalised to * where that makes a group of k',
      records: [...times(2, ['2026', 'sexual', 'female']), ['2026', 'sexual', 'male']],
      rows: times(3, ['2026', 'sexual', '*']),
      generalised: 3,
      left_out: 0,
    },
    {
      name: 'the first column of the order is given up first, the rest kept where they can be',
      records: [
        ...times(3, ['2026', 'labour', 'male']),
        ['2026', 'sexual', 'female'],
        ['2026', 'sexual', 'male'],
        ['2026', 'labour', 'female'],
      ],
      rows: [...times(3, ['2026', '*', '*']), ...times(3, ['2026', 'labour', 'male'])], // sorted: '*' first
      generalised: 3,
      left_out: 0,
    },
    {
      name: 'a record that stands out even with everything generalised is left out',
      records: [...times(3, ['2026', 'sexual', 'female']), ['2025', 'labour', 'male']],
      rows: times(3, ['2026', 'sexual', 'female']),
      generalised: 0,
      left_out: 1,
    },
    {
      name: 'no records, nothing released',
      records: [],
      rows: [],
      generalised: 0,
      left_out: 0,
    },
  ])('$name', ({ records, rows, generalised, left_out }) => {
    const out = kAnonymise(records, 3, [2, 1]);
    expect(out.rows).toEqual(rows);
    expect(out.generalised).toBe(generalised);
    expect(out.left_out).toBe(left_out);
  });

  it('releases every record only among k - 1 others identical to it, over random data', () => {
    let seed = 7;
    const rnd = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    for (let round = 0; round < 20; round++) {
      const records = Array.from({ length: 200 }, () => [
        String(2025 + rnd(2)),
        ['a', 'b', 'c', 'd'][rnd(4)]!,
        ['x', 'y', 'z'][rnd(3)]!,
        String(rnd(12)),
      ]);
      const out = kAnonymise(records, 11, [3, 2, 1]);
      const counts = new Map<string, number>();
      for (const r of out.rows) counts.set(r.join('|'), (counts.get(r.join('|')) ?? 0) + 1);
      for (const n of counts.values()) expect(n).toBeGreaterThanOrEqual(11);
      expect(out.rows.length + out.left_out).toBe(records.length);
      expect(out.rows.every((r) => r[0] === '2025' || r[0] === '2026')).toBe(true); // never generalised
    }
  });
});
