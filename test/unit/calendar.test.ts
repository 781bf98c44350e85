import { describe, expect, it } from 'vitest';
import {
  addWorkingHours,
  currentPeriodEnd,
  holidaysOf,
  isOpen,
  nextOpening,
  officeStatus,
  openIntervalsOnLocalDate,
  parseOfficeHours,
  workingTimeBetween,
  type CalendarConfig,
  type LiberationDayRule,
} from '../../src/office-hours/calendar.js';

// Instants are written with an explicit offset so the expectations do not depend on luxon.
const d = (iso: string) => new Date(iso);
const H = 3_600_000;

const base: CalendarConfig = {
  timeZone: 'Europe/Amsterdam',
  hours: parseOfficeHours('mon-fri 09:00-17:00'),
  closeOnGoodFriday: false,
  liberationDay: 'lustrum',
  closures: [],
};
const cfg = (over: Partial<CalendarConfig> = {}): CalendarConfig => ({ ...base, ...over });
const iso = (x: Date | null) => (x ? x.toISOString() : null);

describe('isOpen', () => {
  it.each([
    ['a Friday at 16:59 in Amsterdam is open', '2026-01-09T16:59+01:00', true],
    ['a Friday at 17:00 in Amsterdam is closed', '2026-01-09T17:00+01:00', false],
    ['a Monday at 09:00 is open', '2026-01-12T09:00+01:00', true],
    ['a Monday at 08:59 is closed', '2026-01-12T08:59+01:00', false],
    ['a Saturday at noon is closed', '2026-01-10T12:00+01:00', false],
    ['a Sunday at noon is closed', '2026-01-11T12:00+01:00', false],
    ["King's Day 2026 (Monday 27 April) is closed", '2026-04-27T12:00+02:00', false],
    ["the Friday before King's Day 2025 (Saturday 26 April) is open", '2025-04-25T12:00+02:00', true],
    ['Easter Monday 2026 is closed', '2026-04-06T12:00+02:00', false],
    ['Ascension Day 2026 is closed', '2026-05-14T12:00+02:00', false],
    ['Whit Monday 2026 is closed', '2026-05-25T12:00+02:00', false],
    ['New Year 2026 is closed', '2026-01-01T12:00+01:00', false],
    ['Boxing Day 2025 (Friday) is closed', '2025-12-26T12:00+01:00', false],
    ["New Year's Eve 2025 is open (not a public holiday)", '2025-12-31T12:00+01:00', true],
    ['Remembrance Day 4 May 2026 is open', '2026-05-04T12:00+02:00', true],
  ])('%s', (_name, at, open) => {
    expect(isOpen(base, d(at))).toBe(open);
  });

  it.each([
    ['Good Friday 2026 is open when the desk does not close on Good Friday', false, true],
    ['Good Friday 2026 is closed when the desk closes on Good Friday', true, false],
  ])('%s', (_name, closeOnGoodFriday, open) => {
    expect(isOpen(cfg({ closeOnGoodFriday }), d('2026-04-03T12:00+02:00'))).toBe(open);
  });

  it.each<[string, LiberationDayRule, string, boolean]>([
    ["Liberation Day 2025 is open when the rule is 'never'", 'never', '2025-05-05T12:00+02:00', true],
    ["Liberation Day 2026 is open when the rule is 'never'", 'never', '2026-05-05T12:00+02:00', true],
    [
      "Liberation Day 2025 (lustrum year) is closed when the rule is 'lustrum'",
      'lustrum',
      '2025-05-05T12:00+02:00',
      false,
    ],
    ["Liberation Day 2026 is open when the rule is 'lustrum'", 'lustrum', '2026-05-05T12:00+02:00', true],
    ["Liberation Day 2025 is closed when the rule is 'always'", 'always', '2025-05-05T12:00+02:00', false],
    ["Liberation Day 2026 is closed when the rule is 'always'", 'always', '2026-05-05T12:00+02:00', false],
  ])('%s', (_name, liberationDay, at, open) => {
    expect(isOpen(cfg({ liberationDay }), d(at))).toBe(open);
  });
});

