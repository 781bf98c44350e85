/**
 * Small-cell and secondary suppression for published tables (docs/product.md §7, §10; reference/domain.md §5.5). Pure: no I/O.
 *
 * A table is rows of cells with a total per row. Its relations are what a reader knows adds up: each row's cells
 * add up to its total, and a group's rows add up, column by column (the total column too), to a parent row — the
 * quarters of a year to the year. Every suppressed entry is written the same neutral marker `x`.
 *
 * Primary: every entry from 1 to `min - 1` is hidden; zero is not a small cell.
 * Secondary, repeated until nothing changes, for every relation `parent = child + child + …`:
 * - parent published: the hidden children must be none, or at least two that add up to `min` or more — otherwise
 *   the smallest other non-zero published child is hidden too (or, if none is left, the parent). So no hidden cell
 *   is the parent minus the published ones, and no group of fewer than `min` people is their difference;
 * - parent hidden: at least one child must be hidden with it, or the parent would be the sum of its children.
 * Then every hidden entry that the published figures still determine (a linear-algebra check over all relations)
 * takes one more hidden cell in its row, until none is determined.
 *
 * The marks depend only on the table given: the service passes whole years (the year and its four quarters) so
 * that every export of the same period writes the same cells, whatever its range — no two publications differ.
 * Totals are treated as the sum of their row even where a person counts in several columns (nationalities),
 * which suppresses a little more than needed and never less.
 */
export interface Table {
  /** counts[row][column] */
  counts: number[][];
  /** one total per row */
  totals: number[];
  /** rows that add up, column by column, to a parent row of the same table (the quarters of a year) */
  groups?: { parent: number; children: number[] }[];
  /** entries hidden from the start (e.g. a row total already hidden in another table); the last column is the total */
  hidden?: boolean[][];
  /**
   * The totals' marks are fixed by `hidden` (and the small ones): they are the same figures in every dimension's
   * table, so they must be hidden alike everywhere, and only cells are hidden secondarily.
   */
  fixedTotals?: boolean;
}

/** The neutral marker of every suppressed entry, primary or secondary (docs/contract.md: never a false `<10`). */
export const MARKER = 'x';

const isSmall = (n: number, min: number) => n >= 1 && n < min;

export interface Relation {
  parent: [number, number];
  children: [number, number][];
}

function relationsOf(t: Table, width: number): Relation[] {
  const cells = width - 1;
  const rel: Relation[] = t.counts.map((_, i) => ({
    parent: [i, cells],
    children: Array.from({ length: cells }, (_, j) => [i, j] as [number, number]),
  }));
  for (const g of t.groups ?? [])
    for (let j = 0; j < width; j++)
      rel.push({ parent: [g.parent, j], children: g.children.map((i) => [i, j] as [number, number]) });
  return rel;
}

/**
 * The hidden entries whose value the published entries and the relations still determine: Gaussian elimination of
 * the relations over the hidden entries (published ones moved to the constant side).
 */
export function determined(mark: boolean[][], rel: Relation[]): [number, number][] {
  // The hidden entries, numbered; the relations that touch them, split into independent groups (rows of a table
  // without years share nothing), each solved on its own.
  const index = new Map<string, number>();
  for (const [i, r] of mark.entries()) for (const [j, m] of r.entries()) if (m) index.set(`${i},${j}`, index.size);
  if (index.size === 0) return [];
  const vars = [...index.keys()].map((k) => k.split(',').map(Number) as [number, number]);
  const up = vars.map((_, k) => k);
  const root = (k: number): number => {
    while (up[k] !== k) {
      up[k] = up[up[k] as number] as number;
      k = up[k] as number;
    }
    return k;
  };
  const eqs: Map<number, number>[] = [];
  for (const r of rel) {
    const e = new Map<number, number>();
    const add = ([i, j]: [number, number], c: number) => {
      const k = index.get(`${i},${j}`);
      if (k !== undefined) e.set(k, (e.get(k) ?? 0) + c);
    };
    add(r.parent, 1);
    for (const c of r.children) add(c, -1);
    if (e.size === 0) continue;
    const [first] = e.keys();
    for (const k of e.keys()) up[root(k)] = root(first as number);
    eqs.push(e);
  }
  const groups = new Map<number, Map<number, number>[]>();
  for (const e of eqs) {
    const g = root(e.keys().next().value as number);
    groups.set(g, [...(groups.get(g) ?? []), e]);
  }
  const out: [number, number][] = [];
  for (const group of groups.values()) {
    const cols = [...new Set(group.flatMap((e) => [...e.keys()]))];
    const at = new Map(cols.map((k, c) => [k, c]));
    const m = group.map((e) => {
      const row = new Array<number>(cols.length).fill(0);
      for (const [k, v] of e) row[at.get(k) as number] = v;
      return row;
    });
    for (const c of rrefDetermined(m)) out.push(vars[cols[c] as number] as [number, number]);
  }
  return out;
}

