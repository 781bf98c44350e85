import { describe, expect, it } from 'vitest';
import { OfficeHours } from '../../src/office-hours/office-hours.service.js';
import { addWorkingHours, isOpen, parseOfficeHours } from '../../src/office-hours/calendar.js';
import type { Db } from '../../src/db/database.js';

describe('the cached office-hours answers', () => {
  const office = {
    timeZone: 'Europe/Amsterdam',
    hours: parseOfficeHours('mon-fri 09:00-17:00'),
    closeOnGoodFriday: false,
    liberationDay: 'lustrum' as const,
  };
  const cached = new OfficeHours(null as unknown as Db, office);
  const cal = { ...office, closures: [] };

  it('agree with the pure calendar at any second of any minute, boundaries included', () => {
    let seed = 1;
    const rnd = () => {
      seed = (seed * 16807) % 2147483647;
      return seed / 2147483647;
    };
    const starts = [
      Date.parse('2026-11-27T15:59:30Z'),
      Date.parse('2026-11-23T07:59:59Z'),
      Date.parse('2026-03-27T15:00:00Z'),
    ];
    for (let i = 0; i < 400; i++)
      starts.push(Date.parse('2026-01-01T00:00:00Z') + Math.floor(rnd() * 365 * 86_400_000));
    for (const ms of starts) {
      for (const h of [0, 2, 8, 16]) {
        const t = new Date(ms);
        expect(cached.addWorkingHours(t, h).toISOString(), `${t.toISOString()} + ${h}`).toBe(
          addWorkingHours(cal, t, h).toISOString(),
        );
      }
      expect(cached.isOpen(new Date(ms))).toBe(isOpen(cal, new Date(ms)));
    }
  });
});
