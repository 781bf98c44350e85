// Formatting stored UTC instants in the desk's zone, fast enough for every row of a list.

const offsetFormats = new Map<string, Intl.DateTimeFormat>();
const offsets = new Map<string, number>();

/** The zone's offset from UTC in ms at instant t; cached per zone and UTC hour (zones change offset on the hour or half hour at most once). */
function zoneOffset(zone: string, t: number): number {
  const hour = Math.floor(t / 1_800_000);
  const key = `${zone}|${hour}`;
  let off = offsets.get(key);
  if (off === undefined) {
    let f = offsetFormats.get(zone);
    if (!f) {
      f = new Intl.DateTimeFormat('en-GB', {
        timeZone: zone,
        year: 'numeric',
        month: 'numeric',
        day: 'numeric',
        hour: 'numeric',
        minute: 'numeric',
        second: 'numeric',
        hourCycle: 'h23',
      });
      offsetFormats.set(zone, f);
    }
    const at = hour * 1_800_000;
    const p: Record<string, number> = {};
    for (const part of f.formatToParts(new Date(at))) p[part.type] = Number(part.value);
    off = Date.UTC(p.year!, p.month! - 1, p.day!, p.hour!, p.minute!, p.second!) - at;
    if (offsets.size > 50_000) offsets.clear();
    offsets.set(key, off);
  }
  return off;
}

const two = (n: number) => (n < 10 ? `0${n}` : String(n));

/** Formats a stored UTC timestamp in the desk's zone as `dd-MM-yyyy HH:mm`. */
export function formatStamp(iso: string | null | undefined, zone: string): string {
  if (!iso) return '';
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return '';
  const d = new Date(t + zoneOffset(zone, t));
  return `${two(d.getUTCDate())}-${two(d.getUTCMonth() + 1)}-${d.getUTCFullYear()} ${two(d.getUTCHours())}:${two(d.getUTCMinutes())}`;
}

/** A duration in seconds as minutes and seconds, "1:05" for 65; "—" when unknown. */
export function formatDuration(seconds: unknown): string {
  return typeof seconds === 'number' ? `${Math.floor(seconds / 60)}:${two(seconds % 60)}` : '—';
}

/** A time of day given in minutes after midnight as HH:MM, "09:00" for 540 (24:00 for the day's end). */
export function formatTimeOfDay(minutes: number): string {
  return `${two(Math.floor(minutes / 60))}:${two(minutes % 60)}`;
}
