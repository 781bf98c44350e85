import { describe, expect, it } from 'vitest';
import { daysBetween, defaultEndOn, fitsShelter, waitedTooLong, waitingListOrder } from '../../src/cosm/cosm-rules.js';

const req = (id: number, urgency: string, requested_at: string, safety_risk = 0) => ({
  id,
  urgency,
  safety_risk,
  requested_at,
});

describe('the COSM waiting list order', () => {
  it.each([
    {
      name: 'acute before high before normal, whatever the waiting time',
      list: [
        req(1, 'normal', '2026-01-01T09:00:00Z'),
        req(2, 'high', '2026-03-01T09:00:00Z'),
        req(3, 'acute', '2026-03-09T09:00:00Z'),
      ],
      order: [3, 2, 1],
    },
    {
      name: 'within one urgency, the longest waiting first',
      list: [
        req(1, 'high', '2026-03-05T09:00:00Z'),
        req(2, 'high', '2026-03-01T09:00:00Z'),
        req(3, 'high', '2026-03-03T09:00:00Z'),
      ],
      order: [2, 3, 1],
    },
    {
      name: 'within one urgency, a safety risk before a longer wait',
      list: [req(1, 'normal', '2026-03-01T09:00:00Z'), req(2, 'normal', '2026-03-08T09:00:00Z', 1)],
      order: [2, 1],
    },
    {
      name: 'a safety risk does not pass a more urgent need',
      list: [req(1, 'normal', '2026-03-01T09:00:00Z', 1), req(2, 'acute', '2026-03-08T09:00:00Z')],
      order: [2, 1],
    },
    {
      name: 'the same moment: the older request (lower id) first',
      list: [req(7, 'normal', '2026-03-01T09:00:00Z'), req(4, 'normal', '2026-03-01T09:00:00Z')],
      order: [4, 7],
    },
    {
      name: 'an unknown urgency goes after every known one',
      list: [req(1, 'whenever', '2026-01-01T09:00:00Z'), req(2, 'normal', '2026-03-01T09:00:00Z')],
      order: [2, 1],
    },
  ])('$name', ({ list, order }) => {
    expect(waitingListOrder(list).map((r) => r.id)).toEqual(order);
  });

  it('leaves the list it was given as it was', () => {
    const list = [req(1, 'normal', '2026-03-01T09:00:00Z'), req(2, 'acute', '2026-03-02T09:00:00Z')];
    waitingListOrder(list);
    expect(list.map((r) => r.id)).toEqual([1, 2]);
  });
});

describe('which shelter fits a person', () => {
  it.each([
    { kinds: ['women'], gender: 'female', minor: 0, fits: true },
    { kinds: ['women'], gender: 'male', minor: 0, fits: false },
    { kinds: ['men', 'women'], gender: 'male', minor: 0, fits: true },
    { kinds: ['women'], gender: 'female', minor: 1, fits: false },
    { kinds: ['women', 'minors'], gender: 'female', minor: 1, fits: true },
    { kinds: ['men'], gender: 'unknown', minor: 0, fits: true },
    { kinds: ['women'], gender: 'other', minor: 0, fits: false },
  ])('$gender (minor $minor) in $kinds: $fits', ({ kinds, gender, minor, fits }) => {
    expect(fitsShelter(kinds, { gender, minor, care_needs: '' })).toBe(fits);
  });
});

describe('COSM dates and waiting', () => {
  it.each([
    ['2026-03-10', '2026-03-10', 0],
    ['2026-03-10', '2026-03-13', 3],
    ['2026-03-28', '2026-03-30', 2], // across the change to summer time
    ['2026-03-13', '2026-03-10', 0],
  ])('from %s to %s is %i days', (a, b, n) => {
    expect(daysBetween(a, b)).toBe(n);
  });

  it.each([
    ['2026-03-10', '2026-06-10'],
    ['2026-11-30', '2027-02-28'],
  ])('a stay from %s ends by default on %s (three months)', (start, end) => {
    expect(defaultEndOn(start)).toBe(end);
  });

  it.each([
    { status: 'waiting', hoursAgo: 48, raised: true },
    { status: 'waiting', hoursAgo: 47.9, raised: false },
    { status: 'offered', hoursAgo: 60, raised: true },
    { status: 'placed', hoursAgo: 100, raised: false },
    { status: 'ended', hoursAgo: 100, raised: false },
  ])('a $status request made $hoursAgo hours ago is raised after 48 hours: $raised', ({ status, hoursAgo, raised }) => {
    const now = new Date('2026-03-10T12:00:00Z');
    const requested_at = new Date(now.getTime() - hoursAgo * 3_600_000).toISOString();
    expect(waitedTooLong({ status, requested_at }, now, 48)).toBe(raised);
  });
});