describe('holidaysOf', () => {
  it("lists King's Day 2025 on Saturday 26 April because 27 April is a Sunday", () => {
    expect(holidaysOf(2025, base)).toContainEqual({ date: '2025-04-26', name: 'Koningsdag' });
    expect(holidaysOf(2025, base).map((h) => h.date)).not.toContain('2025-04-27');
  });

  it("lists King's Day 2026 on Monday 27 April", () => {
    expect(holidaysOf(2026, base)).toContainEqual({ date: '2026-04-27', name: 'Koningsdag' });
  });

  it.each<[string, number, boolean, LiberationDayRule, string, boolean]>([
    ['Good Friday is absent by default', 2026, false, 'never', '2026-04-03', false],
    ['Good Friday is present when the desk closes on it', 2026, true, 'never', '2026-04-03', true],
    ['Liberation Day is present in a lustrum year under the lustrum rule', 2030, false, 'lustrum', '2030-05-05', true],
    ['Liberation Day is absent in a normal year under the lustrum rule', 2027, false, 'lustrum', '2027-05-05', false],
    ['Liberation Day is present every year under the always rule', 2027, false, 'always', '2027-05-05', true],
    ["Leiden's relief (a regional day) is never listed", 2025, true, 'always', '2025-10-03', false],
    ["New Year's Eve (a bank day) is never listed", 2025, true, 'always', '2025-12-31', false],
    ['Remembrance Day 4 May (an observance) is never listed', 2025, true, 'always', '2025-05-04', false],
  ])('%s', (_name, year, closeOnGoodFriday, liberationDay, date, present) => {
    expect(
      holidaysOf(year, { closeOnGoodFriday, liberationDay })
        .map((h) => h.date)
        .includes(date),
    ).toBe(present);
  });

  it('keeps the Dutch names and sorts by date', () => {
    const list = holidaysOf(2026, { closeOnGoodFriday: true, liberationDay: 'always' });
    expect(list.map((h) => h.name)).toEqual(
      expect.arrayContaining([
        'Nieuwjaar',
        'Goede Vrijdag',
        'Tweede paasdag',
        'Bevrijdingsdag',
        'Hemelvaartsdag',
        'Tweede pinksterdag',
        'Kerstmis',
        'Tweede kerstdag',
      ]),
    );
    expect([...list].sort((a, b) => a.date.localeCompare(b.date))).toEqual(list);
  });

  it('returns a copy that callers cannot use to corrupt the cache', () => {
    holidaysOf(2026, base).length = 0;
    expect(holidaysOf(2026, base).length).toBeGreaterThan(5);
  });
});

