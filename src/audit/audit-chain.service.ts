import type { Db } from '../db/database.js';
import type { Deps } from '../deps.js';
import type { Logger } from '../shared/log.js';
import {
  type ChainBreak,
  type ChainLink,
  ChainVerifier,
  checkpointValid,
  GENESIS,
  sameDigest,
  sealOf,
} from './audit-chain.js';
import { auditKeyOf, useAuditKey } from './chain-key.js';
import {
  chainRowsAfter,
  firstRowUpTo,
  lastAuditRow,
  latestCheckpoint,
  sealUnsealedLog,
  writeAudit,
} from './audit.queries.js';

/** What a verification found: every row intact from `from`, or the first break. */
export interface ChainReport {
  intact: boolean;
  /** Rows verified intact (up to the break). */
  rows: number;
  /** The id of the row verification started after: 0 (genesis) or the last purge's checkpoint. */
  from: number;
  /** The last intact link. */
  head: ChainLink;
  break?: ChainBreak;
}

/** Rows read per query while verifying: the database is never held for the whole walk. */
const BATCH = 2000;

/**
 * Verifies the whole audit log from its last checkpoint (or the genesis) in id order, in batches outside any
 * transaction. A purge that moved the checkpoint while the walk went on would look like deleted rows: a break is
 * confirmed by one more walk when the checkpoint changed meanwhile.
 */
export async function verifyAuditChain(db: Db): Promise<ChainReport> {
  const key = auditKeyOf(db);
  for (let attempt = 1; ; attempt++) {
    const cp = await latestCheckpoint(db);
    const report = await walk(db, key, cp);
    if (report.intact || attempt >= 2) return report;
    const now = await latestCheckpoint(db);
    if (now?.last_id === cp?.last_id && now?.signature === cp?.signature) return report;
  }
}

async function walk(db: Db, key: Buffer, cp: Awaited<ReturnType<typeof latestCheckpoint>>): Promise<ChainReport> {
  const start: ChainLink = cp ? { id: Number(cp.last_id), hash: cp.last_hash } : { id: 0, hash: GENESIS };
  const report = (v: ChainVerifier, b?: ChainBreak): ChainReport => ({
    intact: !b,
    rows: v.count,
    from: start.id,
    head: v.last,
    ...(b ? { break: b } : {}),
  });
  const v = new ChainVerifier(key, start);
  if (cp && !checkpointValid(key, cp)) return report(v, { kind: 'checkpoint', id: start.id });
  const early = cp ? await firstRowUpTo(db, start.id) : undefined;
  if (early !== undefined) return report(v, { kind: 'before_checkpoint', id: early });
  let after = start.id;
  for (;;) {
    const rows = await chainRowsAfter(db, after, BATCH);
    for (const r of rows) {
      const b = v.next(r);
      if (b) return report(v, b);
    }
    if (rows.length < BATCH) return report(v);
    after = Number(rows.at(-1)!.id);
  }
}

/**
 * At start: registers the audit key for the database, seals the rows written before the chain existed (once, the
 * first start after migration 0023), and checks that the last row's seal matches the key — a wrong AUDIT_KEY
 * would otherwise seal new rows that never verify. A mismatch is logged, never fatal: the desk keeps working.
 */
export async function startAuditChain(db: Db, key: Buffer, log: Logger): Promise<void> {
  useAuditKey(db, key);
  const sealed = await db.transaction().execute((trx) => sealUnsealedLog(trx));
  if (sealed) log.info('audit log: existing rows sealed onto the chain', { count: sealed });
  const last = await lastAuditRow(db);
  if (last?.hash && last.prev_hash && !sameDigest(sealOf(key, last, last.prev_hash), last.hash))
    log.error(
      'audit log: the last row does not match AUDIT_KEY (a different key, or a changed row); run npm run audit:verify',
      { id: last.id },
    );
}

/** Verifies the chain for the admin page and audits that it was done, with the outcome (ids and counts only). */
export async function verifyForAdmin(deps: Deps, actor: { id: number; ip: string | null }): Promise<ChainReport> {
  const report = await verifyAuditChain(deps.db);
  await writeAudit(deps.db, {
    at: deps.clock().toISOString(),
    actorId: actor.id,
    action: 'audit.verify',
    subjectType: 'audit_log',
    ip: actor.ip,
    details: report.break
      ? { intact: false, rows: report.rows, kind: report.break.kind, id: report.break.id }
      : { intact: true, rows: report.rows, head: report.head.id },
  });
  return report;
}

/** One line for the command and the log: intact with the head (id and the first hex of its hash), or the break. */
export function reportLine(r: ChainReport): string {
  if (!r.break) {
    const head = r.head.id ? `, head row ${r.head.id} (${r.head.hash.slice(0, 16)})` : '';
    const from = r.from ? ` after the checkpoint at row ${r.from}` : '';
    return `audit log intact: ${r.rows} rows verified${from}${head}`;
  }
  const { kind, id } = r.break;
  const what: Record<ChainBreak['kind'], string> = {
    changed: `row ${id} was changed (it does not match its seal)`,
    unsealed: `row ${id} was inserted outside Baken (it has no seal)`,
    deleted: `row ${id} was deleted (the next row links to a row that is gone)`,
    out_of_order: `row ${id} was inserted out of order (it links to another row than the one before it)`,
    before_checkpoint: `row ${id} was inserted where a purge left no rows (at or before row ${r.from})`,
    checkpoint: `the purge checkpoint at row ${id} is not genuine (its signature does not match)`,
  };
  return `audit log broken at row ${id}: ${what[kind]}`;
}
