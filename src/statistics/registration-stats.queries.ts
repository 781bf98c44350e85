// The registration summary (migrations/0046_registration_summary.sql): registrations per day of registration
// (reported_on) and value of each dimension the statistics page, the exports and the publication read, and per day
// the number of registrations (dimension `total`, value ''). Kept in the transaction of every registration write:
// the statistics plug-in (statistics.plugin.ts) counts a registration out before and in after each write that
// moves it (the registrations' hooks, src/registrations/registration-writes.plugin.ts).
import { sql } from 'kysely';
import type { Executor } from '../db/database.js';
import { serializeOn } from '../db/locks.js';
import { EU_EEA_CH_OTHER } from '../registrations/nationality-group.js';
import {
  COLUMN_VALUES,
  type CountDimension,
  type CountRow,
  type Filter,
  nationalityGroupSql,
} from './statistics.queries.js';

/** The registration's columns (and lists) whose change moves it from one summary row to another. */
export const COUNTED_REGISTRATION_COLUMNS = [
  'reported_on',
  'primary_exploitation',
  'gender',
  'age_band',
  'reporter_type',
  'region',
  'sector',
  'care_region_id',
  'placement',
  'shelter_requested',
  'minor',
  'dossier_type',
  'minor_at_exploitation',
  'sub3_case',
  'reflection_offered',
  'reflection_offered_by',
  'complaint',
  'other_cooperation',
  'residence_status',
  'nationalities',
  'care_needs',
] as const;

type Column = Exclude<(typeof COUNTED_REGISTRATION_COLUMNS)[number], 'nationalities' | 'care_needs'>;
type Counted = Record<Column, string | number | null>;

const text = (v: string | number | null, none: string) => (v === null ? none : String(v));

/** A nationality's group as the tables count it (statistics.queries.ts, nationalityGroupSql). */
function groupOf(code: string | null): string {
  if (code === null || code === 'XX') return 'unknown';
  if (code === 'NL') return 'nl';
  if (code === 'XS') return 'stateless';
  return (EU_EEA_CH_OTHER as readonly string[]).includes(code) ? 'eu' : 'non_eu';
}

/**
 * The summary rows (dimension, value) one registration counts in on its day: one per column dimension, and one per
 * distinct nationality, nationality group and care need it has (`XX`, `unknown`, `none` without any).
 */
export function registrationKeys(r: Counted, nationalities: string[], careNeeds: string[]): [string, string][] {
  const keys: [string, string][] = [
    ['total', ''],
    ['exploitation', text(r.primary_exploitation, 'unknown')],
    ['gender', text(r.gender, 'unknown')],
    ['age_band', text(r.age_band, 'unknown')],
    ['reporter_type', text(r.reporter_type, 'unknown')],
    ['region', text(r.region, 'unknown')],
    ['sector', text(r.sector, 'unknown')],
    ['care_region', text(r.care_region_id, 'unknown')],
    ['placement', text(r.placement, 'unknown')],
    ['shelter_requested', text(r.shelter_requested, '0')],
    ['minor', text(r.minor, 'unknown')],
    ['dossier_type', text(r.dossier_type, 'registration')],
    ['minor_at_exploitation', text(r.minor_at_exploitation, 'unknown')],
    ['sub3_case', text(r.sub3_case, '0')],
    ['reflection_offered', text(r.reflection_offered, 'unknown')],
    ['reflection_offered_by', text(r.reflection_offered_by, 'unknown')],
    ['complaint', text(r.complaint, 'unknown')],
    ['other_cooperation', text(r.other_cooperation, 'unknown')],
    ['residence_status', text(r.residence_status, 'unknown')],
  ];
  const codes = nationalities.length ? nationalities : [null];
  for (const v of new Set(codes.map((c) => c ?? 'XX'))) keys.push(['nationality', v]);
  for (const v of new Set(codes.map(groupOf))) keys.push(['nationality_group', v]);
  for (const v of new Set(careNeeds.length ? careNeeds : ['none'])) keys.push(['care_need', v]);
  return keys;
}

