import { DateTime } from 'luxon';
import { URGENCIES, type PlaceKind } from './cosm.table.js';

/** What the waiting list needs of a request to order it. */
export interface Waiting {
  id: number;
  urgency: string;
  safety_risk: number;
  requested_at: string;
}

const urgencyRank = (u: string) => {
  const i = (URGENCIES as readonly string[]).indexOf(u);
  return i < 0 ? URGENCIES.length : i;
};

/**
 * The waiting list's order: need first — acute (no safe place tonight) before high before normal, and within one
 * urgency a person at risk for their safety first — then waiting time, the longest waiting on top (from the
 * request, so a declined offer never sends a person to the back), then the older request.
 */
export function waitingListOrder<T extends Waiting>(requests: readonly T[]): T[] {
  return [...requests].sort(
    (a, b) =>
      urgencyRank(a.urgency) - urgencyRank(b.urgency) ||
      b.safety_risk - a.safety_risk ||
      a.requested_at.localeCompare(b.requested_at) ||
      a.id - b.id,
  );
}

/** The kinds of place a person needs: their gender's kind, and `minors` for a minor. */
function neededKinds(r: { gender: string; minor: number; care_needs: string }): PlaceKind[] {
  const kinds: PlaceKind[] = [];
  if (r.gender === 'female') kinds.push('women');
  else if (r.gender === 'male') kinds.push('men');
  else if (r.gender === 'other') kinds.push('other_gender');
  if (r.minor === 1) kinds.push('minors');
  return kinds;
}

/** Whether a shelter's kinds of places take this person (a person of unknown gender fits any kind by gender). */
export function fitsShelter(shelterKinds: readonly string[], r: { gender: string; minor: number; care_needs: string }) {
  return neededKinds(r).every((k) => shelterKinds.includes(k));
}

/** Calendar days from one local date to another (0 on the same day, never negative). */
export function daysBetween(fromDate: string, toDate: string): number {
  const d = DateTime.fromISO(toDate, { zone: 'UTC' }).diff(DateTime.fromISO(fromDate, { zone: 'UTC' }), 'days').days;
  return Math.max(0, Math.round(d));
}

/** The target stay in COSM is three months (reference/domain.md §3.1): a placement's default end date. */
export const defaultEndOn = (startOn: string) =>
  DateTime.fromISO(startOn, { zone: 'UTC' }).plus({ months: 3 }).toISODate() as string;

/** Whether an open request has waited too long for a place: `hours` after it was made, still without a place. */
export function waitedTooLong(r: { status: string; requested_at: string }, now: Date, hours: number): boolean {
  if (r.status !== 'waiting' && r.status !== 'offered') return false;
  return now.getTime() - Date.parse(r.requested_at) >= hours * 3_600_000;
}

/** The kinds list as stored (comma-separated, known codes only, in their order). */
export const kindsOf = (stored: string): string[] => stored.split(',').filter(Boolean);
