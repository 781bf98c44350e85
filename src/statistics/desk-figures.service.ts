import { CHANNELS, QUEUES } from '../contacts/contacts.table.js';
import type { Deps } from '../deps.js';
import { IANAZone } from 'luxon';
import { officeStatus } from '../office-hours/calendar.js';
import { addCounts, arrivalOf, claimFirstReviewBackfill, firstReviewsCounted } from './contact-stats.queries.js';
import type { Trx } from '../db/database.js';
import {
  firstReviewSummary,
  deskCounts,
  hourCounts,
  openSlaCounts,
  reviewedItems,
  unreviewedCounts,
  type Filter,
} from './statistics.queries.js';
import { type DeskDimension, type DeskExtra, type StatTable, sumPerPeriod, tableOf } from './statistics.service.js';

/**
 * The desk's column tables (contacts per channel, queue, office hours, topic) and its busiest hours, from the
 * summary kept with every contact change (contact_stats), never from the contacts themselves.
 */
export async function deskTables(deps: Deps, f: Filter): Promise<Record<DeskDimension | 'hours' | 'sla', StatTable>> {
  const [counts, hours] = await Promise.all([deskCounts(deps.db, f), hourCounts(deps.db, f)]);
  const table = (by: DeskDimension, known: readonly string[]) => {
    const rows = counts
      .filter((r) => r.dimension === by)
      .map((r) => ({ period: `${r.period}-01`, value: r.value, n: Number(r.n) }));
    return tableOf(known, rows, sumPerPeriod(rows), f.period);
  };
  return {
    channel: table('channel', CHANNELS),
    queue: table('queue', QUEUES),
    in_office_hours: table('in_office_hours', ['1', '0']),
    topic: table('topic', []),
    hours: busiestHours(deps, hours),
    sla: await slaTable(deps, f, counts),
  };
}

/** Contacts with a due time per period: picked up by an agent in time (`met`), late, or still waiting. */
async function slaTable(deps: Deps, f: Filter, summary?: Awaited<ReturnType<typeof deskCounts>>) {
  const [counts, open] = await Promise.all([
    summary ?? deskCounts(deps.db, f),
    openSlaCounts(deps.db, f, deps.clock().toISOString()),
  ]);
  const rows = [
    ...counts
      .filter((r) => r.dimension === 'sla')
      .map((r) => ({ period: `${r.period}-01`, value: r.value, n: Number(r.n) })),
    ...open.map((r) => ({ ...r, n: Number(r.n) })),
  ];
  return tableOf(['met', 'missed', 'waiting'], rows, sumPerPeriod(rows), f.period);
}

/** The bucket of a time to first review in ms: within 1, 4 or 24 hours of the opening, or later. */
const reviewBucket = (ms: number) => {
  const hours = ms / 3_600_000;
  return hours <= 1 ? 'h1' : hours <= 4 ? 'h4' : hours <= 24 ? 'h24' : 'later';
};

/**
 * Counts an item's first review in the summary (in the review's transaction), measured as the review list measures
 * it (src/review/review-rules.ts, timeToFirstReview): from the desk's next opening after arrival.
 */
export async function countFirstReview(deps: Deps, trx: Trx, contactId: number, reviewedAt: string) {
  if (!(await firstReviewsCounted(trx))) return; // the backfill will count it
  const arrived = await arrivalOf(trx, contactId);
  if (!arrived) return;
  const s = officeStatus(deps.officeHours.calendar, new Date(arrived));
  const start = s.open ? Date.parse(arrived) : s.opensAt?.getTime();
  if (start === undefined) return;
  const value = reviewBucket(Math.max(0, Date.parse(reviewedAt) - start));
  await addCounts(trx, [{ dimension: 'first_review', day: arrived.slice(0, 10), value, n: 1 }]);
}

