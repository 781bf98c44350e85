import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { isPostgresUrl } from './database.js';
import {
  type EventBus,
  type EventRelay,
  InProcessEventBus,
  type LiveEvent,
  RelayedEventBus,
} from '../shared/event-bus.js';

/** The one channel every Baken instance on a database listens on. */
const LIVE_CHANNEL = 'baken_live';
/** PostgreSQL refuses a NOTIFY payload of 8000 bytes or more; a larger event travels through live_event_spill. */
const MAX_INLINE_BYTES = 7_500;
/** How long a spilled event is kept for the instances to read it. */
const SPILL_KEEP_MS = 60_000;

interface Logger {
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
}

/** What travels in a notification: the sending instance and either the event or the id of its spilled copy. */
type Wire = { o: string; e: LiveEvent } | { o: string; s: number };

export interface NotifyRelayOptions {
  connectionString: string;
  log: Logger;
  channel?: string;
  /** This instance's id; notifications carrying it are its own and are skipped. */
  instanceId?: string;
  /** First wait before reconnecting after the listening connection dropped; doubles up to 30 s. */
  reconnectMs?: number;
}

/**
 * Live events between instances over PostgreSQL's LISTEN/NOTIFY. One dedicated connection per instance listens
 * on one channel and reconnects with backoff when it drops; events are sent in order through one other
 * connection with `pg_notify(channel, json)`. Each notification names its sending instance, which skips it (it
 * delivered the event to its own subscribers already). Events carry ids and short labels only, as in process.
 */
export class NotifyRelay implements EventRelay {
  readonly instanceId: string;
  private readonly channel: string;
  private readonly sender: pg.Pool;
  private listener: pg.Client | null = null;
  private deliver: ((e: LiveEvent) => void) | null = null;
  private stopped = false;
  private retryMs: number;
  private retryTimer: NodeJS.Timeout | null = null;
  private received: Promise<void> = Promise.resolve();
  private sending: Promise<void> = Promise.resolve();

  constructor(private readonly opts: NotifyRelayOptions) {
    this.instanceId = opts.instanceId ?? randomUUID();
    this.channel = opts.channel ?? LIVE_CHANNEL;
    this.retryMs = opts.reconnectMs ?? 500;
    // One connection: sends go out in the order they were published.
    this.sender = new pg.Pool({
      connectionString: opts.connectionString,
      max: 1,
      idleTimeoutMillis: 30_000,
      connectionTimeoutMillis: 10_000,
      application_name: 'baken-live',
    });
    this.sender.on('error', (e) => this.opts.log.warn('live event sender connection lost', { code: codeOf(e) }));
    // A connection lost while it is checked out reports on the client; the send it was doing fails (and says so).
    this.sender.on('connect', (client) => client.on('error', () => {}));
  }

  async start(deliver: (e: LiveEvent) => void): Promise<void> {
    this.deliver = deliver;
    await this.connect();
  }

  /** Whether the listening connection is up (for tests and health). */
  get listening(): boolean {
    return this.listener !== null;
  }

  /** Closes the listening connection as if the network dropped it (tests: the relay must come back by itself). */
  dropConnection(): void {
    const l = this.listener;
    if (l) (l as unknown as { connection: { stream: { destroy(): void } } }).connection.stream.destroy();
  }

  send(event: LiveEvent): void {
    const { remote: _remote, ...e } = event;
    const text = JSON.stringify({ o: this.instanceId, e } satisfies Wire);
    this.sending = this.sending
      .then(async () => {
        if (this.stopped) return;
        if (Buffer.byteLength(text) <= MAX_INLINE_BYTES) {
          await this.sender.query('SELECT pg_notify($1, $2)', [this.channel, text]);
          return;
        }
        const now = Date.now();
        const r = await this.sender.query<{ id: number }>(
          'INSERT INTO live_event_spill (payload, created_at) VALUES ($1, $2) RETURNING id',
          [JSON.stringify(e), new Date(now).toISOString()],
        );
        await this.sender.query('SELECT pg_notify($1, $2)', [
          this.channel,
          JSON.stringify({ o: this.instanceId, s: Number(r.rows[0]!.id) } satisfies Wire),
        ]);
        await this.sender.query('DELETE FROM live_event_spill WHERE created_at < $1', [
          new Date(now - SPILL_KEEP_MS).toISOString(),
        ]);
      })
      .catch((err: unknown) =>
        this.opts.log.warn('live event not sent to the other instances', { type: e.type, code: codeOf(err) }),
      );
  }