describe('daylight-saving nights', () => {
  it.each([
    [
      'the Monday after spring-forward opens at 09:00 local = 07:00Z',
      '2026-03-30',
      ['2026-03-30T07:00:00.000Z', '2026-03-30T15:00:00.000Z'],
    ],
    [
      'the Monday after fall-back opens at 09:00 local = 08:00Z',
      '2026-10-26',
      ['2026-10-26T08:00:00.000Z', '2026-10-26T16:00:00.000Z'],
    ],
  ])('%s', (_name, date, [start, end]) => {
    expect(openIntervalsOnLocalDate(base, date).map((iv) => [iso(iv.start), iso(iv.end)])).toEqual([[start, end]]);
  });

  it.each([
    [
      'nextOpening from Friday 17:00 before spring-forward is Monday 07:00Z',
      '2026-03-27T17:00+01:00',
      '2026-03-30T07:00:00.000Z',
    ],
    [
      'nextOpening from Friday 17:00 before fall-back is Monday 08:00Z',
      '2026-10-23T17:00+02:00',
      '2026-10-26T08:00:00.000Z',
    ],
  ])('%s', (_name, from, expected) => {
    expect(iso(nextOpening(base, d(from)))).toBe(expected);
  });

  it.each([
    [
      'over the spring-forward weekend Friday noon to Monday noon is 8 working hours',
      '2026-03-27T12:00+01:00',
      '2026-03-30T12:00+02:00',
    ],
    [
      'over the fall-back weekend Friday noon to Monday noon is 8 working hours',
      '2026-10-23T12:00+02:00',
      '2026-10-26T12:00+01:00',
    ],
  ])('%s', (_name, a, b) => {
    expect(workingTimeBetween(base, d(a), d(b))).toBe(8 * H);
  });

  it.each([
    [
      'a Sunday 10:00-14:00 desk opens at 10:00 CEST (08:00Z) on the spring-forward Sunday',
      '2026-03-29',
      '2026-03-29T08:00:00.000Z',
      '2026-03-29T12:00:00.000Z',
    ],
    [
      'a Sunday 10:00-14:00 desk opens at 10:00 CET (09:00Z) on the fall-back Sunday',
      '2026-10-25',
      '2026-10-25T09:00:00.000Z',
      '2026-10-25T13:00:00.000Z',
    ],
  ])('%s', (_name, date, start, end) => {
    const sunday = cfg({ hours: parseOfficeHours('sun 10:00-14:00') });
    expect(openIntervalsOnLocalDate(sunday, date).map((iv) => [iso(iv.start), iso(iv.end)])).toEqual([[start, end]]);
    expect(isOpen(sunday, d(start))).toBe(true);
    expect(isOpen(sunday, d(end))).toBe(false);
  });

  it.each([
    [
      'a Sunday 00:00-24:00 desk is open 23 hours on the spring-forward Sunday',
      '2026-03-29',
      '2026-03-28T23:00:00.000Z',
      '2026-03-29T22:00:00.000Z',
      23,
    ],
    [
      'a Sunday 00:00-24:00 desk is open 25 hours on the fall-back Sunday',
      '2026-10-25',
      '2026-10-24T22:00:00.000Z',
      '2026-10-25T23:00:00.000Z',
      25,
    ],
  ])('%s', (_name, date, start, end, hours) => {
    const sunday = cfg({ hours: parseOfficeHours('sun 00:00-24:00') });
    const ivs = openIntervalsOnLocalDate(sunday, date);
    expect(ivs.map((iv) => [iso(iv.start), iso(iv.end)])).toEqual([[start, end]]);
    expect(ivs[0].end.getTime() - ivs[0].start.getTime()).toBe(hours * H);
  });
});

describe('closures', () => {
  const closures = [
    { startAt: '2026-06-09T22:00:00Z', endAt: '2026-06-10T22:00:00Z', reason: 'team day (whole Wednesday)' },
    { startAt: '2026-06-11T11:00:00Z', endAt: '2026-06-11T15:00:00Z', reason: 'Thursday afternoon training' },
    { startAt: '2026-06-15T13:00:00Z', endAt: '2026-06-17T08:00:00Z', reason: 'move: Mon 15:00 to Wed 10:00' },
  ];
  const c = cfg({ closures });

  it.each([
    ['a whole-day closure closes the desk all day', '2026-06-10T10:00+02:00', false],
    ['the morning before a partial afternoon closure is open', '2026-06-11T12:59+02:00', true],
    ['a partial afternoon closure closes the desk from 13:00', '2026-06-11T13:00+02:00', false],
    ['a multi-day closure leaves Monday morning open', '2026-06-15T14:59+02:00', true],
    ['a multi-day closure closes Monday from 15:00', '2026-06-15T15:00+02:00', false],
    ['a multi-day closure closes the whole Tuesday', '2026-06-16T12:00+02:00', false],
    ['a multi-day closure reopens Wednesday at 10:00', '2026-06-17T10:00+02:00', true],
  ])('%s', (_name, at, open) => {
    expect(isOpen(c, d(at))).toBe(open);
  });

  it.each([
    ['a whole-day closure leaves no open interval', '2026-06-10', []],
    [
      'a partial afternoon closure leaves the morning',
      '2026-06-11',
      [['2026-06-11T07:00:00.000Z', '2026-06-11T11:00:00.000Z']],
    ],
    [
      'a multi-day closure cuts the first day short',
      '2026-06-15',
      [['2026-06-15T07:00:00.000Z', '2026-06-15T13:00:00.000Z']],
    ],
    [
      'a multi-day closure cuts the morning of the last day',
      '2026-06-17',
      [['2026-06-17T08:00:00.000Z', '2026-06-17T15:00:00.000Z']],
    ],
  ])('%s', (_name, date, expected) => {
    expect(openIntervalsOnLocalDate(c, date).map((iv) => [iso(iv.start), iso(iv.end)])).toEqual(expected);
  });

  it('nextOpening from Tuesday 17:00 skips a closed Wednesday to Thursday 09:00', () => {
    expect(iso(nextOpening(c, d('2026-06-09T17:00+02:00')))).toBe('2026-06-11T07:00:00.000Z');
  });

  it('currentPeriodEnd on a morning before a partial closure is the start of the closure', () => {
    expect(iso(currentPeriodEnd(c, d('2026-06-11T10:00+02:00')))).toBe('2026-06-11T11:00:00.000Z');
  });
});

