import type { Deps } from '../deps.js';
import { countOpenByQueue } from '../contacts/contacts.queries.js';
import { outboxCounts } from '../email/outbound/outbox.queries.js';
import { waitingSummary } from '../review/review.queries.js';
import { runCounts } from '../retention/retention.queries.js';
import { formatStamp } from '../shared/time-format.js';
import type { DeskFigures } from './metrics.js';
import { heldLeases, listJobRuns } from './jobs.queries.js';
import { oncallSettings } from '../oncall/oncall.service.js';

/** The desk's figures for /metrics, read from the database at each scrape (the same on every instance). */
async function deskFigures(deps: Deps): Promise<DeskFigures> {
  const [outbox, queues, review, purgeRuns] = await Promise.all([
    outboxCounts(deps.db),
    countOpenByQueue(deps.db),
    waitingSummary(deps.db),
    runCounts(deps.db),
  ]);
  const oldest = review.oldest ? Date.parse(review.oldest) : Number.NaN;
  return {
    outbox,
    queues: queues as Record<string, number>,
    reviewWaiting: review.n,
    reviewOldestSeconds: Number.isNaN(oldest) ? 0 : Math.max(0, (deps.clock().getTime() - oldest) / 1000),
    purgeRuns,
  };
}

/** /metrics' answer: Prometheus' text format. */
export async function metricsText(deps: Deps): Promise<{ body: string; contentType: string }> {
  return { body: await deps.metrics.text(await deskFigures(deps)), contentType: deps.metrics.registry.contentType };
}

/** The jobs this configuration runs, whether or not they ran yet (the page lists a job that never ran, too). */
export function expectedJobs(config: Deps['config'], opts: { oncall?: boolean } = {}): string[] {
  return [
    'deadlines',
    'retention',
    ...(config.mail.smtpUrl ? ['outbox'] : []),
    ...(config.mail.imapUrl ? ['imap'] : []),
    ...(opts.oncall ? ['oncall'] : []),
  ];
}

export interface JobLine {
  job: string;
  lastRun: string;
  lastOk: string;
  nextRun: string;
  lastFailureAt: string;
  lastFailure: string;
  /** The latest run failed. */
  failing: boolean;
  runs: number;
  failures: number;
  /** The instance that ran it last (its id's first characters). */
  instance: string;
  /** An instance holds the job's lease right now. */
  running: boolean;
}

/** Every background job with its last run, next run and last failure, as the desk's database holds them. */
export async function jobsOverview(deps: Deps): Promise<JobLine[]> {
  const [rows, leases, oncall] = await Promise.all([listJobRuns(deps.db), heldLeases(deps.db), oncallSettings(deps)]);
  const zone = deps.config.office.timeZone;
  const now = deps.clock().toISOString();
  const running = new Set(
    leases
      .filter((l) => l.expires_at > now)
      .map((l) => (l.name.startsWith('job:') ? l.name.slice(4) : l.name.split(':')[0]!)),
  );
  const byName = new Map(rows.map((r) => [r.name, r]));
  const names = [
    ...new Set([...expectedJobs(deps.config, { oncall: Boolean(oncall.phone || oncall.email) }), ...byName.keys()]),
  ].sort();
  return names.map((job) => {
    const r = byName.get(job);
    return {
      job,
      lastRun: formatStamp(r?.last_finished_at, zone),
      lastOk: formatStamp(r?.last_ok_at, zone),
      nextRun: formatStamp(r?.next_run_at, zone),
      lastFailureAt: formatStamp(r?.last_failure_at, zone),
      lastFailure: r?.last_failure ?? '',
      failing: !!r?.last_failure_at && r.last_failure_at === r.last_finished_at,
      runs: Number(r?.runs ?? 0),
      failures: Number(r?.failures ?? 0),
      instance: r ? r.instance.slice(0, 8) : '',
      running: running.has(job),
    };
  });
}
