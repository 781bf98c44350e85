import type { Generated } from 'kysely';

/** One entry of the audit log, a link of its chain (write it only through writeAudit, audit.queries.ts). */
interface AuditLogTable {
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
interface AuditCheckpointTable {
  id: Generated<number>;
  last_id: number;
  last_hash: string;
  at: string;
  signature: string;
}

/** The audit's tables, joined into DB in src/db/schema.ts. */
export interface AuditTables {
  audit_log: AuditLogTable;
  audit_checkpoints: AuditCheckpointTable;
}