describe('nextOpening, currentPeriodEnd and officeStatus', () => {
  it.each([
    ['from Friday 17:00 the next opening is Monday 09:00', base, '2026-01-09T17:00+01:00', '2026-01-12T08:00:00.000Z'],
    ['from Saturday the next opening is Monday 09:00', base, '2026-01-10T03:00+01:00', '2026-01-12T08:00:00.000Z'],
    [
      'from Monday 07:00 the next opening is the same day at 09:00',
      base,
      '2026-01-12T07:00+01:00',
      '2026-01-12T08:00:00.000Z',
    ],
    [
      'while open on Monday the next opening is Tuesday 09:00',
      base,
      '2026-01-12T10:00+01:00',
      '2026-01-13T08:00:00.000Z',
    ],
    [
      'on 24 Dec 2025 evening it skips Christmas, Boxing Day and the weekend',
      base,
      '2025-12-24T18:00+01:00',
      '2025-12-29T08:00:00.000Z',
    ],
    [
      'from the Thursday evening before Easter it skips a closed Good Friday, the weekend and Easter Monday',
      cfg({ closeOnGoodFriday: true }),
      '2026-04-02T17:00+02:00',
      '2026-04-07T07:00:00.000Z',
    ],
    ['with no office hours at all there is no next opening', cfg({ hours: [] }), '2026-01-12T10:00+01:00', null],
  ])('%s', (_name, c, from, expected) => {
    expect(iso(nextOpening(c, d(from)))).toBe(expected);
  });

  it.each([
    ['open on Monday morning: the period ends at 17:00', '2026-01-12T10:00+01:00', '2026-01-12T16:00:00.000Z'],
    ['closed on Saturday: there is no current period', '2026-01-10T10:00+01:00', null],
  ])('currentPeriodEnd %s', (_name, at, expected) => {
    expect(iso(currentPeriodEnd(base, d(at)))).toBe(expected);
  });

  it('merges periods that touch across midnight (24/7 desk)', () => {
    const always = cfg({
      hours: parseOfficeHours('mon-sun 00:00-24:00'),
      closures: [{ startAt: '2026-02-01T00:00:00Z', endAt: '2026-02-01T01:00:00Z' }],
    });
    expect(iso(currentPeriodEnd(always, d('2026-01-12T10:00Z')))).toBe('2026-02-01T00:00:00.000Z');
    expect(iso(nextOpening(always, d('2026-01-12T10:00Z')))).toBe('2026-02-01T01:00:00.000Z');
  });

  it.each([
    [
      'reports open until 17:00 on a working afternoon',
      '2026-01-12T14:00+01:00',
      { open: true, until: d('2026-01-12T16:00Z') },
    ],
    [
      'reports closed with the next opening on a Sunday',
      '2026-01-11T14:00+01:00',
      { open: false, opensAt: d('2026-01-12T08:00Z') },
    ],
  ])('officeStatus %s', (_name, at, expected) => {
    expect(officeStatus(base, d(at))).toEqual(expected);
  });

  it('officeStatus reports closed with no opening when the desk never opens', () => {
    expect(officeStatus(cfg({ hours: [] }), d('2026-01-12T10:00Z'))).toEqual({ open: false, opensAt: null });
  });
});

