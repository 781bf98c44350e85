import type { Generated } from 'kysely';
import type {
  ContactEventTable,
  ContactTable,
  ContactTextTable,
  ContactTopicTable,
} from '../contacts/contacts.table.js';
import type { CallTables } from '../calls/calls.table.js';
import type { MailTables } from '../email/email.table.js';
import type { DraftTables } from '../drafts/drafts.table.js';
import type { RoutingTables } from '../routing/routing.table.js';
import type { RegistrationTables } from '../registrations/registrations.table.js';
import type { CareCaseTables } from '../registrations/care-case.table.js';
import type { ReviewTables } from '../review/review.table.js';
import type { RetentionTables } from '../retention/retention.table.js';
import type { StatisticsTables } from '../statistics/statistics.table.js';
import type { InstanceTables } from './instances.table.js';
import type { OpsTables } from '../ops/ops.table.js';
import type { AuthTables } from '../auth/auth.table.js';
import type { CosmTables } from '../cosm/cosm.table.js';
import type { SignalTables } from '../signals/signals.table.js';
import type { SoftphoneTables } from '../calls/softphone.table.js';
import type { TranscriptTables } from '../calls/transcript.table.js';
import type { CallbackTables } from '../calls/callback.table.js';
import type { OncallTables } from '../oncall/oncall.table.js';

/** Core tables of the foundation; each feature adds its own in its *.table.ts and joins them into DB below. */
export interface UserTable {
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
export interface SessionTable {
  id: string;
  user_id: number;
  created_at: string;
  last_seen_at: string;
  /** 1 while the password was right and the second factor is still to come (migrations/0022_two_factor.sql). */
  factor_pending: Generated<number>;
}
export interface LoginFailureTable {
  id: Generated<number>;
  key: string;
  at: string;
}
export interface ClosureTable {
  id: Generated<number>;
  start_at: string;
  end_at: string;
  reason: string;
  created_by: number | null;
  created_at: string;
}
export interface AuditLogTable {
  id: Generated<number>;
  at: string;
  actor_id: number | null;
  action: string;
  subject_type: string | null;
  subject_id: string | null;
  ip: string | null;
  details: string;
  /** The hash of the row before it in the chain (migration 0023); null only on a row not sealed yet. */
  prev_hash: string | null;
  /** HMAC-SHA256 under AUDIT_KEY of this row and prev_hash (src/audit/audit-chain.ts). */
  hash: string | null;
}
/** Where a purge of old audit rows ended: the last purged row's id and hash, signed (migration 0023). */
export interface AuditCheckpointTable {
  id: Generated<number>;
  last_id: number;
  last_hash: string;
  at: string;
  signature: string;
}

export interface CoreTables {
  users: UserTable;
  sessions: SessionTable;
  login_failures: LoginFailureTable;
  contacts: ContactTable;
  contact_text: ContactTextTable;
  contact_events: ContactEventTable;
  contact_topics: ContactTopicTable;
  closures: ClosureTable;
  audit_log: AuditLogTable;
  audit_checkpoints: AuditCheckpointTable;
}

// Features join here: `export interface DB extends CoreTables, CallTables, MailTables, … {}`
export interface DB
  extends CoreTables,
    CallTables,
    MailTables,
    DraftTables,
    RoutingTables,
    RegistrationTables,
    CareCaseTables,
    ReviewTables,
    RetentionTables,
    StatisticsTables,
    InstanceTables,
    AuthTables,
    CosmTables,
    SignalTables,
    SoftphoneTables,
    OpsTables,
    TranscriptTables,
    CallbackTables,
    OncallTables {}
