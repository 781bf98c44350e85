// The audit chain's rules (docs/contract.md "Audit chain"), pure: no I/O, only HMAC-SHA256 under the audit key.
//
// Each audit row carries `prev_hash` (the hash of the row before it) and `hash`, an HMAC of the row's id, time,
// actor, action, subject, address, details and that previous hash. A changed row no longer matches its own seal; a
// deleted row leaves the next one pointing at a hash that is not its predecessor's; a forged row cannot be sealed
// without the key. A purge of old rows leaves a signed checkpoint (the last purged row's id and hash) to start from.
import { createHmac, timingSafeEqual } from 'node:crypto';

/** The previous hash of the very first row of a chain. */
export const GENESIS = '0'.repeat(64);

/** An audit row as the chain sees it (the columns of audit_log). */
export interface ChainRow {
  id: number;
  at: string;
  actor_id: number | null;
  action: string;
  subject_type: string | null;
  subject_id: string | null;
  ip: string | null;
  details: string;
  prev_hash: string | null;
  hash: string | null;
}

/** Where verification starts: the genesis, or a checkpoint's last purged row. */
export interface ChainLink {
  id: number;
  hash: string;
}

export interface Checkpoint {
  last_id: number;
  last_hash: string;
  at: string;
  signature: string;
}

/**
 * The first thing wrong in the chain, by row id: `changed` (the row does not match its seal: edited, or forged
 * without the key), `unsealed` (a row without a seal, inserted past Baken), `deleted` (the row with this id is
 * gone: the next one links to a hash that is not its predecessor's), `out_of_order` (a sealed row that links to
 * another predecessor than the row before it), `before_checkpoint` (a row where a purge left none), `checkpoint`
 * (the checkpoint after row `id` does not carry a valid signature).
 */
type ChainBreakKind = 'changed' | 'unsealed' | 'deleted' | 'out_of_order' | 'before_checkpoint' | 'checkpoint';
export interface ChainBreak {
  kind: ChainBreakKind;
  id: number;
}

const hmac = (key: Buffer, parts: unknown[]) => createHmac('sha256', key).update(JSON.stringify(parts)).digest('hex');

/**
 * The seal of a row: HMAC-SHA256 over a canonical serialisation (a JSON array in a fixed order, numbers as numbers,
 * details as stored text) of the row and the previous row's hash. The leading label keeps it apart from checkpoints.
 */
export function sealOf(key: Buffer, row: Omit<ChainRow, 'prev_hash' | 'hash'>, prevHash: string): string {
  return hmac(key, [
    'baken/audit-row/v1',
    Number(row.id),
    row.at,
    row.actor_id === null ? null : Number(row.actor_id),
    row.action,
    row.subject_type,
    row.subject_id,
    row.ip,
    row.details,
    prevHash,
  ]);
}

/** The signature of a checkpoint: where a purge ended (last purged row's id and hash) and when. */
export function checkpointSignature(key: Buffer, cp: Omit<Checkpoint, 'signature'>): string {
  return hmac(key, ['baken/audit-checkpoint/v1', Number(cp.last_id), cp.last_hash, cp.at]);
}

/** Compares two hex digests in constant time; false when either is missing or malformed. */
export function sameDigest(a: string | null | undefined, b: string | null | undefined): boolean {
  if (!a || !b || a.length !== b.length) return false;
  return timingSafeEqual(Buffer.from(a), Buffer.from(b));
}

/** Whether a checkpoint carries its valid signature. */
export const checkpointValid = (key: Buffer, cp: Checkpoint) => sameDigest(checkpointSignature(key, cp), cp.signature);

/**
 * Walks the chain row by row in id order from a start (the genesis or a checkpoint): `next` answers the break at
 * this row, or null and moves on. Rows may come in batches; the verifier keeps only the last link.
 */
export class ChainVerifier {
  #last: ChainLink;
  /** Rows found intact so far. */
  count = 0;

  constructor(
    private readonly key: Buffer,
    start: ChainLink = { id: 0, hash: GENESIS },
  ) {
    this.#last = start;
  }

  /** The last intact link: the head of the verified chain. */
  get last(): ChainLink {
    return this.#last;
  }

  next(row: ChainRow): ChainBreak | null {
    const id = Number(row.id);
    if (id <= this.#last.id) return { kind: 'before_checkpoint', id };
    if (!row.hash || !row.prev_hash) return { kind: 'unsealed', id };
    if (!sameDigest(sealOf(this.key, row, row.prev_hash), row.hash)) return { kind: 'changed', id };
    if (row.prev_hash !== this.#last.hash)
      // Rows are numbered one after another as they are chained: a gap before a row that links elsewhere is
      // where rows were taken out; without a gap the row was put in another place than the one it was sealed for.
      return id > this.#last.id + 1 ? { kind: 'deleted', id: this.#last.id + 1 } : { kind: 'out_of_order', id };
    this.#last = { id, hash: row.hash };
    this.count++;
    return null;
  }
}

/** Verifies a whole list of rows (in id order) from a start; the first break, or null when every row is intact. */
export function verifyRows(key: Buffer, rows: ChainRow[], start?: ChainLink): ChainBreak | null {
  const v = new ChainVerifier(key, start);
  for (const r of rows) {
    const b = v.next(r);
    if (b) return b;
  }
  return null;
}