describe('addWorkingHours', () => {
  it.each<[string, CalendarConfig, string, number, string]>([
    ['Friday 15:00 plus 8 hours is Monday 15:00', base, '2026-01-09T15:00+01:00', 8, '2026-01-12T14:00:00.000Z'],
    [
      'Friday 15:00 before Easter Monday plus 8 hours is Tuesday 15:00',
      base,
      '2026-04-03T15:00+02:00',
      8,
      '2026-04-07T13:00:00.000Z',
    ],
    [
      'Thursday 15:00 plus 8 hours skips a closed Good Friday and Easter Monday',
      cfg({ closeOnGoodFriday: true }),
      '2026-04-02T15:00+02:00',
      8,
      '2026-04-07T13:00:00.000Z',
    ],
    [
      'Friday 15:00 plus 16 hours over the spring-forward weekend is Tuesday 15:00 CEST',
      base,
      '2026-03-27T15:00+01:00',
      16,
      '2026-03-31T13:00:00.000Z',
    ],
    ['Monday 09:00 plus 1.5 hours is 10:30', base, '2026-01-12T09:00+01:00', 1.5, '2026-01-12T09:30:00.000Z'],
    [
      'Friday 15:00 plus 2 hours ends exactly at closing time',
      base,
      '2026-01-09T15:00+01:00',
      2,
      '2026-01-09T16:00:00.000Z',
    ],
    [
      '0 hours from a closed Saturday is the next opening',
      base,
      '2026-01-10T12:00+01:00',
      0,
      '2026-01-12T08:00:00.000Z',
    ],
    ['0 hours while open is the same instant', base, '2026-01-12T11:11+01:00', 0, '2026-01-12T10:11:00.000Z'],
    ['Saturday plus 3 hours counts from Monday 09:00', base, '2026-01-10T12:00+01:00', 3, '2026-01-12T11:00:00.000Z'],
    [
      'a full working week (40 hours) from Monday 09:00 ends Friday 17:00',
      base,
      '2026-01-12T09:00+01:00',
      40,
      '2026-01-16T16:00:00.000Z',
    ],
  ])('%s', (_name, c, from, hours, expected) => {
    expect(iso(addWorkingHours(c, d(from), hours))).toBe(expected);
  });

  it.each([
    ['a negative amount', -1],
    ['NaN', Number.NaN],
    ['Infinity', Number.POSITIVE_INFINITY],
  ])('rejects %s of hours', (_name, hours) => {
    expect(() => addWorkingHours(base, d('2026-01-12T10:00Z'), hours)).toThrow(RangeError);
  });

  it('answers beyond its horizon instead of throwing when the desk never opens', () => {
    // No throw: a throw here would make every new contact fail while calls were answered 200.
    expect(addWorkingHours(cfg({ hours: [] }), d('2026-01-12T10:00Z'), 1).toISOString()).toBe(
      '2027-02-16T11:00:00.000Z',
    );
  });
});

describe('workingTimeBetween', () => {
  it.each([
    ['is 0 when b equals a', '2026-01-12T10:00+01:00', '2026-01-12T10:00+01:00', 0],
    ['is 0 when b is before a', '2026-01-12T12:00+01:00', '2026-01-12T10:00+01:00', 0],
    ['counts part of one day', '2026-01-12T10:00+01:00', '2026-01-12T12:30+01:00', 2.5 * H],
    ['ignores time before opening and after closing', '2026-01-12T06:00+01:00', '2026-01-12T20:00+01:00', 8 * H],
    ['counts a full working week as 40 hours', '2026-01-12T00:00+01:00', '2026-01-19T00:00+01:00', 40 * H],
    ['skips a weekend', '2026-01-09T16:00+01:00', '2026-01-12T10:00+01:00', 2 * H],
    ['skips Christmas and Boxing Day', '2025-12-24T16:00+01:00', '2025-12-29T10:00+01:00', 2 * H],
    [
      'counts 2026 as 261 weekdays minus 6 weekday holidays of 8 hours',
      '2026-01-01T00:00+01:00',
      '2027-01-01T00:00+01:00',
      (261 - 6) * 8 * H,
    ],
  ])('%s', (_name, a, b, expected) => {
    expect(workingTimeBetween(base, d(a), d(b))).toBe(expected);
  });

  it('agrees with addWorkingHours', () => {
    const start = d('2026-04-02T11:17+02:00');
    const end = addWorkingHours(base, start, 23.25);
    expect(workingTimeBetween(base, start, end)).toBe(23.25 * H);
  });
});

