import { EventEmitter } from 'node:events';

/** Live events pushed to open browsers over server-sent events (screen pop, inbox refresh). */
export interface LiveEvent {
  type: string;
  /** Only users with one of these roles receive it; empty means every signed-in user. */
  roles?: string[];
  data: Record<string, unknown>;
  /**
   * Set on an event that another instance published (PostgreSQL with several instances). A subscriber that
   * derives events of its own from an event (the review list) derives them only from local ones: the instance
   * that published the original derives them once for everyone.
   */
  remote?: true;
}

/**
 * Publish/subscribe for live events, one per app. `publish` delivers to this instance's subscribers at once and
 * in order; with several instances on one PostgreSQL database it also reaches every other instance's subscribers
 * (src/db/notify.ts). An instance never receives its own event twice.
 */
export interface EventBus {
  publish(event: LiveEvent): void;
  subscribe(fn: (e: LiveEvent) => void): () => void;
  readonly subscribers: number;
  /** Stops reaching other instances (a no-op in process). */
  close(): Promise<void>;
}

/** The in-process bus: one instance serves the desk (SQLite), so every event stays in this process. */
export class InProcessEventBus implements EventBus {
  private readonly emitter = new EventEmitter();
  constructor() {
    this.emitter.setMaxListeners(0);
  }
  publish(event: LiveEvent): void {
    this.emitter.emit('event', event);
  }
  subscribe(fn: (e: LiveEvent) => void): () => void {
    this.emitter.on('event', fn);
    return () => this.emitter.off('event', fn);
  }
  get subscribers(): number {
    return this.emitter.listenerCount('event');
  }
  async close(): Promise<void> {}
}

/** Where a bus sends its own events and hears other instances' (implemented over LISTEN/NOTIFY in src/db/notify.ts). */
export interface EventRelay {
  /** Sends an event this instance published to the other instances. */
  send(event: LiveEvent): void;
  /** Starts hearing other instances' events (never this instance's own). */
  start(deliver: (e: LiveEvent) => void): Promise<void>;
  stop(): Promise<void>;
}

/**
 * The bus of an instance among several: local subscribers get every event at once (as in process), and the relay
 * carries it to the other instances, whose subscribers get it marked `remote`.
 */
export class RelayedEventBus extends InProcessEventBus {
  constructor(private readonly relay: EventRelay) {
    super();
  }
  /** Connects the relay; events published before it is connected still reach local subscribers. */
  async start(): Promise<void> {
    await this.relay.start((e) => super.publish({ ...e, remote: true }));
  }
  override publish(event: LiveEvent): void {
    super.publish(event);
    if (!event.remote) this.relay.send(event);
  }
  override async close(): Promise<void> {
    await this.relay.stop();
  }
}
