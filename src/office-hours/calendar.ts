// Pure office-hours calendar: weekday hours in the desk's time zone, minus Dutch public holidays
// (date-holidays 'NL', type 'public', plus our Good Friday / Liberation Day overrides) and admin
// closures. No I/O, no clock: every function takes the instant it reasons about. Liberation Day is a
// day off every fifth year by default ('lustrum'); Good Friday only when configured.
import { DateTime } from 'luxon';
import Holidays from 'date-holidays';
import type { DayHours, LiberationDayRule } from '../shared/office-hours-spec.js';

// The hours are read from the configuration by a plain module the config itself may use.
export {
  type DayHours,
  type LiberationDayRule,
  parseOfficeHours,
} from '../shared/office-hours-spec.js';

export interface Closure {
  startAt: string;
  endAt: string;
  reason?: string;
} // UTC ISO instants, [start, end)
export interface CalendarConfig {
  timeZone: string;
  hours: DayHours[];
  closeOnGoodFriday: boolean;
  liberationDay: LiberationDayRule;
  closures: Closure[];
}

type Iv = { start: number; end: number }; // epoch ms, [start, end)
/** Searches stop after this many consecutive local dates without a new open period. */
const HORIZON_DAYS = 400;

// ---------- holidays ----------

type HolidayRules = Pick<CalendarConfig, 'closeOnGoodFriday' | 'liberationDay'>;
const nl = new Holidays('NL', { languages: ['nl'] });
const holidayCache = new Map<string, { list: { date: string; name: string }[]; set: Set<string> }>();

function holidayEntry(year: number, cfg: HolidayRules) {
  const key = `${year}|${cfg.closeOnGoodFriday}|${cfg.liberationDay}`;
  let hit = holidayCache.get(key);
  if (!hit) {
    const all = nl.getHolidays(year, 'nl');
    const day = (h: { date: string }) => h.date.slice(0, 10);
    const list = all.filter((h) => h.type === 'public').map((h) => ({ date: day(h), name: h.name }));
    if (cfg.closeOnGoodFriday) {
      const gf = all.find((h) => h.rule === 'easter -2');
      if (gf) list.push({ date: day(gf), name: gf.name });
    }
    if (cfg.liberationDay === 'always' || (cfg.liberationDay === 'lustrum' && year % 5 === 0)) {
      const lib = all.find((h) => h.rule === '05-05');
      list.push({ date: `${year}-05-05`, name: lib?.name ?? 'Bevrijdingsdag' });
    }
    const uniq = [...new Map(list.map((h) => [h.date, h])).values()].sort((a, b) => a.date.localeCompare(b.date));
    hit = { list: uniq, set: new Set(uniq.map((h) => h.date)) };
    holidayCache.set(key, hit);
  }
  return hit;
}

/** Dutch national public holidays of a year (Dutch names), plus Good Friday / Liberation Day per config. */
export function holidaysOf(year: number, cfg: HolidayRules): { date: string; name: string }[] {
  return holidayEntry(year, cfg).list.map((h) => ({ ...h }));
}

// ---------- open intervals ----------

const closureCache = new WeakMap<Closure[], Iv[]>();
function closureIntervals(closures: Closure[]): Iv[] {
  let ivs = closureCache.get(closures);
  if (!ivs) {
    ivs = closures.map((c) => {
      const s = DateTime.fromISO(c.startAt, { zone: 'utc' });
      const e = DateTime.fromISO(c.endAt, { zone: 'utc' });
      if (!s.isValid || !e.isValid)
        throw new Error(`office hours: closure has an invalid instant (${c.startAt} – ${c.endAt})`);
      return { start: s.toMillis(), end: e.toMillis() };
    });
    closureCache.set(closures, ivs);
  }
  return ivs;
}

function subtract(ivs: Iv[], cuts: Iv[]): Iv[] {
  let out = ivs;
  for (const c of cuts) {
    out = out.flatMap((iv) =>
      c.end <= iv.start || c.start >= iv.end
        ? [iv]
        : [
            { start: iv.start, end: c.start },
            { start: c.end, end: iv.end },
          ].filter((x) => x.end > x.start),
    );
  }
  return out;
}

/** Wall-clock minute of a local day as an instant; luxon resolves DST gaps by moving forward. */
function at(day: DateTime, minute: number): number {
  if (minute >= 1440) return day.plus({ days: 1 }).startOf('day').toMillis();
  return day.set({ hour: Math.floor(minute / 60), minute: minute % 60, second: 0, millisecond: 0 }).toMillis();
}

function dayIntervals(cfg: CalendarConfig, day: DateTime): Iv[] {
  if (holidayEntry(day.year, cfg).set.has(day.toISODate()!)) return [];
  const hours = cfg.hours.filter((h) => h.weekday === day.weekday).sort((a, b) => a.start - b.start);
  const merged: Iv[] = [];
  for (const h of hours) {
    const iv = { start: at(day, h.start), end: at(day, h.end) };
    const last = merged[merged.length - 1];
    if (last && iv.start <= last.end) last.end = Math.max(last.end, iv.end);
    else if (iv.end > iv.start) merged.push(iv);
  }
  return subtract(merged, closureIntervals(cfg.closures));
}

