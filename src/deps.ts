import type { Config } from './config.js';
import type { Db } from './db/database.js';
import type { FieldCrypto } from './crypto/field-crypto.js';
import type { Logger } from './shared/log.js';
import type { EventBus } from './shared/event-bus.js';
import type { OfficeHours } from './office-hours/office-hours.service.js';
import type { Presence } from './live/presence.js';
import type { ContactPlugins } from './contacts/contacts.plugin.js';
import type { Metrics } from './ops/metrics.js';
import type { JobBoard } from './ops/job-board.js';

/** Everything a feature needs, built once in main.ts (or by createTestApp) and passed down explicitly. */
export interface Deps {
  config: Config;
  db: Db;
  crypto: FieldCrypto;
  /** The injected clock: services never call `new Date()` themselves. */
  clock: () => Date;
  log: Logger;
  /** This process's id among the instances sharing the database (the holder of its leases and outbox claims). */
  instanceId: string;
  events: EventBus;
  officeHours: OfficeHours;
  /** Who has which contact open (in memory). */
  presence: Presence;
  /** What the channel features add to the contact page (panels, timeline texts), registered in createApp. */
  contactPlugins: ContactPlugins;
  /** This instance's Prometheus metrics (src/ops/metrics.ts), served at /metrics with METRICS_TOKEN. */
  metrics: Metrics;
  /** Where background jobs report their runs: /metrics and the admins' jobs page (src/ops/job-board.ts). */
  jobs: JobBoard;
}
