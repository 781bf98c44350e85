import { describe, expect, it } from 'vitest';
import { TokenBuckets } from '../../src/email/inbound/rate-limit.js';

describe('token buckets', () => {
  it('allow a burst, then refuse until tokens come back', () => {
    const b = new TokenBuckets(3, 1);
    expect([0, 0, 0, 0].map(() => b.take('a', 1000))).toEqual([true, true, true, false]);
    expect(b.take('a', 1500)).toBe(false);
    expect(b.take('a', 2000)).toBe(true);
    expect(b.take('b', 2000)).toBe(true);
  });

  it('never hold more than the burst, however long it was quiet', () => {
    const b = new TokenBuckets(2, 10);
    b.take('a', 0);
    expect([0, 0, 0].map(() => b.take('a', 1_000_000))).toEqual([true, true, false]);
  });

  it('forget full buckets, so a flood of new keys does not grow memory without bound', () => {
    const b = new TokenBuckets(5, 1, 100);
    for (let i = 0; i < 1000; i++) b.take(`k${i}`, i * 10_000);
    expect(b.size).toBeLessThanOrEqual(101);
  });
});
