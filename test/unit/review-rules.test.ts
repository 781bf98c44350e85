import { describe, expect, it } from 'vitest';
import { parseOfficeHours, type CalendarConfig } from '../../src/office-hours/calendar.js';
import {
  HOLD_MS,
  arrivalLabel,
  holdState,
  holdUntil,
  percentile,
  reviewOrder,
  reviewStats,
  timeToFirstReview,
} from '../../src/review/review-rules.js';

const cal: CalendarConfig = {
  timeZone: 'Europe/Amsterdam',
  hours: parseOfficeHours('mon-fri 09:00-17:00'),
  closeOnGoodFriday: false,
  liberationDay: 'lustrum',
  closures: [],
};
const MIN = 60_000;

describe('the review order', () => {
  const item = (id: number, startedAt: string, urgent = false, minor = false) => ({ id, startedAt, urgent, minor });
  it.each([
    [
      'urgent first, then the rest oldest first',
      [item(1, '2026-11-21T01:00:00Z'), item(2, '2026-11-21T03:00:00Z', true), item(3, '2026-11-20T20:00:00Z')],
      [2, 3, 1],
    ],
    [
      'an item about a minor comes after the urgent ones and before the rest',
      [
        item(1, '2026-11-20T20:00:00Z'),
        item(2, '2026-11-21T05:00:00Z', false, true),
        item(3, '2026-11-22T05:00:00Z', true),
      ],
      [3, 2, 1],
    ],
    [
      'two urgent items are in arrival order',
      [item(1, '2026-11-22T05:00:00Z', true), item(2, '2026-11-21T05:00:00Z', true, true)],
      [2, 1],
    ],
    [
      'the same arrival time is ordered by id',
      [item(9, '2026-11-21T01:00:00Z'), item(4, '2026-11-21T01:00:00Z')],
      [4, 9],
    ],
  ])('%s', (_name, items, ids) => {
    expect(reviewOrder(items).map((x) => x.id)).toEqual(ids);
  });
});

describe('time to first review counts from the desk’s next opening after arrival', () => {
  it.each([
    [
      'a voicemail of Saturday 02:14 reviewed Monday 09:20 took 20 minutes',
      '2026-11-21T02:14+01:00',
      '2026-11-23T09:20+01:00',
      20 * MIN,
    ],
    [
      'mail of Friday 17:30 reviewed Monday 09:00 took 0 minutes',
      '2026-11-20T17:30+01:00',
      '2026-11-23T09:00+01:00',
      0,
    ],
    [
      'a weeknight message reviewed at 10:05 the next morning took 65 minutes',
      '2026-11-24T22:00+01:00',
      '2026-11-25T10:05+01:00',
      65 * MIN,
    ],
    [
      'a message of Christmas Eve evening waits for Monday 28 December (both Christmas days closed)',
      '2026-12-24T20:00+01:00',
      '2026-12-28T10:00+01:00',
      60 * MIN,
    ],
    [
      "a message left the night before King's Day counts from the day after",
      '2026-04-26T23:00+02:00',
      '2026-04-28T09:45+02:00',
      45 * MIN,
    ],
    [
      'across the night the clocks go back (25 October) the opening is 09:00 winter time',
      '2026-10-25T01:30+02:00',
      '2026-10-26T09:15+01:00',
      15 * MIN,
    ],
    [
      'across the night the clocks go forward (29 March) the opening is 09:00 summer time',
      '2026-03-28T23:00+01:00',
      '2026-03-30T09:30+02:00',
      30 * MIN,
    ],
    ['a review on Sunday, before the desk opens, counts as 0', '2026-11-21T02:14+01:00', '2026-11-22T11:00+01:00', 0],
  ])('%s', (_name, arrived, reviewed, ms) => {
    expect(timeToFirstReview(cal, new Date(arrived), new Date(reviewed))).toBe(ms);
  });

  it('an admin closure on Monday morning moves the opening to the closure’s end', () => {
    const closed = { ...cal, closures: [{ startAt: '2026-11-23T08:00:00Z', endAt: '2026-11-23T11:00:00Z' }] };
    expect(timeToFirstReview(closed, new Date('2026-11-21T02:14+01:00'), new Date('2026-11-23T12:10+01:00'))).toBe(
      10 * MIN,
    );
  });
});

