import { randomBytes, scrypt as scryptCb, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import { OWASP_SCRYPT, type ScryptCost } from '../crypto/scrypt-cost.js';

export type { ScryptCost };

/** The largest cost a stored hash may name (more than 512 MiB is refused: a corrupted row must not stall sign-in). */
const MAX_MEMORY = 512 * 1024 * 1024;
const memoryOf = (c: ScryptCost) => 128 * c.N * c.r;
const valid = (c: ScryptCost) =>
  Number.isInteger(c.N) &&
  c.N >= 2 &&
  (c.N & (c.N - 1)) === 0 &&
  Number.isInteger(c.r) &&
  c.r >= 1 &&
  c.r <= 64 &&
  Number.isInteger(c.p) &&
  c.p >= 1 &&
  c.p <= 64 &&
  memoryOf(c) <= MAX_MEMORY;

// scrypt's memory is off the JavaScript heap (128 · N · r bytes, 128 MiB at OWASP's cost) and the machine has few
// cores: at most two hashes run at once, so a burst of sign-ins queues instead of multiplying the memory.
const MAX_RUNNING = 2;
let running = 0;
const waiting: (() => void)[] = [];

async function scrypt(pw: string, salt: Buffer, len: number, cost: ScryptCost): Promise<Buffer> {
  // A finishing hash hands its place straight to the next in line, so the count never passes the limit.
  if (running >= MAX_RUNNING) await new Promise<void>((resolve) => waiting.push(resolve));
  else running += 1;
  try {
    const opts: ScryptOptions = { ...cost, maxmem: memoryOf(cost) + 16 * 1024 * 1024 };
    return await new Promise<Buffer>((resolve, reject) =>
      scryptCb(pw, salt, len, opts, (err, key) => (err ? reject(err) : resolve(key))),
    );
  } finally {
    const next = waiting.shift();
    if (next) next();
    else running -= 1;
  }
}

/** Hashes a password with scrypt as `scrypt$N$r$p$salt$hash` (base64url): the cost travels with the hash. */
export async function hashPassword(password: string, cost: ScryptCost = OWASP_SCRYPT): Promise<string> {
  const salt = randomBytes(16);
  const key = await scrypt(password, salt, 32, cost);
  return ['scrypt', cost.N, cost.r, cost.p, salt.toString('base64url'), key.toString('base64url')].join('$');
}

/** The cost a stored hash names, or null when it is not a hash Baken can check. */
export function costOf(stored: string): ScryptCost | null {
  const [kind, n, r, p, salt, hash] = stored.split('$');
  if (kind !== 'scrypt' || !salt || !hash || ![n, r, p].every((x) => /^\d{1,10}$/.test(x ?? ''))) return null;
  const cost = { N: Number(n), r: Number(r), p: Number(p) };
  return valid(cost) ? cost : null;
}

/** Checks a password against a stored hash (at the cost it names) in constant time; false for any malformed hash. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const cost = costOf(stored);
  if (!cost) return false;
  const [, , , , salt = '', hash = ''] = stored.split('$');
  const expected = Buffer.from(hash, 'base64url');
  if (expected.length < 16 || expected.length > 64) return false;
  const key = await scrypt(password, Buffer.from(salt, 'base64url'), expected.length, cost);
  return key.length === expected.length && timingSafeEqual(key, expected);
}

/** True when a stored hash was made at another cost than today's, so a successful sign-in hashes it again. */
export function needsRehash(stored: string, cost: ScryptCost): boolean {
  const was = costOf(stored);
  return !was || was.N !== cost.N || was.r !== cost.r || was.p !== cost.p;
}

/** A hash to compare against when the account does not exist, at today's cost, so timing does not reveal it. */
export const dummyHash = (cost: ScryptCost) =>
  `scrypt$${cost.N}$${cost.r}$${cost.p}$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA`;
