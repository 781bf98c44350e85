import { describe, expect, it } from 'vitest';
import { mustRecount } from '../../src/contacts/inbox.service.js';

describe("the inbox's queue counts", () => {
  it('are counted again at once after a change when counting is quick (a small desk)', () => {
    expect(mustRecount({ at: 1000, tookMs: 2, stale: true }, 1001)).toBe(true);
    expect(mustRecount({ at: 1000, tookMs: 2, stale: false }, 1001)).toBe(false);
  });

  it('wait after a change no longer than twenty times what counting took, and never over a second', () => {
    // 25 ms to count (a million contacts): reused for 500 ms while contacts pour in, then counted again.
    expect(mustRecount({ at: 1000, tookMs: 25, stale: true }, 1499)).toBe(false);
    expect(mustRecount({ at: 1000, tookMs: 25, stale: true }, 1500)).toBe(true);
    expect(mustRecount({ at: 1000, tookMs: 300, stale: true }, 1999)).toBe(false);
    expect(mustRecount({ at: 1000, tookMs: 300, stale: true }, 2000)).toBe(true);
  });

  it('are kept while nothing changes, for 30 seconds at most, and counted again when the clock goes back', () => {
    expect(mustRecount({ at: 1000, tookMs: 25, stale: false }, 31_000)).toBe(false);
    expect(mustRecount({ at: 1000, tookMs: 25, stale: false }, 31_001)).toBe(true);
    expect(mustRecount({ at: 1000, tookMs: 25, stale: false }, 999)).toBe(true);
  });
});