  /** Resolves when every event sent so far went out (tests). */
  flushed(): Promise<void> {
    return this.sending;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    await this.sending;
    const l = this.listener;
    this.listener = null;
    await l?.end().catch(() => {});
    await this.sender.end().catch(() => {});
  }

  private async connect(): Promise<void> {
    const client = new pg.Client({
      connectionString: this.opts.connectionString,
      keepAlive: true,
      connectionTimeoutMillis: 10_000,
      application_name: 'baken-live',
    });
    let lost = false;
    // A connection that went silent (no reset from the network) is found by a ping every 30 s.
    let ping: NodeJS.Timeout | null = null;
    const onLost = (e?: Error) => {
      if (lost) return;
      lost = true;
      if (ping) clearInterval(ping);
      if (this.listener === client) this.listener = null;
      client.end().catch(() => {});
      if (this.stopped) return;
      this.opts.log.warn('live event connection lost, reconnecting', { code: e ? codeOf(e) : null });
      this.scheduleReconnect();
    };
    client.on('error', onLost);
    client.on('end', () => onLost());
    client.on('notification', (m) => {
      if (m.channel !== this.channel || !m.payload) return;
      const payload = m.payload;
      // In order, also when a spilled event has to be read first.
      this.received = this.received.then(() => this.receive(payload, client)).catch(() => {});
    });
    try {
      await client.connect();
      await client.query(`LISTEN ${pg.escapeIdentifier(this.channel)}`);
    } catch (e) {
      onLost(e as Error);
      return;
    }
    if (this.stopped) {
      await client.end().catch(() => {});
      return;
    }
    this.listener = client;
    this.retryMs = this.opts.reconnectMs ?? 500;
    ping = setInterval(() => {
      client.query('SELECT 1').catch((e: Error) => onLost(e));
    }, 30_000);
    ping.unref();
  }

  private scheduleReconnect(): void {
    const wait = this.retryMs;
    this.retryMs = Math.min(this.retryMs * 2, 30_000);
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      if (!this.stopped) void this.connect().then(() => this.listener && this.opts.log.info('live events reconnected'));
    }, wait);
  }

  private async receive(payload: string, client: pg.Client): Promise<void> {
    let wire: Wire;
    try {
      wire = JSON.parse(payload) as Wire;
    } catch {
      return;
    }
    if (wire.o === this.instanceId) return;
    let event: LiveEvent | undefined;
    if ('e' in wire) event = wire.e;
    else {
      const r = await client.query<{ payload: string }>('SELECT payload FROM live_event_spill WHERE id = $1', [wire.s]);
      if (r.rows[0]) event = JSON.parse(r.rows[0].payload) as LiveEvent;
    }
    if (event && typeof event.type === 'string' && event.data && typeof event.data === 'object') this.deliver?.(event);
  }
}

/**
 * The live event bus for a database: in process for an SQLite file (one instance serves the desk), relayed over
 * LISTEN/NOTIFY to every instance for PostgreSQL. Resolves once the relay listens (or is retrying in the background).
 */
export async function createEventBus(databaseUrl: string, log: Logger, instanceId: string): Promise<EventBus> {
  if (!isPostgresUrl(databaseUrl)) return new InProcessEventBus();
  const bus = new RelayedEventBus(new NotifyRelay({ connectionString: databaseUrl, log, instanceId }));
  await bus.start();
  return bus;
}

const codeOf = (e: unknown) => (e as { code?: string }).code ?? null;