/** The columns of a linear system whose value it fixes: pivot columns whose reduced row has no other entry. */
function rrefDetermined(eqs: number[][]): number[] {
  const width = eqs[0]?.length ?? 0;
  const pivots: number[] = [];
  let row = 0;
  for (let col = 0; col < width && row < eqs.length; col++) {
    let p = -1;
    for (let r = row; r < eqs.length; r++) if (Math.abs(eqs[r]?.[col] ?? 0) > 1e-9) p = r;
    if (p < 0) continue;
    [eqs[row], eqs[p]] = [eqs[p] as number[], eqs[row] as number[]];
    const pr = eqs[row] as number[];
    const pv = pr[col] as number;
    for (let c = 0; c < pr.length; c++) pr[c] = (pr[c] as number) / pv;
    for (let r = 0; r < eqs.length; r++) {
      if (r === row) continue;
      const f = eqs[r]?.[col] ?? 0;
      if (Math.abs(f) < 1e-12) continue;
      const er = eqs[r] as number[];
      for (let c = 0; c < er.length; c++) er[c] = (er[c] as number) - f * (pr[c] as number);
    }
    pivots.push(col);
    row++;
  }
  return pivots.filter((col, r) => (eqs[r] as number[]).every((v, c) => c === col || Math.abs(v) < 1e-9));
}

/** Marks the entries to suppress: the cells and, as the last column, the totals. */
export function suppress(t: Table, min: number): boolean[][] {
  const rows = t.counts.map((r, i) => [...r, t.totals[i] ?? 0]);
  const width = rows[0]?.length ?? 0;
  const value = ([i, j]: [number, number]) => rows[i]?.[j] ?? 0;
  const mark = rows.map((r, i) => r.map((n, j) => isSmall(n, min) || (t.hidden?.[i]?.[j] ?? false)));
  const isHidden = ([i, j]: [number, number]) => mark[i]?.[j] ?? false;
  const hide = ([i, j]: [number, number]) => {
    (mark[i] as boolean[])[j] = true;
  };
  const smallestPublished = (cells: [number, number][]) => {
    let best: [number, number] | null = null;
    for (const c of cells) if (!isHidden(c) && value(c) > 0 && (!best || value(c) < value(best))) best = c;
    return best;
  };
  const cells = width - 1;
  const fixed = ([, j]: [number, number]) => t.fixedTotals === true && j === cells;
  const rel = relationsOf(t, width);
  for (;;) {
    // Relations with a published parent first (they say most); a hidden parent's relation only when those are
    // settled, one at a time, since a cell hidden for another relation often settles it too.
    const fix = (hiddenParent: boolean) => {
      let changed = false;
      for (const r of rel) {
        if (fixed(r.parent) && r.children.every(fixed)) continue; // the totals' own relation: settled beforehand
        if (isHidden(r.parent) !== hiddenParent) continue;
        const hidden = r.children.filter(isHidden);
        const sum = hidden.reduce((a, c) => a + value(c), 0);
        let next: [number, number] | null = null;
        if (hiddenParent) {
          if (hidden.length === 0) next = smallestPublished(r.children);
        } else if (hidden.length === 1 || (hidden.length > 1 && sum < min)) {
          next = smallestPublished(r.children) ?? (fixed(r.parent) ? null : r.parent);
        }
        if (next && !isHidden(next)) {
          hide(next);
          if (hiddenParent) return true;
          changed = true;
        }
      }
      return changed;
    };
    while (fix(false) || fix(true)) {
      // until every relation is settled
    }
    const exposed = determined(mark, rel);
    if (exposed.length === 0) return mark;
    let progress = false;
    for (const [i, j] of exposed) {
      // Another cell of its row, else of its column within its year (a quarter or the year), else its total.
      const row = Array.from({ length: cells }, (_, k) => [i, k] as [number, number]);
      const column = rel
        .filter((r) => r.parent[1] === j && (r.parent[0] === i || r.children.some(([ci]) => ci === i)))
        .flatMap((r) => [r.parent, ...r.children])
        .filter((c) => !fixed(c));
      const total = [i, cells] as [number, number];
      const next = smallestPublished(row) ?? smallestPublished(column) ?? (fixed(total) ? null : total);
      if (next && !isHidden(next)) {
        hide(next);
        progress = true;
      }
    }
    if (!progress) {
      // Nothing left to hide beside them: hide every non-zero cell of the table (never reached in practice).
      const hideAll = (keepTotals: boolean) => {
        for (const [i, r] of rows.entries())
          for (const [j, n] of r.entries()) if (n > 0 && !(keepTotals && fixed([i, j]))) hide([i, j]);
      };
      hideAll(true);
      if (determined(mark, rel).length > 0) hideAll(false);
      return mark;
    }
  }
}

/** The table as published: numbers as text, suppressed entries as the marker `x`. */
export function publish(t: Table, min: number, mark = suppress(t, min)): string[][] {
  return t.counts.map((r, i) => [...r, t.totals[i] ?? 0].map((n, j) => (mark[i]?.[j] ? MARKER : String(n))));
}

/**
 * The marks of a table whose columns merge the columns of a published one (reporter groups of reporter types, age
 * groups of age bands, the top nationalities and "other"): a merged cell is published only where the published base
 * already determines it — none of its columns hidden, or all the hidden columns of its row inside it and the row's
 * total published (their sum is the total minus the published cells) — so the merged table tells nothing the base did not.
 * `parts[k]` lists the base columns of merged column k; the totals keep the base's marks.
 */
export function mergedMarks(base: boolean[][], parts: number[][]): boolean[][] {
  return base.map((row) => {
    const cells = row.length - 1;
    const hiddenCols = row.slice(0, cells).flatMap((m, j) => (m ? [j] : []));
    const merged = parts.map((cols) => {
      const inside = cols.filter((j) => row[j]);
      return inside.length > 0 && (inside.length < hiddenCols.length || (row[cells] ?? false));
    });
    return [...merged, row[cells] ?? false];
  });
}
