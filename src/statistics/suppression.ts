/**
 * Small-cell and secondary suppression for a published period × value table with a total per row (SPEC §7,
 * §10; reference/domain.md §5.5). Pure: no I/O.
 *
 * Primary: every cell (and every total) from 1 to `min - 1` is suppressed; zero is not a small cell.
 * Secondary, repeated until nothing changes:
 * - a row (its cells and its total) with exactly one suppressed entry gets a second one: the smallest other
 *   non-zero published cell, or else its total — so no suppressed cell is the total minus the published ones;
 * - rows that add up to a figure published elsewhere (the quarters of one year add up to that year's export)
 *   form a group; a column with exactly one suppressed entry in a group gets a second one in that group.
 * The totals are treated as the sum of their row even where a registration counts in several columns (forms of
 * exploitation), which suppresses a little more than needed and never less.
 */
export interface Table {
  /** counts[row][column] */
  counts: number[][];
  /** one total per row */
  totals: number[];
  /** row indexes whose columns add up to a figure published elsewhere (e.g. the quarters of one year) */
  groups?: number[][];
}

export interface Suppressed {
  /** suppressed[row][column]; the last column (index = columns) is the total */
  suppressed: boolean[][];
}

const isSmall = (n: number, min: number) => n >= 1 && n < min;

/** Marks the entries to suppress: the cells (and as the last column, the totals) that must be written `<min`. */
export function suppress(t: Table, min: number): boolean[][] {
  const rows = t.counts.map((r, i) => [...r, t.totals[i] ?? 0]);
  const width = rows[0]?.length ?? 0;
  const cells = width - 1;
  const mark = rows.map((r) => r.map((n) => isSmall(n, min)));
  let changed = true;
  while (changed) {
    changed = false;
    rows.forEach((row, i) => {
      const m = mark[i] as boolean[];
      if (m.filter(Boolean).length !== 1) return;
      let best = -1;
      for (let j = 0; j < cells; j++) {
        const n = row[j] as number;
        if (!m[j] && n > 0 && (best < 0 || n < (row[best] as number))) best = j;
      }
      if (best >= 0) m[best] = true;
      else if (!m[cells]) m[cells] = true;
      else return;
      changed = true;
    });
    for (const group of t.groups ?? []) {
      for (let j = 0; j < width; j++) {
        const hidden = group.filter((i) => mark[i]?.[j]);
        if (hidden.length !== 1) continue;
        let best = -1;
        for (const i of group) {
          const n = rows[i]?.[j] ?? 0;
          if (!mark[i]?.[j] && n > 0 && (best < 0 || n < (rows[best]?.[j] ?? 0))) best = i;
        }
        if (best < 0) continue;
        (mark[best] as boolean[])[j] = true;
        changed = true;
      }
    }
  }
  return mark;
}

/** The table as published: numbers as text, suppressed entries as `<min`. */
export function publish(t: Table, min: number): string[][] {
  const mark = suppress(t, min);
  return t.counts.map((r, i) => [...r, t.totals[i] ?? 0].map((n, j) => (mark[i]?.[j] ? `<${min}` : String(n))));
}