function localDay(cfg: CalendarConfig, ms: number): DateTime {
  const dt = DateTime.fromMillis(ms, { zone: cfg.timeZone });
  if (!dt.isValid) throw new Error(`office hours: unknown time zone "${cfg.timeZone}"`);
  return dt.startOf('day');
}

function msOf(t: Date): number {
  const ms = t instanceof Date ? t.getTime() : NaN;
  if (Number.isNaN(ms)) throw new RangeError('office hours: invalid Date');
  return ms;
}

/**
 * Open periods that end after t, in order; periods touching across midnight are merged.
 * Without `until` it stops after HORIZON_DAYS local dates without a new period; with `until`
 * it walks every date that starts before `until`.
 */
function* openFrom(cfg: CalendarConfig, t: number, until?: number): Generator<Iv> {
  let day = localDay(cfg, t);
  let pending: Iv | null = null;
  let idle = 0;
  while (until !== undefined ? day.toMillis() < until : idle <= HORIZON_DAYS) {
    const next = day.plus({ days: 1 }).startOf('day');
    idle++;
    for (const iv of dayIntervals(cfg, day)) {
      if (iv.end <= t) continue;
      if (pending && iv.start <= pending.end) pending.end = Math.max(pending.end, iv.end);
      else {
        if (pending) {
          yield pending;
          idle = 0;
        }
        pending = { ...iv };
      }
    }
    if (pending && pending.end < next.toMillis()) {
      yield pending;
      pending = null;
      idle = 0;
    }
    day = next;
  }
  if (pending) yield pending;
}

// ---------- public queries ----------

export function openIntervalsOnLocalDate(cfg: CalendarConfig, isoDate: string): { start: Date; end: Date }[] {
  const day = DateTime.fromISO(isoDate, { zone: cfg.timeZone });
  if (!day.isValid || !/^\d{4}-\d{2}-\d{2}$/.test(isoDate))
    throw new Error(`office hours: bad local date "${isoDate}"`);
  return dayIntervals(cfg, day.startOf('day')).map((iv) => ({ start: new Date(iv.start), end: new Date(iv.end) }));
}

export function officeStatus(
  cfg: CalendarConfig,
  t: Date,
): { open: true; until: Date } | { open: false; opensAt: Date | null } {
  const t0 = msOf(t);
  const first = openFrom(cfg, t0).next().value;
  if (first && first.start <= t0) return { open: true, until: new Date(first.end) };
  return { open: false, opensAt: first ? new Date(first.start) : null };
}

export function isOpen(cfg: CalendarConfig, t: Date): boolean {
  return officeStatus(cfg, t).open;
}

/** When open at t: the end of the current open period (merged across midnight). Otherwise null. */
export function currentPeriodEnd(cfg: CalendarConfig, t: Date): Date | null {
  const s = officeStatus(cfg, t);
  return s.open ? s.until : null;
}

/**
 * When closed at t: the start of the next open period (t itself never, since t is closed).
 * When open at t: the start of the period AFTER the current one (never t or an earlier instant).
 * Null when no opening is found within 400 days.
 */
export function nextOpening(cfg: CalendarConfig, t: Date): Date | null {
  const t0 = msOf(t);
  const it = openFrom(cfg, t0);
  const first = it.next().value;
  if (!first) return null;
  if (first.start > t0) return new Date(first.start);
  const second = it.next().value;
  return second ? new Date(second.start) : null;
}

/**
 * The instant at which `hours` working hours (fractional allowed, >= 0) have passed, counting from t,
 * or from the next opening when closed at t. An amount that ends exactly at closing time returns the
 * closing instant (Fri 15:00 + 2h = Fri 17:00). Beyond the horizon (no opening within 400 days of the last
 * open period — a desk closed for longer, or with no hours) it never throws: the hours left are counted as
 * plain hours from the end of the horizon, so a contact still gets a due time and is never lost.
 */
export function addWorkingHours(cfg: CalendarConfig, t: Date, hours: number): Date {
  if (!Number.isFinite(hours) || hours < 0)
    throw new RangeError(`office hours: hours must be a finite number >= 0, got ${hours}`);
  const t0 = msOf(t);
  let left = Math.round(hours * 3_600_000);
  let lastEnd = t0;
  for (const iv of openFrom(cfg, t0)) {
    const s = Math.max(iv.start, t0);
    if (s + left <= iv.end) return new Date(s + left);
    left -= iv.end - s;
    lastEnd = iv.end;
  }
  return new Date(lastEnd + HORIZON_DAYS * 86_400_000 + left);
}

/** Milliseconds of open time in [a, b); 0 when b <= a. */
export function workingTimeBetween(cfg: CalendarConfig, a: Date, b: Date): number {
  const a0 = msOf(a);
  const b0 = msOf(b);
  if (b0 <= a0) return 0;
  let sum = 0;
  for (const iv of openFrom(cfg, a0, b0)) {
    if (iv.start >= b0) break;
    sum += Math.min(iv.end, b0) - Math.max(iv.start, a0);
  }
  return sum;
}
