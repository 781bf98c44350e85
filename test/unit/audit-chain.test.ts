import { describe, expect, it } from 'vitest';
import {
  type ChainRow,
  ChainVerifier,
  checkpointSignature,
  checkpointValid,
  GENESIS,
  sealOf,
  verifyRows,
} from '../../src/audit/audit-chain.js';

const KEY = Buffer.alloc(32, 7);
const OTHER_KEY = Buffer.alloc(32, 8);

/** A chain of `n` rows sealed under `key` from a start, as writeAudit builds it. */
function chain(n: number, key = KEY, start = { id: 0, hash: GENESIS }): ChainRow[] {
  const rows: ChainRow[] = [];
  let prev = start.hash;
  for (let i = 1; i <= n; i++) {
    const row = {
      id: start.id + i,
      at: `2026-11-23T10:00:0${i % 10}.000Z`,
      actor_id: i % 3 === 0 ? null : i,
      action: i % 2 ? 'contact.view' : 'login',
      subject_type: i % 2 ? 'contact' : null,
      subject_id: i % 2 ? String(100 + i) : null,
      ip: i % 4 === 0 ? null : '192.0.2.1',
      details: i % 2 ? `{"n":${i}}` : '{}',
    };
    const hash = sealOf(key, row, prev);
    rows.push({ ...row, prev_hash: prev, hash });
    prev = hash;
  }
  return rows;
}

const edit = (rows: ChainRow[], id: number, change: Partial<ChainRow>) =>
  rows.map((r) => (r.id === id ? { ...r, ...change } : r));