describe('a desk in America/Kralendijk (UTC-4, no DST)', () => {
  const bonaire = cfg({ timeZone: 'America/Kralendijk' });

  it.each([
    ['is open at 09:00 local in winter (13:00Z)', '2026-01-12T13:00Z', true],
    ['is closed at 08:59 local in winter', '2026-01-12T12:59Z', false],
    ['is open at 09:00 local in summer (still 13:00Z)', '2026-07-06T13:00Z', true],
    ['is closed at 17:00 local in summer (21:00Z)', '2026-07-06T21:00Z', false],
    ["is closed on King's Day 2026 in its own local date", '2026-04-27T20:00Z', false],
  ])('%s', (_name, at, open) => {
    expect(isOpen(bonaire, d(at))).toBe(open);
  });

  it('opens on Monday 09:00 local after a summer weekend', () => {
    expect(iso(nextOpening(bonaire, d('2026-07-10T21:00Z')))).toBe('2026-07-13T13:00:00.000Z');
  });
});

describe('parseOfficeHours', () => {
  it.each([
    [
      'reads a weekday range',
      'mon-fri 09:00-17:00',
      [1, 2, 3, 4, 5].map((weekday) => ({ weekday, start: 540, end: 1020 })),
    ],
    [
      'reads several segments',
      'mon-thu 09:00-17:00, fri 09:00-16:00',
      [...[1, 2, 3, 4].map((weekday) => ({ weekday, start: 540, end: 1020 })), { weekday: 5, start: 540, end: 960 }],
    ],
    ['reads a single day', 'sat 10:00-12:00', [{ weekday: 6, start: 600, end: 720 }]],
    [
      'is case- and space-tolerant and allows one-digit hours',
      '  Mon - Tue  9:30 - 12:00 ',
      [
        { weekday: 1, start: 570, end: 720 },
        { weekday: 2, start: 570, end: 720 },
      ],
    ],
    [
      'wraps a range over the week end',
      'sun-mon 08:00-16:00',
      [
        { weekday: 1, start: 480, end: 960 },
        { weekday: 7, start: 480, end: 960 },
      ],
    ],
    [
      'allows a split day and 24:00',
      'wed 00:00-12:00, wed 13:00-24:00',
      [
        { weekday: 3, start: 0, end: 720 },
        { weekday: 3, start: 780, end: 1440 },
      ],
    ],
    [
      'accepts Dutch day abbreviations',
      'ma-vr 09:00-17:00',
      [1, 2, 3, 4, 5].map((weekday) => ({ weekday, start: 540, end: 1020 })),
    ],
  ])('%s', (_name, spec, expected) => {
    expect(parseOfficeHours(spec)).toEqual(expected);
  });

  it.each([
    ['an empty string', '', /empty/],
    ['only spaces', '   ', /empty/],
    ['an unknown day', 'xyz 09:00-17:00', /unknown day "xyz"/],
    ['an unknown day at the end of a range', 'mon-fry 09:00-17:00', /unknown day "fry"/],
    ['an end before the start', 'mon 17:00-09:00', /not after start/],
    ['an end equal to the start', 'mon 09:00-09:00', /not after start/],
    ['an hour out of range', 'mon 09:00-25:00', /bad time "25:00"/],
    ['minutes out of range', 'mon 09:60-17:00', /bad time "09:60"/],
    ['a start of 24:00', 'mon 24:00-24:00', /bad time "24:00"/],
    ['a time without minutes', 'mon 9-17', /bad time "9"/],
    ['a missing time', 'mon-fri', /cannot read/],
    ['a trailing comma', 'mon 09:00-17:00,', /empty segment/],
    ['overlapping periods on one day', 'mon 09:00-12:00, mon 11:00-13:00', /overlapping/],
  ])('rejects %s', (_name, spec, message) => {
    expect(() => parseOfficeHours(spec)).toThrow(message);
  });
});

describe('openIntervalsOnLocalDate', () => {
  it.each([
    ['a Saturday has no open periods', '2026-01-10', []],
    ['a holiday has no open periods', '2026-04-27', []],
    [
      'a working day has one period 09:00-17:00 local',
      '2026-01-12',
      [['2026-01-12T08:00:00.000Z', '2026-01-12T16:00:00.000Z']],
    ],
  ])('%s', (_name, date, expected) => {
    expect(openIntervalsOnLocalDate(base, date).map((iv) => [iso(iv.start), iso(iv.end)])).toEqual(expected);
  });

  it('rejects a malformed date', () => {
    expect(() => openIntervalsOnLocalDate(base, '2026-13-01')).toThrow(/bad local date/);
  });
});
