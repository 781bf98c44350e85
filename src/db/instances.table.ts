/** Tables that let several instances share one database (migrations/0018_instances.sql). */
export interface LeaseTable {
  name: string;
  /** The instance running the work now; '' when nobody is. */
  holder: string;
  /** Nobody else may start the work before this instant (ISO). */
  expires_at: string;
}
export interface FloodBucketTable {
  key: string;
  tokens: number;
  at_ms: number;
  full_at_ms: number;
}
export interface LiveEventSpillTable {
  id: number;
  payload: string;
  created_at: string;
}
export interface InstanceTables {
  leases: LeaseTable;
  flood_buckets: FloodBucketTable;
  live_event_spill: LiveEventSpillTable;
}
