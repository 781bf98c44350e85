import type { Role } from './auth.table.js';

/** Roles that always sign in with a second factor (after the grace period): they see the most sensitive data. */
const ROLES_REQUIRING_FACTOR: readonly Role[] = ['admin', 'supervisor', 'coordinator', 'legal'];

/**
 * Where a user stands with the second factor: `enrolled` (has one), `optional` (no factor and none required),
 * `grace` (required, but the grace period counted from the user's creation still runs: a reminder until `until`)
 * or `required` (required and the grace period is over: the enrolment is the only page open).
 */
export type FactorState =
  | { kind: 'enrolled' }
  | { kind: 'optional' }
  | { kind: 'grace'; until: Date }
  | { kind: 'required' };

/** True when the user's roles or the admin's policy require a second factor. */
export const factorNeeded = (roles: readonly Role[], everyone: boolean) =>
  everyone || roles.some((r) => ROLES_REQUIRING_FACTOR.includes(r));

/** Decides a user's factor state from their roles, creation, factor, the admin's policy and the grace period. */
export function factorState(input: {
  roles: readonly Role[];
  createdAt: string;
  hasFactor: boolean;
  everyone: boolean;
  graceDays: number;
  now: Date;
}): FactorState {
  if (input.hasFactor) return { kind: 'enrolled' };
  if (!factorNeeded(input.roles, input.everyone)) return { kind: 'optional' };
  const until = new Date(Date.parse(input.createdAt) + input.graceDays * 86_400_000);
  return Number.isFinite(until.getTime()) && input.now < until ? { kind: 'grace', until } : { kind: 'required' };
}

/** The letters of a recovery code: no 0/o, 1/l/i, so that a code read from paper is typed back right. */
export const RECOVERY_ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789';
/** Characters in a recovery code (written as two groups of five): 10 × log2(31) ≈ 49.5 random bits. */
export const RECOVERY_LENGTH = 10;
export const RECOVERY_CODE_COUNT = 10;

/** A recovery code as shown: `abcde-fghjk`. */
export const formatRecoveryCode = (code: string) => `${code.slice(0, 5)}-${code.slice(5)}`;

/**
 * Reads what the user typed in the code field: six digits (spaces allowed, as apps show `123 456`) are a TOTP code;
 * ten letters of the recovery alphabet (hyphens, spaces and capitals allowed) a recovery code; anything else null.
 */
export function readFactorCode(input: string): { kind: 'totp' | 'recovery'; code: string } | null {
  if (input.length > 40) return null;
  const compact = input.replace(/[\s-]/g, '').toLowerCase();
  if (/^\d{6}$/.test(compact)) return { kind: 'totp', code: compact };
  if (compact.length === RECOVERY_LENGTH && [...compact].every((ch) => RECOVERY_ALPHABET.includes(ch)))
    return { kind: 'recovery', code: compact };
  return null;
}
