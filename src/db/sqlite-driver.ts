// Baken's Kysely driver for SQLite (PostgreSQL has its own pool and never uses this file).
//
// SQLite is one connection in one process: every query and transaction takes turns on it. This driver hands the
// connection on strictly in arrival order (FifoLock; Kysely's own mutex wakes every waiter on each release and
// lets whoever runs first take it), and commits the transactions of one turn of the event loop together (group
// commit): each transaction runs in its own SAVEPOINT inside one outer transaction, and the outer COMMIT runs once
// the event loop has handled the other requests that arrived with it (setImmediate), or after `maxBatch`
// transactions, or before any statement outside a transaction that may write. A transaction's `execute()` still
// resolves only after the COMMIT that made it durable, so a webhook answered 200 is on disk, and a transaction
// that throws is rolled back to its savepoint alone. Under a flood of webhooks one COMMIT (and its WAL pages,
// written once) serves ~30 calls; on an idle desk each transaction commits on its own, a moment later.
// bench/RESULTS.md has the figures.
import type Database from 'better-sqlite3';
import {
  CompiledQuery,
  SqliteDialect,
  type DatabaseConnection,
  type Driver,
  type QueryResult,
  type SqliteDialectConfig,
} from 'kysely';

/** A lock that hands itself to waiters in the order they asked for it (first come, first served). */
export class FifoLock {
  #held = false;
  readonly #waiters: Array<() => void> = [];

  /** Resolves when the caller holds the lock. */
  acquire(): Promise<void> {
    if (!this.#held) {
      this.#held = true;
      return Promise.resolve();
    }
    return new Promise((resolve) => this.#waiters.push(resolve));
  }

  /** Passes the lock to the longest waiter, or frees it. */
  release(): void {
    const next = this.#waiters.shift();
    if (next) next();
    else this.#held = false;
  }

  /** How many are waiting for the lock now. */
  get waiting(): number {
    return this.#waiters.length;
  }

  get held(): boolean {
    return this.#held;
  }
}

/** What the driver counted since it opened (or since `reset`): for the benchmarks' profile, never personal data. */
export interface DriverStats {
  acquisitions: number;
  /** Time spent waiting for the connection, summed and the longest, in milliseconds. */
  waitMs: number;
  maxWaitMs: number;
  maxWaiting: number;
  transactions: number;
  commits: number;
  /** Transactions in the largest group commit. */
  maxBatch: number;
  statements: number;
  statementMs: number;
  commitMs: number;
  /** The longest COMMIT, in milliseconds (a stall every request behind it waits for). */
  maxCommitMs: number;
  /** Time per SQL text (parameters never included), for the profile's heaviest statements. */
  bySql: Map<string, { n: number; ms: number }>;
}

const emptyStats = (): DriverStats => ({
  acquisitions: 0,
  waitMs: 0,
  maxWaitMs: 0,
  maxWaiting: 0,
  transactions: 0,
  commits: 0,
  maxBatch: 0,
  statements: 0,
  statementMs: 0,
  commitMs: 0,
  maxCommitMs: 0,
  bySql: new Map(),
});

/** Registered drivers, so a benchmark's probe can read their counters (globalThis.__bakenSqliteStats). */
const drivers = new Set<BakenSqliteDriver>();
(globalThis as { __bakenSqliteStats?: (reset?: boolean) => DriverStats[] }).__bakenSqliteStats = (reset = false) =>
  [...drivers].map((d) => d.stats(reset));

const now = () => performance.now();
/** Taken at load, so a test's fake timers never hold back a COMMIT. */
const realSetImmediate = setImmediate;

type LeaseState = 'idle' | 'transaction' | 'done';

/** One turn on the connection: what Kysely's executor holds from acquireConnection to releaseConnection. */
class Lease implements DatabaseConnection {
  state: LeaseState = 'idle';
  savepoint = 'baken_tx';
  constructor(readonly driver: BakenSqliteDriver) {}

  executeQuery<R>(compiledQuery: CompiledQuery): Promise<QueryResult<R>> {
    try {
      return Promise.resolve(this.driver.run<R>(compiledQuery, this.state === 'idle'));
    } catch (e) {
      return Promise.reject(e);
    }
  }

