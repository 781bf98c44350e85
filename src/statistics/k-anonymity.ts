/** The marker of a value generalised away in a k-anonymised record. */
const GENERALISED = '*';

/**
 * k-anonymity by local suppression, as CTDC publishes its global dataset (reference/domain.md §1.7: k = 11): a record
 * is released only in a group of `k` or more records that are identical in every column released. Records are tried
 * whole first; those left over get the columns of `order` replaced by `*`, one more column at a time (the first named
 * goes first), and each time the groups that now reach `k` are released. What is still in a group smaller than `k`
 * when every column of `order` is generalised is left out. Columns not in `order` are never generalised.
 * The released rows come back sorted, so their order tells nothing about when a person was registered.
 */
export function kAnonymise(
  records: readonly (readonly string[])[],
  k: number,
  order: readonly number[],
): { rows: string[][]; generalised: number; left_out: number } {
  let remaining = records.map((r) => [...r]);
  const released: string[][] = [];
  let generalised = 0;
  for (let level = 0; level <= order.length && remaining.length; level++) {
    const hide = new Set(order.slice(0, level));
    const groups = new Map<string, string[][]>();
    for (const r of remaining) {
      const projected = r.map((v, j) => (hide.has(j) ? GENERALISED : v));
      const key = JSON.stringify(projected);
      const g = groups.get(key);
      if (g) g.push(projected);
      else groups.set(key, [projected]);
    }
    remaining = [];
    for (const g of groups.values()) {
      if (g.length >= k) {
        released.push(...g);
        if (level > 0) generalised += g.length;
      } else remaining.push(...g); // generalised further at the next level
    }
  }
  released.sort((a, b) => {
    for (let j = 0; j < Math.max(a.length, b.length); j++) {
      const c = (a[j] ?? '').localeCompare(b[j] ?? '');
      if (c) return c;
    }
    return 0;
  });
  return { rows: released, generalised, left_out: remaining.length };
}
