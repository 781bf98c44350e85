// Pure rules of the after-hours review (docs/product.md §6): the order of the list, the hold an agent has on an item, and
// the time to first review counted from the desk's next opening after arrival. No I/O, no clock.
import { DateTime } from 'luxon';
import { formatStamp } from '../shared/time-format.js';
import { officeStatus, openIntervalsOnLocalDate, type CalendarConfig } from '../office-hours/calendar.js';

/** How long opening an item holds it for that agent. */
export const HOLD_MS = 5 * 60_000;

export interface Orderable {
  id: number;
  urgent: boolean;
  minor: boolean;
  startedAt: string;
  /** Arrived in the desk's latest closed period ("tonight", see latestClosedPeriod). */
  tonight: boolean;
}

/**
 * The review order (issue 23): danger of the latest closed period first, then older danger, then the rest oldest
 * first. Danger is the classifier's urgent flag or a minor (docs/product.md §6: a minor raises an item); within a tier urgent
 * and about a minor comes before urgent alone, before a minor alone; then the oldest first, the id breaking ties.
 */
function compareReviewItems(a: Orderable, b: Orderable): number {
  const tier = (x: Orderable) => (x.urgent || x.minor ? (x.tonight ? 0 : 1) : 2);
  const danger = (x: Orderable) => (x.urgent && x.minor ? 0 : x.urgent ? 1 : x.minor ? 2 : 3);
  return (
    tier(a) - tier(b) ||
    danger(a) - danger(b) ||
    Date.parse(a.startedAt) - Date.parse(b.startedAt) ||
    a.startedAt.localeCompare(b.startedAt) ||
    a.id - b.id
  );
}

/** Sorts a copy of the items into review order. */
export const reviewOrder = <T extends Orderable>(items: readonly T[]): T[] => [...items].sort(compareReviewItems);

/** How far back the calendar is searched for the desk's last opening (a closure longer than this: all is "tonight"). */
const LOOKBACK_DAYS = 31;

/** The open periods of the local dates from `days` days before t up to t's own date, merged across midnight. */
function openPeriodsBefore(cal: CalendarConfig, t: Date, days: number): { start: number; end: number }[] {
  const today = DateTime.fromJSDate(t, { zone: cal.timeZone }).startOf('day');
  const ivs: { start: number; end: number }[] = [];
  for (let d = days; d >= 0; d--) {
    const date = today.minus({ days: d }).toISODate()!;
    for (const iv of openIntervalsOnLocalDate(cal, date))
      ivs.push({ start: iv.start.getTime(), end: iv.end.getTime() });
  }
  ivs.sort((a, b) => a.start - b.start);
  const merged: { start: number; end: number }[] = [];
  for (const iv of ivs) {
    const last = merged[merged.length - 1];
    if (last && iv.start <= last.end) last.end = Math.max(last.end, iv.end);
    else merged.push({ ...iv });
  }
  return merged;
}

/**
 * The desk's latest closed period at `now` ("tonight"): while the desk is closed, from its last closing up to now;
 * while it is open, the closed time just before the current opening (Tuesday 10:00: Monday 17:00 – Tuesday 09:00).
 * `start` is null when the desk was not open in the last month (everything waiting belongs to it).
 */
export function latestClosedPeriod(cal: CalendarConfig, now: Date): { start: Date | null; end: Date } {
  const t = now.getTime();
  const periods = openPeriodsBefore(cal, now, LOOKBACK_DAYS).filter((p) => p.start <= t);
  const current = periods.find((p) => p.start <= t && t < p.end);
  const before = periods.filter((p) => p.end <= (current ? current.start : t));
  const last = before[before.length - 1];
  return { start: last ? new Date(last.end) : null, end: current ? new Date(current.start) : now };
}

/** Whether an item arrived within a closed period (both ends included; an open start reaches back forever). */
export function arrivedIn(period: { start: Date | null; end: Date }, startedAt: string): boolean {
  const t = Date.parse(startedAt);
  return (period.start === null || t >= period.start.getTime()) && t <= period.end.getTime();
}

/**
 * When a callback made for an urgent item is due: the same working day — the desk's last closing of today's
 * local date while it is open, else the last closing of the day of its next opening (made Monday 20:00, due
 * Tuesday 17:00). Null when the calendar has no opening within its horizon.
 */
export function urgentCallbackDue(cal: CalendarConfig, now: Date): Date | null {
  const s = officeStatus(cal, now);
  const day = s.open ? now : s.opensAt;
  if (!day) return null;
  const ivs = openIntervalsOnLocalDate(cal, localDate(cal.timeZone, day));
  const end = Math.max(...ivs.map((iv) => iv.end.getTime()), s.open ? s.until.getTime() : 0);
  return new Date(end);
}

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
function reviewClockStart(cal: CalendarConfig, arrivedAt: Date): Date | null {
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
function localDate(zone: string, t: Date): string {
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
 * When an item arrived, as the desk says it (issue 23: full dates, never the weekday alone): the short weekday in
 * the reader's language and DD-MM-YYYY HH:MM in the desk's zone ("za 21-11-2026 02:14", "Sat 21-11-2026 02:14").
 */
export function arrivalLabel(zone: string, locale: string, arrivedAt: Date): string {
  const weekday = new Intl.DateTimeFormat(locale === 'nl' ? 'nl-NL' : 'en-GB', { timeZone: zone, weekday: 'short' })
    .format(arrivedAt)
    .replace('.', '');
  return `${weekday} ${formatStamp(arrivedAt.toISOString(), zone)}`;
}

/** A span of ms as the desk reads it: "20 min", "3 h 05 min", "2 d 4 h". */
export function formatSpan(ms: number): string {
  const min = Math.floor(ms / 60_000);
  if (min < 60) return `${min} min`;
  const h = Math.floor(min / 60);
  if (h < 48) return `${h} h ${String(min % 60).padStart(2, '0')} min`;
  return `${Math.floor(h / 24)} d ${h % 24} h`;
}