describe('sealOf', () => {
  it('is a 64-digit hex HMAC that depends on the key and the previous hash', () => {
    const row = chain(1)[0]!;
    expect(row.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(sealOf(OTHER_KEY, row, GENESIS)).not.toBe(row.hash);
    expect(sealOf(KEY, row, 'f'.repeat(64))).not.toBe(row.hash);
    expect(sealOf(KEY, row, GENESIS)).toBe(row.hash);
  });

  it.each([
    ['id', { id: 2 }],
    ['time', { at: '2026-11-23T10:00:01.001Z' }],
    ['actor', { actor_id: 99 }],
    ['actor removed', { actor_id: null }],
    ['action', { action: 'contact.update' }],
    ['subject type', { subject_type: 'registration' }],
    ['subject id', { subject_id: '102' }],
    ['address', { ip: '198.51.100.7' }],
    ['details', { details: '{"n":2}' }],
    ['details spacing', { details: '{"n": 1}' }],
  ])('changes when the %s changes', (_, change) => {
    const row = chain(1)[0]!;
    expect(sealOf(KEY, { ...row, ...change }, GENESIS)).not.toBe(row.hash);
  });

  it('reads a numeric id given as text the same (PostgreSQL and SQLite rows agree)', () => {
    const row = chain(1)[0]!;
    expect(sealOf(KEY, { ...row, id: '1' as unknown as number }, GENESIS)).toBe(row.hash);
  });

  it('keeps fields apart: moving text from one field to the next changes the seal', () => {
    const base = { ...chain(1)[0]!, subject_type: 'ab', subject_id: 'c' };
    const moved = { ...base, subject_type: 'a', subject_id: 'bc' };
    expect(sealOf(KEY, base, GENESIS)).not.toBe(sealOf(KEY, moved, GENESIS));
  });
});

describe('verifyRows', () => {
  const rows = chain(6);

  it.each<[string, ChainRow[], ReturnType<typeof verifyRows>]>([
    ['an intact chain', rows, null],
    ['an empty log', [], null],
    ['a changed action', edit(rows, 3, { action: 'login' }), { kind: 'changed', id: 3 }],
    ['a changed detail', edit(rows, 5, { details: '{"n":6}' }), { kind: 'changed', id: 5 }],
    ['a forged seal', edit(rows, 2, { hash: 'a'.repeat(64) }), { kind: 'changed', id: 2 }],
    ['a row without a seal', edit(rows, 4, { hash: null, prev_hash: null }), { kind: 'unsealed', id: 4 }],
    ['a deleted row', rows.filter((r) => r.id !== 3), { kind: 'deleted', id: 3 }],
    ['two deleted rows', rows.filter((r) => r.id !== 2 && r.id !== 3), { kind: 'deleted', id: 2 }],
    ['a deleted first row', rows.slice(1), { kind: 'deleted', id: 1 }],
    ['two rows swapped in their content', swap(rows, 2, 3), { kind: 'changed', id: 2 }],
  ])('reports %s', (_, list, expected) => {
    expect(verifyRows(KEY, list)).toEqual(expected);
  });

  it('reports a row sealed onto another predecessor (a fork) as inserted out of order', () => {
    // A row sealed with the key but linked to row 2 while it stands after row 3.
    const fork = { ...rows[3]!, prev_hash: rows[1]!.hash };
    const forged = [...rows.slice(0, 3), { ...fork, hash: sealOf(KEY, fork, rows[1]!.hash!) }, ...rows.slice(4)];
    expect(verifyRows(KEY, forged)).toEqual({ kind: 'out_of_order', id: 4 });
  });

  it('reports every row as changed under another key', () => {
    expect(verifyRows(OTHER_KEY, rows)).toEqual({ kind: 'changed', id: 1 });
  });

  it('verifies from a checkpoint, and reports a row at or before it', () => {
    const rest = rows.slice(3);
    const start = { id: 3, hash: rows[2]!.hash! };
    expect(verifyRows(KEY, rest, start)).toBeNull();
    expect(verifyRows(KEY, rest.slice(1), start)).toEqual({ kind: 'deleted', id: 4 });
    expect(verifyRows(KEY, rows.slice(2), start)).toEqual({ kind: 'before_checkpoint', id: 3 });
    expect(verifyRows(KEY, rest, { id: 3, hash: GENESIS })).toEqual({ kind: 'out_of_order', id: 4 });
  });

  it('counts the intact rows and keeps the last link, batch after batch', () => {
    const v = new ChainVerifier(KEY);
    for (const r of rows.slice(0, 4)) expect(v.next(r)).toBeNull();
    expect(v.count).toBe(4);
    expect(v.last).toEqual({ id: 4, hash: rows[3]!.hash });
    expect(v.next(rows[5]!)).toEqual({ kind: 'deleted', id: 5 });
    expect(v.count).toBe(4);
  });
});

describe('checkpoints', () => {
  const cp = { last_id: 40, last_hash: 'b'.repeat(64), at: '2033-01-01T00:00:00.000Z' };
  const signed = { ...cp, signature: checkpointSignature(KEY, cp) };

  it('accept their own signature only', () => {
    expect(checkpointValid(KEY, signed)).toBe(true);
    expect(checkpointValid(OTHER_KEY, signed)).toBe(false);
    expect(checkpointValid(KEY, { ...signed, last_id: 41 })).toBe(false);
    expect(checkpointValid(KEY, { ...signed, last_hash: 'c'.repeat(64) })).toBe(false);
    expect(checkpointValid(KEY, { ...signed, signature: '' })).toBe(false);
  });

  it('cannot stand in for a row seal, nor a row seal for a signature', () => {
    const row = { id: 40, at: cp.at, actor_id: null, action: 'x', subject_type: null, subject_id: null, ip: null };
    expect(sealOf(KEY, { ...row, details: '{}' }, cp.last_hash)).not.toBe(signed.signature);
  });
});

function swap(rows: ChainRow[], a: number, b: number): ChainRow[] {
  const ra = rows.find((r) => r.id === a)!;
  const rb = rows.find((r) => r.id === b)!;
  return rows.map((r) =>
    r.id === a ? { ...rb, id: a, prev_hash: ra.prev_hash } : r.id === b ? { ...ra, id: b, prev_hash: rb.prev_hash } : r,
  );
}