describe('the hold on an item', () => {
  const now = new Date('2026-11-23T08:00:00Z');
  it.each([
    ['never held is free', null, 'free'],
    ['held by me until later is mine', { heldBy: 1, heldUntil: '2026-11-23T08:03:00Z' }, 'mine'],
    ['held by another until later is theirs', { heldBy: 2, heldUntil: '2026-11-23T08:03:00Z' }, 'other'],
    ['a hold that ends now has expired', { heldBy: 2, heldUntil: '2026-11-23T08:00:00Z' }, 'free'],
    ['a hold that ended a minute ago has expired', { heldBy: 2, heldUntil: '2026-11-23T07:59:00Z' }, 'free'],
    ['a released hold is free', { heldBy: null, heldUntil: null }, 'free'],
  ] as const)('%s', (_name, hold, state) => {
    expect(holdState(hold, 1, now)).toBe(state);
  });

  it('lasts five minutes and then expires', () => {
    const until = holdUntil(now);
    expect(Date.parse(until) - now.getTime()).toBe(HOLD_MS);
    expect(HOLD_MS).toBe(5 * MIN);
    expect(holdState({ heldBy: 2, heldUntil: until }, 1, new Date(now.getTime() + HOLD_MS - 1))).toBe('other');
    expect(holdState({ heldBy: 2, heldUntil: until }, 1, new Date(now.getTime() + HOLD_MS))).toBe('free');
  });
});

describe('the supervisor’s figures', () => {
  it.each([
    [[], 50, null],
    [[5], 50, 5],
    [[1, 2, 3, 4], 50, 2],
    [[1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 90, 9],
    [[10, 1, 7, 3, 5, 9, 2, 8, 4, 6, 100], 90, 10],
  ])('percentile of %j at %i is %s', (values, p, expected) => {
    expect(percentile(values, p)).toBe(expected);
  });

  it('groups the median and 90th percentile per opening day and channel', () => {
    const rows = reviewStats(cal, [
      { channel: 'voicemail', arrivedAt: '2026-11-21T01:14:00Z', reviewedAt: '2026-11-23T08:20:00Z' },
      { channel: 'voicemail', arrivedAt: '2026-11-22T10:00:00Z', reviewedAt: '2026-11-23T08:40:00Z' },
      { channel: 'email', arrivedAt: '2026-11-22T10:00:00Z', reviewedAt: '2026-11-23T09:00:00Z' },
      { channel: 'email', arrivedAt: '2026-11-23T20:00:00Z', reviewedAt: '2026-11-24T08:05:00Z' },
    ]);
    expect(rows).toEqual([
      { day: '2026-11-24', channel: 'email', count: 1, medianMs: 5 * MIN, p90Ms: 5 * MIN },
      { day: '2026-11-23', channel: 'email', count: 1, medianMs: 60 * MIN, p90Ms: 60 * MIN },
      { day: '2026-11-23', channel: 'voicemail', count: 2, medianMs: 20 * MIN, p90Ms: 40 * MIN },
    ]);
  });
});

describe('the arrival as the desk reads it', () => {
  const now = new Date('2026-11-23T08:00:00Z');
  it.each([
    ['en', '2026-11-21T01:14:00Z', 'Saturday 02:14'],
    ['nl', '2026-11-21T01:14:00Z', 'zaterdag 02:14'],
    ['en', '2026-11-10T19:05:00Z', 'Tuesday 10 November 20:05'],
  ])('in %s, %s reads %s', (locale, at, label) => {
    expect(arrivalLabel('Europe/Amsterdam', locale, new Date(at), now)).toBe(label);
  });
});