  // biome-ignore lint/correctness/useYield: Kysely's interface; streaming is not used by Baken on SQLite
  async *streamQuery<R>(): AsyncIterableIterator<QueryResult<R>> {
    throw new Error('streaming queries are not supported on SQLite');
  }
}

export interface BakenSqliteDriverOptions {
  /** Commit transactions that queue up together (default true); false commits each on its own. */
  groupCommit?: boolean;
  /** The most transactions in one group commit. */
  maxBatch?: number;
}

export class BakenSqliteDriver implements Driver {
  readonly #db: Database.Database;
  readonly #lock = new FifoLock();
  readonly #groupCommit: boolean;
  readonly #maxBatch: number;
  /** The open outer transaction's members waiting for its COMMIT; null when no outer transaction is open. */
  #batch: Array<{ resolve: () => void; reject: (e: unknown) => void }> | null = null;
  #batchSize = 0;
  #commitScheduled = false;
  #commitDue = false;
  #stats = emptyStats();

  constructor(db: Database.Database, opts: BakenSqliteDriverOptions = {}) {
    this.#db = db;
    // BAKEN_GROUP_COMMIT=0 turns group commit off (for benchmarks comparing the two).
    this.#groupCommit = opts.groupCommit ?? process.env.BAKEN_GROUP_COMMIT !== '0';
    this.#maxBatch = opts.maxBatch ?? 64;
  }

  async init(): Promise<void> {
    drivers.add(this);
  }

  async acquireConnection(): Promise<DatabaseConnection> {
    this.#stats.acquisitions++;
    if (this.#lock.held) {
      const t0 = now();
      this.#stats.maxWaiting = Math.max(this.#stats.maxWaiting, this.#lock.waiting + 1);
      await this.#lock.acquire();
      const waited = now() - t0;
      this.#stats.waitMs += waited;
      if (waited > this.#stats.maxWaitMs) this.#stats.maxWaitMs = waited;
    } else await this.#lock.acquire();
    return new Lease(this);
  }

  /**
   * Runs one statement. A statement outside a transaction (`autocommit`) that may write never joins an open
   * group: the group is committed first, so the statement commits on its own before its promise resolves.
   */
  run<R>(compiledQuery: CompiledQuery, autocommit: boolean): QueryResult<R> {
    const { sql, parameters } = compiledQuery;
    const stmt = this.#db.prepare(sql);
    if (autocommit && this.#batch && !stmt.readonly) this.#commitBatch();
    const t0 = now();
    try {
      if (stmt.reader) return { rows: stmt.all(parameters) as R[] };
      const { changes, lastInsertRowid } = stmt.run(parameters);
      return {
        numAffectedRows: changes !== undefined && changes !== null ? BigInt(changes) : undefined,
        insertId: lastInsertRowid !== undefined && lastInsertRowid !== null ? BigInt(lastInsertRowid) : undefined,
        rows: [],
      };
    } finally {
      const ms = now() - t0;
      this.#stats.statements++;
      this.#stats.statementMs += ms;
      const entry = this.#stats.bySql.get(sql);
      if (entry) {
        entry.n++;
        entry.ms += ms;
      } else if (this.#stats.bySql.size < 2000) this.#stats.bySql.set(sql, { n: 1, ms });
    }
  }

  async beginTransaction(connection: DatabaseConnection): Promise<void> {
    const lease = connection as Lease;
    this.#stats.transactions++;
    // A statement that rolled back the whole outer transaction (an I/O error, a full disk) lost the group: its
    // members learn it now and a new group starts.
    if (this.#batch && !this.#db.inTransaction) this.#failBatch(new Error('the group transaction was rolled back'));
    if (!this.#batch) {
      this.#db.prepare('BEGIN').run();
      this.#batch = [];
      this.#batchSize = 0;
    }
    // One name for every transaction: they never nest (one holds the connection at a time), and a constant
    // text keeps the statement cache from filling with one-off SAVEPOINT statements.
    lease.savepoint = 'baken_tx';
    this.#db.prepare(`SAVEPOINT ${lease.savepoint}`).run();
    this.#batchSize++;
    lease.state = 'transaction';
  }

  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    const lease = connection as Lease;
    if (lease.state !== 'transaction') throw new Error('no transaction to commit');
    this.#db.prepare(`RELEASE ${lease.savepoint}`).run();
    lease.state = 'done';
    const batch = this.#batch!;
    const committed = new Promise<void>((resolve, reject) => batch.push({ resolve, reject }));
    // Handing the connection on before the COMMIT is what lets the next transaction join this group.
    this.#handOn(lease);
    return committed;
  }

  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    const lease = connection as Lease;
    // 'done': the group's COMMIT failed after this transaction's part was released; the group was rolled back.
    if (lease.state !== 'transaction') return;
    lease.state = 'done';
    if (this.#db.inTransaction) {
      this.#db.prepare(`ROLLBACK TO ${lease.savepoint}`).run();
      this.#db.prepare(`RELEASE ${lease.savepoint}`).run();
    }
    this.#batchSize--;
    this.#handOn(lease);
  }

  async releaseConnection(connection: DatabaseConnection): Promise<void> {
    const lease = connection as Lease;
    if (lease.state === 'done') return; // handed on already (commit or rollback)
    if (lease.state === 'transaction') throw new Error('connection released inside a transaction');
    lease.state = 'done';
    this.#handOn(lease);
  }

  async savepoint(connection: DatabaseConnection, name: string): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw(`SAVEPOINT "${name.replace(/"/g, '')}"`));
  }