/** Counts every first review made before the summary counted them (once, the first time the figures are read). */
async function backfillFirstReviews(deps: Deps) {
  if (await firstReviewsCounted(deps.db)) return;
  await deps.db.transaction().execute(async (trx) => {
    if (!(await claimFirstReviewBackfill(trx))) return;
    const reviewed = await reviewedItems(trx, { period: 'year', from: '', to: '' });
    const cal = deps.officeHours.calendar;
    // Oldest first: arrivals within one closed spell share the next opening, and arrivals within one open spell
    // start the clock at once, so the calendar is asked about once per spell.
    let closedFrom = Number.POSITIVE_INFINITY;
    let opensAt = Number.NEGATIVE_INFINITY;
    let openFrom = Number.POSITIVE_INFINITY;
    let openUntil = Number.NEGATIVE_INFINITY;
    const sums = new Map<string, number>();
    for (const r of reviewed) {
      const arrived = Date.parse(r.started_at);
      let start: number;
      if (arrived >= closedFrom && arrived < opensAt) start = opensAt;
      else if (arrived >= openFrom && arrived < openUntil) start = arrived;
      else {
        const s = officeStatus(cal, new Date(arrived));
        if (s.open) {
          start = arrived;
          openFrom = arrived;
          openUntil = s.until.getTime();
        } else if (!s.opensAt) continue;
        else {
          closedFrom = arrived;
          opensAt = s.opensAt.getTime();
          start = opensAt;
        }
      }
      const k = `${r.started_at.slice(0, 10)}|${reviewBucket(Math.max(0, Date.parse(r.first_reviewed_at) - start))}`;
      sums.set(k, (sums.get(k) ?? 0) + 1);
    }
    await addCounts(
      trx,
      [...sums].map(([k, n]) => {
        const [day, value] = k.split('|') as [string, string];
        return { dimension: 'first_review', day, value, n };
      }),
    );
  });
}

/**
 * After-hours review items per period of arrival by the time to their first review, measured as the review list
 * measures it: from the desk's next opening after arrival, not from arrival — an item of Friday 22:00 reviewed
 * Monday 09:30 took 30 minutes. Items not reviewed yet that still wait in the list are `waiting`.
 */
async function firstReviewTable(deps: Deps, f: Filter) {
  await backfillFirstReviews(deps);
  const [reviewed, waiting] = await Promise.all([firstReviewSummary(deps.db, f), unreviewedCounts(deps.db, f)]);
  const rows = [
    ...reviewed.map((r) => ({ period: `${r.period}-01`, value: r.value, n: Number(r.n) })),
    ...waiting.map((r) => ({ ...r, n: Number(r.n) })),
  ];
  return tableOf(['h1', 'h4', 'h24', 'later', 'waiting'], rows, sumPerPeriod(rows), f.period);
}

/**
 * The busiest hours of the week: contacts per weekday (rows 1–7) and hour (columns 0–23) in the desk's zone, from
 * the counts per UTC day and hour. The zone's offset is asked once per UTC week (Monday to Monday); only a week in
 * which it changes is converted hour by hour.
 */
function busiestHours(deps: Deps, hours: { day: string; hour: string; n: number }[]): StatTable {
  const tz = IANAZone.create(deps.config.office.timeZone);
  const grid = Array.from({ length: 7 }, () => Array.from({ length: 24 }, () => 0));
  const WEEK = 7 * 86_400_000;
  // 1970-01-05 was a Monday: weeks counted from there.
  const MONDAY = 4 * 86_400_000;
  const weeks = new Map<number, number | null>();
  for (const r of hours) {
    const utc = Date.parse(`${r.day}T${r.hour}:00:00Z`);
    if (Number.isNaN(utc)) continue;
    const week = Math.floor((utc - MONDAY) / WEEK);
    let offset = weeks.get(week);
    if (offset === undefined) {
      const start = MONDAY + week * WEEK;
      const a = tz.offset(start);
      offset = a === tz.offset(start + WEEK) ? a : null;
      weeks.set(week, offset);
    }
    const local = new Date(utc + (offset ?? tz.offset(utc)) * 60_000);
    const day = local.getUTCDay();
    const row = grid[(day === 0 ? 7 : day) - 1] as number[];
    const h = local.getUTCHours();
    row[h] = (row[h] ?? 0) + Number(r.n);
  }
  return {
    columns: Array.from({ length: 24 }, (_, h) => String(h).padStart(2, '0')),
    rows: grid.map((counts, i) => ({ period: String(i + 1), counts, total: counts.reduce((a, b) => a + b, 0) })),
  };
}

/** One of the desk's tables by its name. */
export async function deskTable(deps: Deps, by: DeskDimension | DeskExtra, f: Filter): Promise<StatTable> {
  if (by === 'sla') return slaTable(deps, f);
  if (by === 'first_review') return firstReviewTable(deps, f);
  if (by === 'hours') return busiestHours(deps, await hourCounts(deps.db, f));
  const counts = await deskCounts(deps.db, f);
  const rows = counts
    .filter((r) => r.dimension === by)
    .map((r) => ({ period: `${r.period}-01`, value: r.value, n: Number(r.n) }));
  const known = { channel: CHANNELS, queue: QUEUES, in_office_hours: ['1', '0'], topic: [] }[by];
  return tableOf(known, rows, sumPerPeriod(rows), f.period);
}
