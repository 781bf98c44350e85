// The desk's statistics summary (migrations/0017_statistics_summary.sql): contacts per UTC day of arrival and
// value of each dimension, kept in the transaction of every contact change: the statistics plug-in
// (statistics.plugin.ts) counts a contact out before and in after each write of its row (the contacts' hooks).
import { sql } from 'kysely';
import type { Executor } from '../db/database.js';
import { compiled, compiledByKey } from '../db/compiled.js';
import { serializeOn } from '../db/locks.js';

/** The columns of a contact the summary counts by. */
interface Counted {
  started_at: string;
  channel: string;
  queue: string;
  in_office_hours: number;
  topic: string | null;
  due_at: string | null;
  first_action_at?: string | null;
}

/** Columns whose change moves a contact from one summary row to another. */
export const COUNTED_COLUMNS = [
  'started_at',
  'channel',
  'queue',
  'in_office_hours',
  'topic',
  'due_at',
  'first_action_at',
] as const;

/** The summary rows (dimension, day, value) one contact counts in. */
function summaryKeys(c: Counted): [string, string, string][] {
  const day = c.started_at.slice(0, 10);
  const keys: [string, string, string][] = [
    ['channel', day, c.channel],
    ['queue', day, c.queue],
    ['in_office_hours', day, String(c.in_office_hours)],
    ['topic', day, c.topic ?? 'none'],
    ['hour', day, c.started_at.slice(11, 13)],
  ];
  if (c.due_at !== null && c.first_action_at != null)
    keys.push(['sla', day, c.first_action_at <= c.due_at ? 'met' : 'missed']);
  return keys;
}

async function counted(db: Executor, id: number): Promise<(Counted & { simulated_by: number | null }) | undefined> {
  return (await countedRow.run(db, { id })).rows[0] as (Counted & { simulated_by: number | null }) | undefined;
}
// Every contact change runs these two: built and compiled once (src/db/compiled.ts).
const countedRow = compiled<{ id: number }>()((db, v) =>
  db
    .selectFrom('contacts')
    .select([...COUNTED_COLUMNS, 'simulated_by'])
    .where('id', '=', v('id')),
);
/** The upsert of `rows` summary rows (5 or 6 for one contact): values d0, y0, v0, n0, d1, … */
const upsertCounts = compiledByKey((key) => {
  const rows = Number(key);
  return compiled<Record<string, string | number>>()((db, v) =>
    db
      .insertInto('contact_stats')
      .values(
        Array.from({ length: rows }, (_, i) => ({
          dimension: v(`d${i}`) as string,
          day: v(`y${i}`) as string,
          value: v(`v${i}`) as string,
          n: v(`n${i}`) as number,
        })),
      )
      .onConflict((oc) =>
        oc
          .columns(['dimension', 'day', 'value'])
          .doUpdateSet({ n: (eb) => eb('contact_stats.n', '+', eb.ref('excluded.n')) }),
      ),
  );
});

/** Adds (`sign` 1) or takes away (-1) one contact's counts, as it is in the database now. */
export async function countContact(db: Executor, id: number, sign: 1 | -1): Promise<void> {
  // One transaction at a time moves counts (on PostgreSQL; SQLite writes one at a time anyway): two that took the
  // summary's rows in opposite orders would deadlock.
  await serializeOn(db, 'contact_stats');
  const c = await counted(db, id);
  if (!c || c.simulated_by != null) return; // a simulated call (development tools) counts in no figure
  const keys = summaryKeys(c);
  const values: Record<string, string | number> = {};
  keys.forEach(([dimension, day, value], i) => {
    values[`d${i}`] = dimension;
    values[`y${i}`] = day;
    values[`v${i}`] = value;
    values[`n${i}`] = sign;
  });
  await upsertCounts(String(keys.length)).run(db, values);
}

