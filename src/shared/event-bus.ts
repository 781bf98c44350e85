import { EventEmitter } from 'node:events';

/** Live events pushed to open browsers over server-sent events (screen pop, inbox refresh). */
export interface LiveEvent {
  type: string;
  /** Only users with one of these roles receive it; empty means every signed-in user. */
  roles?: string[];
  data: Record<string, unknown>;
}

/** An in-process publish/subscribe hub; one instance per app. */
export class EventBus {
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
}
