import { Resolver } from 'node:dns/promises';

/** The resolver function mailauth takes: a name and a record type, answered as node:dns answers them. */
export type MailResolver = (name: string, rrtype: string) => Promise<never>;

interface Entry {
  until: number;
  value?: unknown;
  error?: { code: string; message: string };
}

/** Answers and "no such record" are kept this long (DKIM keys, SPF and DMARC records change rarely). */
const ANSWER_MS = 5 * 60_000;
/** A server that did not answer (timeout, refused, unreachable) is not asked about that name again for this long. */
const FAILURE_MS = 30_000;
/** After a server timed out, every lookup fails at once for this long: a dead DNS must not hold up every message. */
const UNREACHABLE_MS = 15_000;
const MAX_ENTRIES = 5000;

const NO_RECORD = new Set(['ENOTFOUND', 'ENODATA']);

const failure = (code: string, message = code) => Object.assign(new Error(message), { code });

/**
 * The DNS of the sender checks: one setting (DNS_SERVERS, or the system's servers), a cache shared by every check
 * of the process (answers and "no such record" for five minutes, a failing name for 30 s), and a breaker: once a
 * server timed out, lookups fail at once for 15 s, so an offline desk or a DNS server that never answers turns each
 * message into "could not be verified" without a wait. Each check gets its own query channel (`forCheck`), which is
 * cancelled when the check runs out of time.
 */
export class MailDns {
  private readonly cache = new Map<string, Entry>();
  private readonly pending = new Map<string, Promise<unknown>>();
  private unreachableUntil = 0;

  constructor(
    /** Servers as Node's resolver takes them; [] for the system's. */
    private readonly servers: string[],
    /** Time one query may take before it counts as a timeout. */
    private readonly queryTimeoutMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** A resolver for one message's check, and the way to abandon its queries still under way. */
  forCheck(): { resolve: MailResolver; cancel(): void } {
    // One try: the whole check has a budget of a few seconds, and c-ares doubles the timeout on each retry.
    const channel = new Resolver({ timeout: this.queryTimeoutMs, tries: 1 });
    if (this.servers.length) channel.setServers(this.servers);
    const resolve = ((name: string, rrtype: string) => this.lookup(channel, name, rrtype)) as MailResolver;
    return { resolve, cancel: () => channel.cancel() };
  }

  private async lookup(channel: Resolver, name: string, rrtype: string): Promise<unknown> {
    const key = `${rrtype}:${name.toLowerCase()}`;
    const at = this.now();
    const hit = this.cache.get(key);
    if (hit && hit.until > at) {
      if (hit.error) throw failure(hit.error.code, hit.error.message);
      return hit.value;
    }
    if (at < this.unreachableUntil) throw failure('ETIMEOUT', 'DNS server did not answer a moment ago');
    let ask = this.pending.get(key);
    if (!ask) {
      ask = channel.resolve(name, rrtype).then(
        (value) => {
          this.remember(key, { until: this.now() + ANSWER_MS, value });
          return value;
        },
        (e: { code?: string; message?: string }) => {
          const code = e.code ?? 'ESERVFAIL';
          if (code === 'ETIMEOUT' || code === 'ECONNREFUSED') this.unreachableUntil = this.now() + UNREACHABLE_MS;
          // A cancelled query says nothing about the name: it is not remembered.
          if (code !== 'ECANCELLED')
            this.remember(key, {
              until: this.now() + (NO_RECORD.has(code) ? ANSWER_MS : FAILURE_MS),
              error: { code, message: e.message ?? code },
            });
          throw failure(code, e.message);
        },
      );
      const mine = ask;
      this.pending.set(key, mine);
      void mine.then(
        () => this.pending.get(key) === mine && this.pending.delete(key),
        () => this.pending.get(key) === mine && this.pending.delete(key),
      );
    }
    return ask;
  }

  private remember(key: string, entry: Entry) {
    this.cache.delete(key);
    this.cache.set(key, entry);
    // The oldest entries go first (a Map keeps insertion order).
    while (this.cache.size > MAX_ENTRIES) this.cache.delete(this.cache.keys().next().value!);
  }
}
