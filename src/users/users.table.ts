import type { Generated } from 'kysely';

// The roles are the sign-in's (auth checks them on every route); a user holds some of them.
export { ROLES, type Role } from '../auth/auth.table.js';

/** A user of the desk (migrations/0001). */
interface UserTable {
  id: Generated<number>;
  email: string;
  name: string;
  password_hash: string;
  roles: string;
  locale: string | null;
  active: number;
  created_at: string;
  updated_at: string;
  /** The user's reply signatures (migrations/0008_replies.sql); NULL: none in that language. */
  signature_nl: string | null;
  signature_en: string | null;
  /** The agent's desk phone (E.164), rung first for a callback; NULL: the softphone (migrations/0047). */
  desk_phone: string | null;
}

/** The users feature's table, joined into DB in src/db/schema.ts. */
export interface UserTables {
  users: UserTable;
}
