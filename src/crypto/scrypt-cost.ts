/** scrypt's cost parameters: N (CPU/memory cost, a power of two), r (block size) and p (parallelism). */
export interface ScryptCost {
  N: number;
  r: number;
  p: number;
}

/**
 * OWASP's password-storage cheat sheet: scrypt with N = 2^17, r = 8, p = 1 (128 MiB), or one of its equivalent
 * rows that trade memory for passes. Baken's default is the first row: the most memory per guess.
 */
export const OWASP_SCRYPT: ScryptCost = Object.freeze({ N: 2 ** 17, r: 8, p: 1 });
const OWASP_ROWS: ScryptCost[] = [
  { N: 2 ** 17, r: 8, p: 1 },
  { N: 2 ** 16, r: 8, p: 2 },
  { N: 2 ** 15, r: 8, p: 3 },
  { N: 2 ** 14, r: 8, p: 5 },
  { N: 2 ** 13, r: 8, p: 10 },
];

/** True when a cost is at least one of OWASP's rows (every parameter at or above it). */
export const meetsOwaspMinimum = (c: ScryptCost) =>
  OWASP_ROWS.some((row) => c.N >= row.N && c.r >= row.r && c.p >= row.p);

/** Reads `N,r,p` (e.g. `131072,8,1`); null when it is not three whole numbers with N a power of two. */
export function parseScryptCost(text: string): ScryptCost | null {
  const m = /^\s*(\d{1,8})\s*,\s*(\d{1,3})\s*,\s*(\d{1,3})\s*$/.exec(text);
  if (!m) return null;
  const c = { N: Number(m[1]), r: Number(m[2]), p: Number(m[3]) };
  const ok = c.N >= 2 && (c.N & (c.N - 1)) === 0 && c.N <= 2 ** 20 && c.r >= 1 && c.r <= 32 && c.p >= 1 && c.p <= 16;
  return ok && 128 * c.N * c.r <= 512 * 1024 * 1024 ? c : null;
}
