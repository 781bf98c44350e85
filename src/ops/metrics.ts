import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

/** What /metrics reads from the database at each scrape (the desk's picture, the same on every instance). */
export interface DeskFigures {
  outbox: Record<string, number>;
  queues: Record<string, number>;
  reviewWaiting: number;
  reviewOldestSeconds: number;
  purgeRuns: Record<string, number>;
}

/**
 * The instance's Prometheus metrics, in a registry of its own (tests build many apps in one process). Counters
 * count what this instance saw since it started; the desk's figures (queues, outbox, review) are set from the
 * database at each scrape. Labels are route patterns, channels and outcomes — never an id, address or number.
 */
export class Metrics {
  readonly registry = new Registry();
  readonly webhooks = new Counter({
    name: 'baken_webhooks_total',
    help: 'Twilio webhooks received, by route pattern and outcome (accepted, refused, rejected, failed)',
    labelNames: ['hook', 'outcome'] as const,
    registers: [this.registry],
  });
  readonly mailsIn = new Counter({
    name: 'baken_mails_in_total',
    help: 'Incoming mails by channel (smtp, imap) and outcome (stored, duplicate, failed)',
    labelNames: ['channel', 'outcome'] as const,
    registers: [this.registry],
  });
  readonly outboxSends = new Counter({
    name: 'baken_outbox_sends_total',
    help: 'Outgoing mails this instance tried to send, by outcome (sent, retry, failed)',
    labelNames: ['outcome'] as const,
    registers: [this.registry],
  });
  readonly jobRuns = new Counter({
    name: 'baken_job_runs_total',
    help: 'Background job runs on this instance, by job',
    labelNames: ['job'] as const,
    registers: [this.registry],
  });
  readonly jobFailures = new Counter({
    name: 'baken_job_failures_total',
    help: 'Background job runs that failed on this instance, by job',
    labelNames: ['job'] as const,
    registers: [this.registry],
  });
  readonly requestDuration = new Histogram({
    name: 'baken_http_request_duration_seconds',
    help: 'HTTP request latency by method, route pattern and status class',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [this.registry],
  });
  private readonly outbox = new Gauge({
    name: 'baken_outbox_mails',
    help: 'Mails in the outbox by status (queued and sending are its depth; failed wait for an agent)',
    labelNames: ['status'] as const,
    registers: [this.registry],
  });
  private readonly queues = new Gauge({
    name: 'baken_queue_open_contacts',
    help: 'Open contacts per queue',
    labelNames: ['queue'] as const,
    registers: [this.registry],
  });
  private readonly reviewWaiting = new Gauge({
    name: 'baken_review_waiting_items',
    help: 'After-hours items waiting for review',
    registers: [this.registry],
  });
  private readonly reviewOldest = new Gauge({
    name: 'baken_review_oldest_waiting_seconds',
    help: 'Age of the oldest after-hours item waiting for review (0 when none waits)',
    registers: [this.registry],
  });
  private readonly purgeRuns = new Gauge({
    name: 'baken_retention_purge_runs',
    help: 'Retention purge runs recorded, by status (running, done, failed, interrupted)',
    labelNames: ['status'] as const,
    registers: [this.registry],
  });
  private defaultsOn = false;

  /** Turns on Node's own metrics (event-loop delay, memory, GC, handles) — once, and only where /metrics is served. */
  collectProcessMetrics(): void {
    if (this.defaultsOn) return;
    this.defaultsOn = true;
    collectDefaultMetrics({ register: this.registry, eventLoopMonitoringPrecision: 10 });
  }

  /** The exposition text, with the desk's figures as read just now. */
  async text(desk: DeskFigures): Promise<string> {
    const setAll = (g: Gauge<string>, label: string, values: Record<string, number>) => {
      g.reset();
      for (const [k, v] of Object.entries(values)) g.set({ [label]: k }, v);
    };
    setAll(this.outbox, 'status', desk.outbox);
    setAll(this.queues, 'queue', desk.queues);
    setAll(this.purgeRuns, 'status', desk.purgeRuns);
    this.reviewWaiting.set(desk.reviewWaiting);
    this.reviewOldest.set(desk.reviewOldestSeconds);
    return this.registry.metrics();
  }
}
