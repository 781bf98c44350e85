import type { Generated } from 'kysely';

/** The roles a user can hold; each route checks the ones it needs on the server. */
export type Role = 'agent' | 'legal' | 'coordinator' | 'supervisor' | 'admin';
export const ROLES: readonly Role[] = ['agent', 'legal', 'coordinator', 'supervisor', 'admin'];

/** A user's TOTP factor (migrations/0022_two_factor.sql); enabled_at NULL: enrolment started, not confirmed. */
interface TwoFactorTable {
  user_id: number;
  secret_enc: string;
  enabled_at: string | null;
  last_step: number | null;
  codes_to_show: string | null;
  created_at: string;
}

/** One recovery code, as a keyed hash; used_at set when it signed someone in. */
interface RecoveryCodeTable {
  id: Generated<number>;
  user_id: number;
  code_hash: string;
  used_at: string | null;
}

/** The one row of the admin's policy: everyone = 1 requires a second factor of every user. */
interface TwoFactorPolicyTable {
  id: number;
  everyone: number;
  updated_at: string | null;
  updated_by: number | null;
}

/** A signed-in session (its id is the hash of the cookie's token). */
interface SessionTable {
  id: string;
  user_id: number;
  created_at: string;
  last_seen_at: string;
  /** 1 while the password was right and the second factor is still to come (migrations/0022_two_factor.sql). */
  factor_pending: Generated<number>;
}
interface LoginFailureTable {
  id: Generated<number>;
  key: string;
  at: string;
}

export interface AuthTables {
  sessions: SessionTable;
  login_failures: LoginFailureTable;
  two_factor: TwoFactorTable;
  recovery_codes: RecoveryCodeTable;
  two_factor_policy: TwoFactorPolicyTable;
}
