// The desk's weekly office hours as configured ('mon-fri 09:00-17:00'): read once at start by the config,
// reasoned about by the office-hours calendar. No I/O.

type Weekday = 1 | 2 | 3 | 4 | 5 | 6 | 7; // ISO, 1 = Monday
export interface DayHours {
  weekday: Weekday;
  start: number;
  end: number;
} // minutes after local midnight
export type LiberationDayRule = 'never' | 'lustrum' | 'always';

const DAY_NAMES: Record<string, Weekday> = {
  mon: 1,
  tue: 2,
  wed: 3,
  thu: 4,
  fri: 5,
  sat: 6,
  sun: 7,
  ma: 1,
  di: 2,
  wo: 3,
  do: 4,
  vr: 5,
  za: 6,
  zo: 7,
};

function parseDay(name: string, seg: string): Weekday {
  const d = DAY_NAMES[name];
  if (!d) throw new Error(`office hours: unknown day "${name}" in "${seg}" (use mon tue wed thu fri sat sun)`);
  return d;
}

function parseTime(s: string, seg: string, isEnd: boolean): number {
  const m = /^(\d{1,2}):(\d{2})$/.exec(s);
  const h = m ? Number(m[1]) : NaN;
  const min = m ? Number(m[2]) : NaN;
  const ok = m && min <= 59 && (h <= 23 || (isEnd && h === 24 && min === 0));
  if (!ok) throw new Error(`office hours: bad time "${s}" in "${seg}" (expected HH:MM, 00:00-24:00)`);
  return h * 60 + min;
}

/**
 * Parses 'mon-fri 09:00-17:00', 'mon-thu 09:00-17:00, fri 09:00-16:00' or 'sat 10:00-12:00'.
 * Segments are separated by commas; a day range may wrap ('sun-thu'). Dutch two-letter days
 * (ma di wo do vr za zo) are accepted too. End may be 24:00. Throws on empty input, unknown day,
 * bad time, end <= start, or overlapping periods on one weekday.
 */
export function parseOfficeHours(spec: string): DayHours[] {
  if (typeof spec !== 'string' || spec.trim() === '') throw new Error('office hours: empty specification');
  const out: DayHours[] = [];
  for (const raw of spec.split(',')) {
    const seg = raw.trim().toLowerCase();
    if (!seg) throw new Error(`office hours: empty segment in "${spec}"`);
    const m = /^([a-z]+)(?:\s*-\s*([a-z]+))?\s+(\S+?)\s*-\s*(\S+)$/.exec(seg);
    if (!m) throw new Error(`office hours: cannot read "${raw.trim()}" (expected e.g. "mon-fri 09:00-17:00")`);
    const from = parseDay(m[1], seg);
    const to = m[2] ? parseDay(m[2], seg) : from;
    const start = parseTime(m[3], seg, false);
    const end = parseTime(m[4], seg, true);
    if (end <= start) throw new Error(`office hours: end ${m[4]} is not after start ${m[3]} in "${seg}"`);
    for (let d = from; ; d = ((d % 7) + 1) as Weekday) {
      out.push({ weekday: d, start, end });
      if (d === to) break;
    }
  }
  out.sort((a, b) => a.weekday - b.weekday || a.start - b.start);
  const clash = out.find((h, i) => i > 0 && h.weekday === out[i - 1].weekday && h.start < out[i - 1].end);
  if (clash) throw new Error(`office hours: overlapping periods on weekday ${clash.weekday} in "${spec}"`);
  return out;
}
