// Pure rules of the after-hours review (SPEC §6): the order of the list, the hold an agent has on an item, and
// the time to first review counted from the desk's next opening after arrival. No I/O, no clock.
import { officeStatus, type CalendarConfig } from '../office-hours/calendar.js';

/** How long opening an item holds it for that agent. */
export const HOLD_MS = 5 * 60_000;

export interface Orderable {
  id: number;
  urgent: boolean;
  minor: boolean;
  startedAt: string;
}

/** The review order: urgent items first, then those about a minor, then the oldest first (id breaks ties). */
export function compareReviewItems(a: Orderable, b: Orderable): number {
  const rank = (x: Orderable) => (x.urgent ? 0 : x.minor ? 1 : 2);
  return rank(a) - rank(b) || a.startedAt.localeCompare(b.startedAt) || a.id - b.id;
}

/** Sorts a copy of the items into review order. */
export const reviewOrder = <T extends Orderable>(items: readonly T[]): T[] => [...items].sort(compareReviewItems);

export interface Hold {
  heldBy: number | null;
  heldUntil: string | null;
}

/** Whose an item is right now: nobody's (never held, or the hold expired), mine, or another agent's. */
export function holdState(hold: Hold | null, userId: number, now: Date): 'free' | 'mine' | 'other' {
  if (!hold?.heldBy || !hold.heldUntil || Date.parse(hold.heldUntil) <= now.getTime()) return 'free';
  return hold.heldBy === userId ? 'mine' : 'other';
}

/** The end of a hold taken now. */
export const holdUntil = (now: Date) => new Date(now.getTime() + HOLD_MS).toISOString();

/**
 * When the desk could first have reviewed an item: the next opening after its arrival (the arrival itself if
 * the desk was open then). Null when the calendar has no opening within its horizon.
 */
export function reviewClockStart(cal: CalendarConfig, arrivedAt: Date): Date | null {
  const s = officeStatus(cal, arrivedAt);
  return s.open ? arrivedAt : s.opensAt;
}

/**
 * Time to first review in ms, from the desk's next opening after arrival (a voicemail of Saturday reviewed
 * Monday 09:20 took 20 minutes); a review before that opening (someone working the weekend) counts as 0.
 */
export function timeToFirstReview(cal: CalendarConfig, arrivedAt: Date, reviewedAt: Date): number | null {
  const start = reviewClockStart(cal, arrivedAt);
  if (!start) return null;
  return Math.max(0, reviewedAt.getTime() - start.getTime());
}

/** The p-th percentile (0–100) by nearest rank; null for no values. */
export function percentile(values: readonly number[], p: number): number | null {
  if (!values.length) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1]!;
}

/** The local calendar date (YYYY-MM-DD) of an instant in a zone. */
export function localDate(zone: string, t: Date): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(
    t,
  );
}

export interface ReviewedItem {
  channel: string;
  arrivedAt: string;
  reviewedAt: string;
}
export interface ReviewStatRow {
  day: string;
  channel: string;
  count: number;
  medianMs: number;
  p90Ms: number;
}

/**
 * Median and 90th percentile of the time to first review per day (the local date of the opening the clock
 * started at) and channel, newest day first.
 */
export function reviewStats(cal: CalendarConfig, items: readonly ReviewedItem[]): ReviewStatRow[] {
  const groups = new Map<string, number[]>();
  for (const it of items) {
    const arrived = new Date(it.arrivedAt);
    const start = reviewClockStart(cal, arrived);
    const ms = timeToFirstReview(cal, arrived, new Date(it.reviewedAt));
    if (!start || ms === null) continue;
    const key = `${localDate(cal.timeZone, start)}|${it.channel}`;
    groups.set(key, [...(groups.get(key) ?? []), ms]);
  }
  return [...groups.entries()]
    .map(([key, ms]) => {
      const [day, channel] = key.split('|') as [string, string];
      return { day, channel, count: ms.length, medianMs: percentile(ms, 50)!, p90Ms: percentile(ms, 90)! };
    })
    .sort((a, b) => b.day.localeCompare(a.day) || a.channel.localeCompare(b.channel));
}

/**
 * When an item arrived, as the desk says it: "Saturday 02:14" in the desk's zone and the reader's language
 * within the last week, with the date further back ("Saturday 14 November 02:14").
 */
export function arrivalLabel(zone: string, locale: string, arrivedAt: Date, now: Date): string {
  const recent = now.getTime() - arrivedAt.getTime() < 6 * 86_400_000;
  return new Intl.DateTimeFormat(locale === 'nl' ? 'nl-NL' : 'en-GB', {
    timeZone: zone,
    weekday: 'long',
    ...(recent ? {} : { day: 'numeric', month: 'long' }),
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  })
    .format(arrivedAt)
    .replace(' om ', ' ')
    .replace(' at ', ' ')
    .replace(',', '');
}

/** A span of ms as the desk reads it: "20 min", "3 h 05 min", "2 d 4 h". */
export function formatSpan(ms: number): string {
  const min = Math.floor(ms / 60_000);
  if (min < 60) return `${min} min`;
  const h = Math.floor(min / 60);
  if (h < 48) return `${h} h ${String(min % 60).padStart(2, '0')} min`;
  return `${Math.floor(h / 24)} d ${h % 24} h`;
}
