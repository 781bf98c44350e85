import type { Generated } from 'kysely';

/** Tables that let several instances share one database (migrations/0018_instances.sql). */
interface LeaseTable {
  name: string;
  /** The instance running the work now; '' when nobody is. */
  holder: string;
  /** Nobody else may start the work before this instant (ISO). */
  expires_at: string;
}
interface FloodBucketTable {
  key: string;
  tokens: number;
  at_ms: number;
  full_at_ms: number;
}
interface LiveEventSpillTable {
  id: number;
  payload: string;
  created_at: string;
}
/** Each instance's last /healthz write (migrations/0027_health_probe.sql, src/db/health.ts). */
interface HealthProbeTable {
  instance: string;
  /** ISO. */
  checked_at: string;
  /** SQLite: 64 kB of random bytes, new at every check (room for a webhook's write); '' on PostgreSQL. */
  pad: Generated<string>;
}
export interface InstanceTables {
  leases: LeaseTable;
  flood_buckets: FloodBucketTable;
  live_event_spill: LiveEventSpillTable;
  health_probe: HealthProbeTable;
}