/** Adds (`sign` 1) or takes away (-1) one registration's counts, as it is in the database now. */
export async function countRegistration(db: Executor, id: number, sign: 1 | -1): Promise<void> {
  // One transaction at a time moves counts (on PostgreSQL): two that took the rows in opposite orders would deadlock.
  await serializeOn(db, 'registration_stats');
  const row = await db
    .selectFrom('registrations')
    .select(COUNTED_REGISTRATION_COLUMNS.filter((c): c is Column => c !== 'nationalities' && c !== 'care_needs'))
    .where('id', '=', id)
    .executeTakeFirst();
  if (!row) return;
  const nats = await db
    .selectFrom('registration_nationalities')
    .select('code')
    .where('registration_id', '=', id)
    .execute();
  const needs = await db
    .selectFrom('registration_care_needs')
    .select('need')
    .where('registration_id', '=', id)
    .execute();
  const keys = registrationKeys(
    row as Counted,
    nats.map((n) => n.code),
    needs.map((n) => n.need),
  );
  await db
    .insertInto('registration_stats')
    .values(keys.map(([dimension, value]) => ({ dimension, day: row.reported_on, value, n: sign })))
    .onConflict((oc) =>
      oc
        .columns(['dimension', 'day', 'value'])
        .doUpdateSet({ n: (eb) => eb('registration_stats.n', '+', eb.ref('excluded.n')) }),
    )
    .execute();
}

/**
 * Registrations per month (YYYY-MM) and value of one dimension, from the summary (the months that count something):
 * the periods are years, quarters and months, so the months are rolled up by the caller; the database adds up the
 * ~30 days of each month instead of sending them.
 */
export async function summaryCounts(db: Executor, dimension: CountDimension | 'total', f: Filter): Promise<CountRow[]> {
  const month = sql<string>`substr(day, 1, 7)`;
  let q = db
    .selectFrom('registration_stats')
    .select([month.as('period'), 'value', sql<number>`sum(n)`.as('n')])
    .where('dimension', '=', dimension);
  if (f.from) q = q.where('day', '>=', f.from);
  if (f.to) q = q.where('day', '<=', f.to);
  return q.groupBy([month, 'value']).having(sql`sum(n)`, '<>', 0).execute();
}

/** Registrations per month (each once), from the summary. */
export async function summaryTotals(db: Executor, f: Filter): Promise<{ period: string; n: number }[]> {
  return (await summaryCounts(db, 'total', f)).map((r) => ({ period: r.period, n: Number(r.n) }));
}

/** The summary as the registrations give it (dimension, day, value, n), counted directly. */
const directCounts = () => {
  const parts = [
    sql`select 'total' as dimension, r.reported_on as day, '' as value, count(*) as n from registrations r group by 2, 3`,
    sql`select 'exploitation', r.reported_on, r.primary_exploitation, count(*) from registrations r group by 2, 3`,
    ...Object.entries(COLUMN_VALUES).map(
      ([d, v]) => sql`select ${sql.lit(d)}, r.reported_on, ${v}, count(*) from registrations r group by 2, 3`,
    ),
    sql`select 'nationality', r.reported_on, coalesce(n.code, 'XX'), count(distinct r.id)
      from registrations r left join registration_nationalities n on n.registration_id = r.id group by 2, 3`,
    sql`select 'nationality_group', r.reported_on, ${nationalityGroupSql}, count(distinct r.id)
      from registrations r left join registration_nationalities n on n.registration_id = r.id group by 2, 3`,
    sql`select 'care_need', r.reported_on, coalesce(cn.need, 'none'), count(distinct r.id)
      from registrations r left join registration_care_needs cn on cn.registration_id = r.id group by 2, 3`,
  ];
  return sql.join(parts, sql` union all `);
};

/** The summary counted straight from the registrations (the consistency tests compare it with the stored one). */
export async function directRegistrationStats(db: Executor) {
  const res = await sql<{ dimension: string; day: string; value: string; n: number }>`${directCounts()}`.execute(db);
  return res.rows.map((r) => ({ ...r, n: Number(r.n) }));
}

/** The stored summary (rows that count something). */
export async function storedRegistrationStats(db: Executor) {
  const rows = await db.selectFrom('registration_stats').selectAll().where('n', '<>', 0).execute();
  return rows.map((r) => ({ ...r, n: Number(r.n) }));
}

/** Fills the summary from the registrations as they are (a bulk load that wrote registrations directly: the bench). */
export async function rebuildRegistrationStats(db: Executor): Promise<void> {
  await db.deleteFrom('registration_stats').execute();
  await sql`insert into registration_stats (dimension, day, value, n) ${directCounts()}`.execute(db);
}
