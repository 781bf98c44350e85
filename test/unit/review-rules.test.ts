import { describe, expect, it } from 'vitest';
import { parseOfficeHours, type CalendarConfig } from '../../src/office-hours/calendar.js';
import {
  HOLD_MS,
  arrivalLabel,
  arrivedIn,
  latestClosedPeriod,
  urgentCallbackDue,
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

describe('the review order ranks tonight first', () => {
  const item = (
    id: number,
    startedAt: string,
    flags: { urgent?: boolean; minor?: boolean; tonight?: boolean } = {},
  ) => ({
    id,
    startedAt,
    urgent: !!flags.urgent,
    minor: !!flags.minor,
    tonight: !!flags.tonight,
  });
  it.each([
    [
      'tonight’s danger comes before urgent items weeks old',
      [
        item(1, '2026-11-02T20:00:00Z', { urgent: true }),
        item(2, '2026-11-05T20:00:00Z', { urgent: true }),
        item(3, '2026-11-23T02:00:00Z', { urgent: true, tonight: true }),
      ],
      [3, 1, 2],
    ],
    [
      'older danger comes before tonight’s items without danger',
      [item(1, '2026-11-23T01:00:00Z', { tonight: true }), item(2, '2026-11-10T20:00:00Z', { urgent: true })],
      [2, 1],
    ],
    [
      'a minor raises an item: tonight’s minor before older urgent items, after tonight’s urgent ones',
      [
        item(1, '2026-11-10T20:00:00Z', { urgent: true }),
        item(2, '2026-11-23T01:00:00Z', { minor: true, tonight: true }),
        item(3, '2026-11-23T03:00:00Z', { urgent: true, tonight: true }),
      ],
      [3, 2, 1],
    ],
    [
      'within a tier, urgent and about a minor first, then urgent, then a minor',
      [
        item(1, '2026-11-10T20:00:00Z', { minor: true }),
        item(2, '2026-11-11T20:00:00Z', { urgent: true }),
        item(3, '2026-11-12T20:00:00Z', { urgent: true, minor: true }),
      ],
      [3, 2, 1],
    ],
    [
      'an older item about a minor comes before the rest, tonight’s or not',
      [item(1, '2026-11-23T01:00:00Z', { tonight: true }), item(2, '2026-11-01T20:00:00Z', { minor: true })],
      [2, 1],
    ],
    [
      'the rest is oldest first, tonight’s or not',
      [
        item(1, '2026-11-23T01:00:00Z', { tonight: true }),
        item(2, '2026-11-20T20:00:00Z'),
        item(3, '2026-11-22T20:00:00Z', { tonight: true }),
      ],
      [2, 3, 1],
    ],
    [
      'two urgent items of tonight are in arrival order',
      [
        item(1, '2026-11-23T05:00:00Z', { urgent: true, tonight: true }),
        item(2, '2026-11-22T21:00:00Z', { urgent: true, tonight: true }),
      ],
      [2, 1],
    ],
    [
      'arrival compares instants, not text (an offset written differently)',
      [item(1, '2026-11-21T02:00:00+01:00'), item(2, '2026-11-21T00:30:00Z')],
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

describe('the desk’s latest closed period ("tonight")', () => {
  it.each([
    [
      'Tuesday 10:00, open: Monday 17:00 to Tuesday 09:00',
      '2026-11-24T10:00+01:00',
      '2026-11-23T17:00+01:00',
      '2026-11-24T09:00+01:00',
    ],
    [
      'Monday 20:00, closed: from Monday 17:00 up to now',
      '2026-11-23T20:00+01:00',
      '2026-11-23T17:00+01:00',
      '2026-11-23T20:00+01:00',
    ],
    [
      'Monday 09:20: the whole weekend, from Friday 17:00',
      '2026-11-23T09:20+01:00',
      '2026-11-20T17:00+01:00',
      '2026-11-23T09:00+01:00',
    ],
    [
      'the morning after Christmas (two holidays and a weekend): from the last working day’s closing',
      '2026-12-28T09:30+01:00',
      '2026-12-24T17:00+01:00',
      '2026-12-28T09:00+01:00',
    ],
    [
      'Tuesday 17:00 exactly, just closed: from 17:00',
      '2026-11-24T17:00+01:00',
      '2026-11-24T17:00+01:00',
      '2026-11-24T17:00+01:00',
    ],
  ])('%s', (_name, now, start, end) => {
    const p = latestClosedPeriod(cal, new Date(now));
    expect(p.start?.toISOString()).toBe(new Date(start).toISOString());
    expect(p.end.toISOString()).toBe(new Date(end).toISOString());
  });

  it('has no start when the desk was not open in the last month (everything waiting belongs to it)', () => {
    const shut = { ...cal, closures: [{ startAt: '2026-10-01T00:00:00Z', endAt: '2027-01-01T00:00:00Z' }] };
    const p = latestClosedPeriod(shut, new Date('2026-11-24T10:00+01:00'));
    expect(p.start).toBeNull();
    expect(arrivedIn(p, '2026-10-02T10:00:00Z')).toBe(true);
  });

  it.each([
    ['Monday 16:59', '2026-11-23T16:59+01:00', false],
    ['Monday 17:00', '2026-11-23T17:00+01:00', true],
    ['Tuesday 08:59', '2026-11-24T08:59+01:00', true],
    ['last Friday 20:00', '2026-11-20T20:00+01:00', false],
  ])('seen on Tuesday 10:00, an item of %s belongs to it: %s', (_name, at, inside) => {
    expect(arrivedIn(latestClosedPeriod(cal, new Date('2026-11-24T10:00+01:00')), new Date(at).toISOString())).toBe(
      inside,
    );
  });
});

describe('a callback for an urgent item is due the same working day', () => {
  it.each([
    ['made Monday 20:00 (closed): Tuesday 17:00', '2026-11-23T20:00+01:00', '2026-11-24T17:00+01:00'],
    ['made Tuesday 09:30 (open): Tuesday 17:00', '2026-11-24T09:30+01:00', '2026-11-24T17:00+01:00'],
    ['made Friday 18:00: Monday 17:00', '2026-11-27T18:00+01:00', '2026-11-30T17:00+01:00'],
    ['made Saturday: Monday 17:00', '2026-11-28T11:00+01:00', '2026-11-30T17:00+01:00'],
    ['made on Christmas Eve night: the 28th, 17:00', '2026-12-24T22:00+01:00', '2026-12-28T17:00+01:00'],
  ])('%s', (_name, now, due) => {
    expect(urgentCallbackDue(cal, new Date(now))?.toISOString()).toBe(new Date(due).toISOString());
  });

  it('uses the day’s last closing when the desk closes for lunch', () => {
    const split = { ...cal, hours: parseOfficeHours('mon-fri 09:00-12:00, mon-fri 13:00-17:00') };
    expect(urgentCallbackDue(split, new Date('2026-11-24T09:30+01:00'))?.toISOString()).toBe(
      new Date('2026-11-24T17:00+01:00').toISOString(),
    );
  });

  it('is null when the calendar has no opening at all', () => {
    expect(urgentCallbackDue({ ...cal, hours: [] }, new Date('2026-11-24T09:30+01:00'))).toBeNull();
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

describe('the arrival as the desk reads it: a full date, never the weekday alone', () => {
  it.each([
    ['en', '2026-11-21T01:14:00Z', 'Sat 21-11-2026 02:14'],
    ['nl', '2026-11-21T01:14:00Z', 'za 21-11-2026 02:14'],
    ['en', '2026-11-10T19:05:00Z', 'Tue 10-11-2026 20:05'],
    ['nl', '2026-07-01T22:30:00Z', 'do 02-07-2026 00:30'],
  ])('in %s, %s reads %s', (locale, at, label) => {
    expect(arrivalLabel('Europe/Amsterdam', locale, new Date(at))).toBe(label);
  });
});