  async rollbackToSavepoint(connection: DatabaseConnection, name: string): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw(`ROLLBACK TO "${name.replace(/"/g, '')}"`));
  }

  async releaseSavepoint(connection: DatabaseConnection, name: string): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw(`RELEASE "${name.replace(/"/g, '')}"`));
  }

  async destroy(): Promise<void> {
    if (this.#batch) this.#commitBatch();
    drivers.delete(this);
    this.#db.close();
  }

  /** The counters (and zeroes them when `reset`). */
  stats(reset = false): DriverStats {
    const s = { ...this.#stats, bySql: new Map(this.#stats.bySql) };
    if (reset) this.#stats = emptyStats();
    return s;
  }

  /** Ends a turn: commits the open group unless someone waits to join it, then passes the connection on. */
  #handOn(_lease: Lease): void {
    if (this.#batch) {
      if (!this.#groupCommit || this.#batchSize >= this.#maxBatch || this.#commitDue) this.#commitBatch();
      else if (!this.#commitScheduled) {
        // The group stays open until the event loop has run the other requests that arrived with this one.
        this.#commitScheduled = true;
        realSetImmediate(() => {
          this.#commitScheduled = false;
          if (!this.#batch) return;
          // A transaction that awaits more than the database holds the connection: the group commits after it.
          if (this.#lock.held) this.#commitDue = true;
          else this.#commitBatch();
        });
      }
    }
    this.#lock.release();
  }

  /** Rejects every member of the open group (its transaction is gone). */
  #failBatch(e: unknown): void {
    const batch = this.#batch ?? [];
    this.#batch = null;
    if (this.#db.inTransaction) this.#db.prepare('ROLLBACK').run();
    for (const m of batch) m.reject(e);
  }

  /** COMMITs the outer transaction and settles every member waiting for it. */
  #commitBatch(): void {
    this.#commitDue = false;
    const batch = this.#batch!;
    this.#batch = null;
    if (batch.length === 0) {
      // Only rolled-back members: nothing to make durable.
      if (this.#db.inTransaction) this.#db.prepare('ROLLBACK').run();
      return;
    }
    const t0 = now();
    try {
      this.#db.prepare('COMMIT').run();
    } catch (e) {
      this.#batch = batch;
      this.#failBatch(e);
      return;
    } finally {
      const ms = now() - t0;
      this.#stats.commits++;
      this.#stats.commitMs += ms;
      if (ms > this.#stats.maxCommitMs) this.#stats.maxCommitMs = ms;
      if (batch.length > this.#stats.maxBatch) this.#stats.maxBatch = batch.length;
    }
    for (const m of batch) m.resolve();
  }
}

/** Kysely's SQLite dialect with Baken's driver (FIFO turns and group commit). */
export class BakenSqliteDialect extends SqliteDialect {
  readonly #database: Database.Database;
  readonly #opts: BakenSqliteDriverOptions;
  constructor(config: SqliteDialectConfig & { database: Database.Database }, opts: BakenSqliteDriverOptions = {}) {
    super(config);
    this.#database = config.database;
    this.#opts = opts;
  }

  override createDriver(): Driver {
    return new BakenSqliteDriver(this.#database, this.#opts);
  }
}
