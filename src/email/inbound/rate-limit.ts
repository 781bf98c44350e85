import type { Db } from '../../db/database.js';
import { pruneFloodBuckets, takeFloodToken } from '../../db/flood-buckets.js';

/**
 * Token buckets keyed by a string (a client address, a sender), pure: the caller passes the time.
 * A bucket holds at most `burst` tokens and refills `perSecond`; each message takes one. Buckets that
 * are full again are forgotten, so memory stays bounded by the keys active in the last few minutes.
 */
export class TokenBuckets {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  constructor(
    private readonly burst: number,
    private readonly perSecond: number,
    private readonly maxKeys = 50_000,
  ) {}

  /** Takes a token for `key` at `nowMs`; false when the bucket is empty (the caller answers 4xx). */
  take(key: string, nowMs: number): boolean {
    const b = this.buckets.get(key);
    const tokens = b ? Math.min(this.burst, b.tokens + ((nowMs - b.at) / 1000) * this.perSecond) : this.burst;
    if (tokens < 1) {
      this.buckets.set(key, { tokens, at: nowMs });
      return false;
    }
    this.buckets.set(key, { tokens: tokens - 1, at: nowMs });
    if (this.buckets.size > this.maxKeys) this.prune(nowMs);
    return true;
  }

  private prune(nowMs: number): void {
    for (const [k, b] of this.buckets)
      if (b.tokens + ((nowMs - b.at) / 1000) * this.perSecond >= this.burst) this.buckets.delete(k);
    if (this.buckets.size > this.maxKeys) this.buckets.clear();
  }

  get size(): number {
    return this.buckets.size;
  }
}

/**
 * The same token buckets kept in the database (flood_buckets), so a limit holds across every instance that runs
 * the SMTP listener on one database — not once per instance. Each take is one upsert and one conditional UPDATE;
 * buckets full again are pruned every few hundred takes.
 */
export class SharedTokenBuckets {
  private takes = 0;
  constructor(
    private readonly db: Db,
    private readonly burst: number,
    private readonly perSecond: number,
    private readonly pruneEvery = 500,
  ) {}

  /** Takes a token for `key` at `nowMs`; false when the bucket is empty (the caller answers 4xx). */
  async take(key: string, nowMs: number): Promise<boolean> {
    if (++this.takes % this.pruneEvery === 0) await pruneFloodBuckets(this.db, nowMs);
    return takeFloodToken(this.db, key, { burst: this.burst, perSecond: this.perSecond, nowMs });
  }
}

export interface RateLimits {
  /** Messages one client address (the organisation's relay, in production) may send: burst, then per second. */
  clientBurst: number;
  clientPerSecond: number;
  /** Messages one envelope sender may send: burst, then per second. */
  senderBurst: number;
  senderPerSecond: number;
  /** Connections open at once from one client address. */
  connectionsPerClient: number;
}

/** The listener's defaults: generous for a relay that forwards all of the desk's mail, tight for one sender. */
export const DEFAULT_RATE_LIMITS: RateLimits = {
  clientBurst: 300,
  clientPerSecond: 10,
  senderBurst: 20,
  senderPerSecond: 1 / 30,
  connectionsPerClient: 20,
};
