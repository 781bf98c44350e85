import { describe, expect, it } from 'vitest';
import { dueAt } from '../../src/contacts/sla.js';
import { addWorkingHours, parseOfficeHours, type CalendarConfig } from '../../src/office-hours/calendar.js';

const cal: CalendarConfig = {
  timeZone: 'Europe/Amsterdam',
  hours: parseOfficeHours('mon-fri 09:00-17:00'),
  closeOnGoodFriday: false,
  liberationDay: 'lustrum',
  closures: [],
};
const add = (t: Date, h: number) => addWorkingHours(cal, t, h);

describe('due times of new contacts', () => {
  it.each([
    [
      'a legal question on Friday 15:00 is due Tuesday 15:00',
      'legal',
      '2026-11-27T14:00:00Z',
      '2026-12-01T14:00:00.000Z',
    ],
    [
      'a care request on Monday 11:00 is due the same day 15:00',
      'care',
      '2026-11-23T10:00:00Z',
      '2026-11-23T14:00:00.000Z',
    ],
    [
      'an after-hours message on Saturday is due Monday 11:00',
      'after-hours',
      '2026-11-28T20:00:00Z',
      '2026-11-30T10:00:00.000Z',
    ],
  ] as const)('%s', (_, queue, start, due) => {
    expect(dueAt(queue, new Date(start), add).toISOString()).toBe(due);
  });
});