/** Counts of the summary straight from the real contacts (simulated ones apart); `fa` is their first agent action. */
const countsOf = (fa: ReturnType<typeof sql>) => sql`
    select 'channel' as dimension, substr(started_at, 1, 10) as day, channel as value, count(*) as n from contacts where simulated_by is null group by 2, 3
    union all select 'queue', substr(started_at, 1, 10), queue, count(*) from contacts where simulated_by is null group by 2, 3
    union all select 'in_office_hours', substr(started_at, 1, 10), cast(in_office_hours as text), count(*) from contacts where simulated_by is null group by 2, 3
    union all select 'topic', substr(started_at, 1, 10), coalesce(topic, 'none'), count(*) from contacts where simulated_by is null group by 2, 3
    union all select 'hour', substr(started_at, 1, 10), substr(started_at, 12, 2), count(*) from contacts where simulated_by is null group by 2, 3
    union all select 'sla', substr(started_at, 1, 10), case when fa <= due_at then 'met' else 'missed' end, count(*)
      from (select started_at, due_at, ${fa} as fa from contacts c where c.simulated_by is null) x
      where due_at is not null and fa is not null group by 2, 3`;

/** The summary as the contacts and their timelines give it (dimension, day, value, n), counted directly. */
export async function directContactStats(db: Executor) {
  const fromEvents = sql`(select min(e.at) from contact_events e where e.contact_id = c.id
    and e.actor_id is not null and e.kind <> 'created')`;
  const res = await sql<{ dimension: string; day: string; value: string; n: number }>`${countsOf(fromEvents)}`.execute(
    db,
  );
  return res.rows.map((r) => ({ ...r, n: Number(r.n) }));
}

/** The summary of the contacts' own columns as stored (rows that count something). */
export async function storedContactStats(db: Executor) {
  return db
    .selectFrom('contact_stats')
    .selectAll()
    .where('n', '<>', 0)
    .where('dimension', 'in', ['channel', 'queue', 'in_office_hours', 'topic', 'hour', 'sla'])
    .execute();
}

/** Adds counts to the summary (n may be negative). */
export async function addCounts(db: Executor, rows: { dimension: string; day: string; value: string; n: number }[]) {
  for (let i = 0; i < rows.length; i += 500)
    await db
      .insertInto('contact_stats')
      .values(rows.slice(i, i + 500))
      .onConflict((oc) =>
        oc
          .columns(['dimension', 'day', 'value'])
          .doUpdateSet({ n: (eb) => eb('contact_stats.n', '+', eb.ref('excluded.n')) }),
      )
      .execute();
}

/**
 * The first reviews are counted in the summary once their backfill ran (it needs the office calendar, so it runs
 * in the app, not in the migration); this row says it did. True when this call wrote it (and must backfill).
 */
export async function claimFirstReviewBackfill(db: Executor): Promise<boolean> {
  const r = await db
    .insertInto('contact_stats')
    .values({ dimension: 'first_review_counted', day: '', value: '', n: 0 })
    .onConflict((oc) => oc.columns(['dimension', 'day', 'value']).doNothing())
    .executeTakeFirst();
  return Number(r.numInsertedOrUpdatedRows ?? 0) > 0;
}

export async function firstReviewsCounted(db: Executor): Promise<boolean> {
  const r = await db
    .selectFrom('contact_stats')
    .select('n')
    .where('dimension', '=', 'first_review_counted')
    .executeTakeFirst();
  return r !== undefined;
}

/** When a contact arrived (for counting its first review). */
export async function arrivalOf(db: Executor, contactId: number) {
  const r = await db
    .selectFrom('contacts')
    .select('started_at')
    .where('id', '=', contactId)
    .where('simulated_by', 'is', null) // a simulated call's review counts in no figure
    .executeTakeFirst();
  return r?.started_at ?? null;
}

/** Fills the summary from the contacts as they are (a bulk load that wrote contacts directly: the benchmark). */
export async function rebuildContactStats(db: Executor): Promise<void> {
  await db.deleteFrom('contact_stats').execute();
  await sql`insert into contact_stats (dimension, day, value, n) ${countsOf(sql`c.first_action_at`)}`.execute(db);
}
