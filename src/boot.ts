import type { Config } from './config.js';
import type { Deps } from './deps.js';
import type { Logger } from './shared/log.js';
import { openDatabase } from './db/database.js';
import { migrate } from './db/migrator.js';
import { postgresDurabilityGaps } from './db/health.js';
import { resolveDataKey } from './crypto/data-key.js';
import { resolveAuditKey } from './crypto/audit-key.js';
import { startAuditChain } from './audit/audit-chain.service.js';
import { protectDataFiles } from './db/data-files.js';
import { encryptClearTranscriptions } from './calls/voicemail.service.js';
import { FieldCrypto } from './crypto/field-crypto.js';
import { randomUUID } from 'node:crypto';
import { createEventBus } from './db/notify.js';
import { startLeasedJob } from './db/leases.js';
import { Presence, sharePresence } from './live/presence.js';
import { ContactPlugins } from './contacts/contacts.plugin.js';
import { OfficeHours } from './office-hours/office-hours.service.js';
import { ensureFirstAdmin } from './users/users.service.js';
import { hasUsers } from './auth/auth.service.js';
import { startEmailWorkers } from './email/email.background.js';
import { startOncallWorker } from './oncall/oncall.service.js';
import { startNameHashBackfill } from './contacts/name-hash.backfill.js';
import { raiseDeadlineTasks } from './registrations/deadlines.service.js';
import { raiseWaitingRequests } from './cosm/cosm.service.js';
import { purgeIfDue } from './retention/retention.service.js';
import { registerPlugins } from './plugins.js';
import { loadDeskModel } from './routing/model-store.js';
import { Metrics } from './ops/metrics.js';
import { JobBoard } from './ops/job-board.js';

/** Opens and migrates the database and builds the dependencies; creates the first admin when there are no users. */
export async function buildDeps(config: Config, log: Logger, clock: () => Date = () => new Date()): Promise<Deps> {
  const { db } = openDatabase(config.databaseUrl ?? config.databasePath);
  let applied: string[];
  try {
    applied = await migrate(db);
  } catch (e) {
    await db.destroy().catch(() => {});
    throw e;
  }
  if (applied.length) log.info('database migrated', { applied });
  const gaps = await postgresDurabilityGaps(db).catch(() => []);
  if (gaps.length)
    log.warn('PostgreSQL runs with settings under which answered calls and mail may be lost on a power loss', {
      settings: gaps,
    });
  const crypto = new FieldCrypto(
    resolveDataKey(config.dataKey, config.dataDir, (m) => log.warn(m), {
      development: config.nodeEnv !== 'production',
      allowInDataDir: config.dataKeyInDataDir,
    }),
  );
  // The audit chain's key, apart from the field key (docs/contract.md); existing rows are sealed once, before any new one.
  const auditKey = resolveAuditKey(config.auditKey, config.dataDir, (m) => log.warn(m), {
    development: config.nodeEnv !== 'production',
    allowInDataDir: config.auditKeyInDataDir,
  });
  await startAuditChain(db, auditKey, log);
  protectDataFiles(config);
  const encrypted = await encryptClearTranscriptions({ db, crypto });
  if (encrypted) log.info('voicemail transcriptions encrypted at rest', { count: encrypted });
  const officeHours = new OfficeHours(db, config.office);
  await officeHours.reload();
  // The classifier's learned half: the model trained on this desk's corrections, else the shipped one.
  const model = await loadDeskModel(db);
  if (model) log.info('routing model loaded', { trainedAt: model.trainedAt, corrections: model.examples.corrections });
  const instanceId = randomUUID();
  // In process on SQLite; over LISTEN/NOTIFY to every instance on PostgreSQL.
  const events = await createEventBus(config.databaseUrl ?? config.databasePath, log, instanceId);
  const presence = new Presence();
  sharePresence(events, presence);
  const metrics = new Metrics();
  if (config.metricsToken) metrics.collectProcessMetrics();
  const deps: Deps = {
    config,
    db,
    crypto,
    clock,
    log,
    instanceId,
    events,
    officeHours,
    presence,
    contactPlugins: new ContactPlugins(),
    metrics,
    jobs: new JobBoard({ db, instanceId, log, metrics }),
  };
  registerPlugins(deps);
  if (await ensureFirstAdmin(deps)) log.info('first admin created from ADMIN_EMAIL');
  else if (!(await hasUsers(deps))) {
    log.warn(
      'no users yet: set ADMIN_EMAIL and ADMIN_PASSWORD and restart to create the first admin (or run npm run demo)',
    );
  }
  return deps;
}

/**
 * Starts the background workers (mail listener, IMAP poller, outbox, periodic jobs); returns a function that stops
 * them. Every instance starts all of them: each item of work is taken by one instance (src/db/leases.ts).
 */
export async function startBackground(deps: Deps): Promise<() => Promise<void>> {
  const stops: (() => Promise<void>)[] = [];
  // Channels register their workers here.
  stops.push(...(await startEmailWorkers(deps)));
  stops.push(startNameHashBackfill(deps));
  // Deadline alerts: one instance per hour raises the tasks.
  stops.push(startLeasedJob(deps, { name: 'deadlines', everyMs: 60 * 60_000, run: () => raiseDeadlineTasks(deps) }));
  // COSM requests still without a place after COSM_WAIT_HOURS: one instance every 15 minutes raises them.
  stops.push(startLeasedJob(deps, { name: 'cosm-wait', everyMs: 15 * 60_000, run: () => raiseWaitingRequests(deps) }));
  // On-call notices (SMS / mail for an urgent item after hours): sent at once, and tried again here.
  stops.push(startOncallWorker(deps));
  // Retention: one instance an hour checks whether the daily purge is due and runs it.
  stops.push(
    startLeasedJob(deps, {
      name: 'retention',
      everyMs: 60 * 60_000,
      firstDelayMs: 60_000,
      run: () => purgeIfDue(deps),
    }),
  );
  return async () => {
    for (const s of stops.reverse()) await s();
  };
}
