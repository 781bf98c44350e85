import type { Generated } from 'kysely';

/** The kinds an admin sets a period for (migrations/0016_retention.sql, 0020_retention_contacts.sql), in run order. */
export const KINDS = ['recordings', 'transcriptions', 'mail', 'identifiers', 'contacts', 'audit'] as const;
export type Kind = (typeof KINDS)[number];

interface RetentionSettingTable {
  kind: Kind;
  days: number;
  updated_at: string;
  updated_by: number | null;
}

export interface RetentionRunTable {
  id: Generated<number>;
  origin: 'schedule' | 'manual';
  started_by: number | null;
  status: 'running' | 'done' | 'failed' | 'interrupted';
  started_at: string;
  finished_at: string | null;
  current_kind: Kind | null;
  done_count: Generated<number>;
  total_count: Generated<number>;
  counts: Generated<string>;
  /** Why the run stopped (migrations/0020): 'disk_full' or 'error'; null when it did not fail. */
  failure: 'disk_full' | 'error' | null;
}

export interface RetentionPurgedTable {
  kind: 'recording' | 'transcription' | 'mail' | 'registration' | 'contact';
  item_id: number;
  purged_at: string;
  run_id: number | null;
}

interface RetentionAuditGateTable {
  id: number;
  cutoff: string | null;
}

export interface RetentionTables {
  retention_settings: RetentionSettingTable;
  retention_runs: RetentionRunTable;
  retention_purged: RetentionPurgedTable;
  retention_audit_gate: RetentionAuditGateTable;
}
