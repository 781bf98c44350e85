import { DateTime } from 'luxon';
import type { DeadlineKind } from './registrations.table.js';

/** A date (YYYY-MM-DD) plus a number of calendar days. */
export function addDays(isoDate: string, days: number): string {
  return DateTime.fromISO(isoDate, { zone: 'UTC' }).plus({ days }).toISODate()!;
}

/** Calendar days from `today` until `end` (negative once it has passed). */
export function daysLeft(end: string, today: string): number {
  return Math.round(DateTime.fromISO(end, { zone: 'UTC' }).diff(DateTime.fromISO(today, { zone: 'UTC' }), 'days').days);
}

/**
 * The working day `n` working days before `end` (end itself not counted): the day a task is raised. A weekend or
 * holiday is skipped by `isWorkingDay`.
 */
export function workingDaysBefore(end: string, n: number, isWorkingDay: (isoDate: string) => boolean): string {
  let d = end;
  let left = n;
  for (let guard = 0; left > 0 && guard < 3660; guard++) {
    d = addDays(d, -1);
    if (isWorkingDay(d)) left--;
  }
  return d;
}

export interface PersonDeadline {
  kind: DeadlineKind;
  endsOn: string;
}

/** A registration's deadlines: the reflection period's end (start + 90 or 30 days), permit expiry, shelter end. */
export function deadlinesOf(r: {
  reflection_start: string | null;
  reflection_days: number | null;
  permit_expires_on: string | null;
  shelter_ends_on: string | null;
}): PersonDeadline[] {
  const out: PersonDeadline[] = [];
  if (r.reflection_start && r.reflection_days)
    out.push({ kind: 'reflection', endsOn: addDays(r.reflection_start, r.reflection_days) });
  if (r.permit_expires_on) out.push({ kind: 'permit', endsOn: r.permit_expires_on });
  if (r.shelter_ends_on) out.push({ kind: 'shelter', endsOn: r.shelter_ends_on });
  return out;
}

/** The queue that answers for a deadline: legal questions for the reflection period and permit, care for shelter. */
export const deadlineQueue = (kind: DeadlineKind): 'legal' | 'care' => (kind === 'shelter' ? 'care' : 'legal');
