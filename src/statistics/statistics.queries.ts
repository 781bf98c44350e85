import { sql } from 'kysely';
import type { Executor } from '../db/database.js';
import { EU_OTHER, type Dimension, type Period } from './dimensions.js';

export interface Filter {
  period: Period;
  /** YYYY-MM-DD, inclusive; '' for open */
  from: string;
  to: string;
}

const EU_LIST = sql.join(EU_OTHER.map((c) => sql.lit(c)));
export const nationalityGroupSql = sql<string>`case
  when n.code is null or n.code = 'XX' then 'unknown'
  when n.code = 'NL' then 'nl'
  when n.code = 'XS' then 'stateless'
  when n.code in (${EU_LIST}) then 'eu'
  else 'non_eu' end`;

/** Whether a registration's person is Dutch: `nl` with NL among the nationalities, `unknown` with none known. */
const dutchSql = sql<string>`case
  when exists (select 1 from registration_nationalities d where d.registration_id = r.id and d.code = 'NL') then 'nl'
  when exists (select 1 from registration_nationalities d where d.registration_id = r.id and d.code <> 'XX')
    then 'other'
  else 'unknown' end`;

/** CoMensha's year in figures (issue 24): registrations per reporter type, minor flag, Dutch or not and one form. */
export async function yearFacts(db: Executor, from: string, to: string) {
  const res = await sql<{
    year: string;
    reporter_type: string;
    minor: number | null;
    dutch: string;
    form: string;
    n: number;
  }>`select substr(r.reported_on, 1, 4) as year, r.reporter_type, r.minor, ${dutchSql} as dutch,
      r.primary_exploitation as form, count(*) as n
    from registrations r
    where r.reported_on >= ${from} and r.reported_on <= ${to}
    group by 1, 2, 3, 4, 5`.execute(db);
  return res.rows;
}

export interface CountRow {
  period: string;
  value: string;
  n: number;
}

export type CountDimension =
  | Exclude<Dimension, 'reporter_group' | 'signal'>
  | 'sector'
  | 'care_region'
  | 'placement'
  | 'shelter_requested'
  | 'minor'
  | 'nationality'
  | RegistrationCodeDimension;

/** The registration's coded fields of issue 24 (domain §1.2) as table dimensions, each a column of registrations. */
export const REGISTRATION_CODE_DIMENSIONS = [
  'dossier_type',
  'minor_at_exploitation',
  'sub3_case',
  'care_need',
  'reflection_offered',
  'reflection_offered_by',
  'complaint',
  'other_cooperation',
  'residence_status',
] as const;
type RegistrationCodeDimension = (typeof REGISTRATION_CODE_DIMENSIONS)[number];

/** The value of each dimension that is one column of a registration, as the tables count it (alias `r`). */
export const COLUMN_VALUES: Record<
  Exclude<CountDimension, 'exploitation' | 'nationality_group' | 'nationality' | 'care_need'>,
  ReturnType<typeof sql<string>>
> = {
  gender: sql<string>`r.gender`,
  age_band: sql<string>`r.age_band`,
  reporter_type: sql<string>`r.reporter_type`,
  region: sql<string>`r.region`,
  sector: sql<string>`coalesce(r.sector, 'unknown')`,
  care_region: sql<string>`coalesce(cast(r.care_region_id as text), 'unknown')`,
  placement: sql<string>`coalesce(r.placement, 'unknown')`,
  shelter_requested: sql<string>`cast(r.shelter_requested as text)`,
  minor: sql<string>`coalesce(cast(r.minor as text), 'unknown')`,
  dossier_type: sql<string>`r.dossier_type`,
  minor_at_exploitation: sql<string>`r.minor_at_exploitation`,
  sub3_case: sql<string>`cast(r.sub3_case as text)`,
  reflection_offered: sql<string>`r.reflection_offered`,
  reflection_offered_by: sql<string>`coalesce(r.reflection_offered_by, 'unknown')`,
  complaint: sql<string>`r.complaint`,
  other_cooperation: sql<string>`r.other_cooperation`,
  residence_status: sql<string>`r.residence_status`,
};

/**
 * Registrations per day and value of one dimension (a registration counts once per value it has), counted directly
 * from the registrations: what the registration summary (registration-stats.queries.ts) must always give; the
 * statistics tables read the summary, the consistency tests compare the two.
 */
export async function registrationCounts(db: Executor, dimension: CountDimension, f: Filter): Promise<CountRow[]> {
  const from = f.from ? sql`r.reported_on >= ${f.from}` : sql`1 = 1`;
  const to = f.to ? sql`r.reported_on <= ${f.to}` : sql`1 = 1`;
  let join = sql``;
  let value: ReturnType<typeof sql<string>>;
  let count = sql`count(*)`;
  if (dimension === 'exploitation') {
    // Each registration once: its primary form, stored with it (registrations/primary-form.ts).
    value = sql<string>`r.primary_exploitation`;
  } else if (dimension === 'nationality_group' || dimension === 'nationality') {
    join = sql`left join registration_nationalities n on n.registration_id = r.id`;
    value = dimension === 'nationality' ? sql<string>`coalesce(n.code, 'XX')` : nationalityGroupSql;
    count = sql`count(distinct r.id)`;
  } else if (dimension === 'care_need') {
    // a registration counts once per need it has, and as `none` without any
    join = sql`left join registration_care_needs cn on cn.registration_id = r.id`;
    value = sql<string>`coalesce(cn.need, 'none')`;
    count = sql`count(distinct r.id)`;
  } else {
    value = COLUMN_VALUES[dimension];
  }
  // One table (the form of exploitation too: its primary form is stored): grouped by the day itself (in the order of
  // a covering index, no sort). Joined to the nationalities or the care needs: grouped by the month (YYYY-MM, a third
  // fewer groups to sort and to roll up). The caller rolls both up to periods.
  const period =
    dimension.startsWith('nationality') || dimension === 'care_need'
      ? sql`substr(r.reported_on, 1, 7)`
      : sql`r.reported_on`;
  const res = await sql<CountRow>`select ${period} as period, ${value} as value, ${count} as n
    from registrations r ${join} where ${from} and ${to} group by ${period}, ${value}`.execute(db);
  return res.rows;
}

/** Registrations per day (each registration once), counted directly (see registrationCounts). */
export async function registrationTotals(db: Executor, f: Filter): Promise<{ period: string; n: number }[]> {
  let q = db.selectFrom('registrations as r');
  if (f.from) q = q.where('r.reported_on', '>=', f.from);
  if (f.to) q = q.where('r.reported_on', '<=', f.to);
  return q
    .select(['r.reported_on as period', sql<number>`count(*)`.as('n')])
    .groupBy('r.reported_on')
    .execute();
}

/** The facts a CTDC-shaped export needs, one row per year, age, minor flag, form and nationality combination. */
export async function ctdcFacts(db: Executor, f: Filter, withForm: boolean) {
  const from = f.from ? sql`r.reported_on >= ${f.from}` : sql`1 = 1`;
  const to = f.to ? sql`r.reported_on <= ${f.to}` : sql`1 = 1`;
  const join = withForm ? sql`join registration_exploitation e on e.registration_id = r.id` : sql``;
  const form = withForm ? sql<string>`e.form` : sql<string>`''`;
  const res = await sql<{
    year: string;
    birth_year: number | null;
    minor: number | null;
    nationality: string;
    form: string;
    n: number;
  }>`select substr(r.reported_on, 1, 4) as year, r.birth_year, r.minor, coalesce(n.code, 'XX') as nationality,
      ${form} as form, count(distinct r.id) as n
    from registrations r ${join} left join registration_nationalities n on n.registration_id = r.id
    where ${from} and ${to} group by 1, 2, 3, 4, 5`.execute(db);
  return res.rows;
}

function dayRange(f: Filter) {
  const from = f.from ? sql`s.day >= ${f.from}` : sql`1 = 1`;
  const to = f.to ? sql`s.day <= ${f.to}` : sql`1 = 1`;
  return sql`${from} and ${to}`;
}

/**
 * The desk's counts per month (YYYY-MM, UTC) and value of the summary's dimensions (channel, queue, office hours,
 * topic, and `sla` for contacts an agent acted on): one pass over the summary instead of the contacts.
 */
export async function deskCounts(db: Executor, f: Filter) {
  const res = await sql<{ dimension: string; period: string; value: string; n: number }>`select s.dimension,
      substr(s.day, 1, 7) as period, s.value, sum(s.n) as n
    from contact_stats s where s.dimension in ('channel', 'queue', 'in_office_hours', 'topic', 'sla') and ${dayRange(f)}
    group by s.dimension, substr(s.day, 1, 7), s.value having sum(s.n) > 0`.execute(db);
  return res.rows;
}

/** First reviews per month (YYYY-MM) of arrival and bucket, from the summary. */
export async function firstReviewSummary(db: Executor, f: Filter) {
  const res = await sql<{ period: string; value: string; n: number }>`select substr(s.day, 1, 7) as period, s.value,
      sum(s.n) as n
    from contact_stats s where s.dimension = 'first_review' and ${dayRange(f)}
    group by substr(s.day, 1, 7), s.value having sum(s.n) > 0`.execute(db);
  return res.rows;
}

/** Contacts per UTC day and UTC hour of arrival (HH), for the busiest hours of the week. */
export async function hourCounts(db: Executor, f: Filter) {
  const res = await sql<{ day: string; hour: string; n: number }>`select s.day, s.value as hour, s.n
    from contact_stats s where s.dimension = 'hour' and s.n <> 0 and ${dayRange(f)}`.execute(db);
  return res.rows;
}

/** Contacts with a due time nobody acted on yet, per day: `missed` once the due time passed, else `waiting`. */
export async function openSlaCounts(db: Executor, f: Filter, now: string): Promise<CountRow[]> {
  const from = f.from ? sql`c.started_at >= ${f.from}` : sql`1 = 1`;
  const to = f.to ? sql`c.started_at < ${`${f.to}T24`}` : sql`1 = 1`;
  const res = await sql<CountRow>`select substr(c.started_at, 1, 10) as period,
      case when c.due_at < ${now} then 'missed' else 'waiting' end as value, count(*) as n
    from contacts c where c.first_action_at is null and c.due_at is not null and c.simulated_by is null
      and ${from} and ${to}
    group by 1, 2`.execute(db); // by position: PostgreSQL cannot match an expression with a parameter in it
  return res.rows;
}

/**
 * After-hours review items (what /review lists: an incoming voicemail, mail or missed call while the desk was
 * closed) with their arrival and, once opened in the review, their first review (the review feature's measure).
 * Reviewed items come from review_items; items never reviewed are counted per day as `waiting` while they wait.
 */
export async function reviewedItems(db: Executor, f: Filter) {
  const from = f.from ? sql`c.started_at >= ${f.from}` : sql`1 = 1`;
  const to = f.to ? sql`c.started_at < ${`${f.to}T24`}` : sql`1 = 1`;
  // After-hours contacts in order of arrival (a covering index), each looked up in the narrow review_items.
  const res = await sql<{ started_at: string; first_reviewed_at: string }>`select c.started_at, r.first_reviewed_at
    from contacts c cross join review_items r
    where c.in_office_hours = 0 and r.contact_id = c.id and r.first_reviewed_at is not null and c.simulated_by is null
      and ${from} and ${to}
    order by c.in_office_hours, c.started_at`.execute(db);
  return res.rows;
}

/** After-hours items still waiting for their first review, per day of arrival. */
export async function unreviewedCounts(db: Executor, f: Filter): Promise<CountRow[]> {
  const from = f.from ? sql`c.started_at >= ${f.from}` : sql`1 = 1`;
  const to = f.to ? sql`c.started_at < ${`${f.to}T24`}` : sql`1 = 1`;
  const res = await sql<CountRow>`select substr(c.started_at, 1, 10) as period, 'waiting' as value, count(*) as n
    from contacts c left join review_items r on r.contact_id = c.id
    where c.in_office_hours = 0 and c.status in ('new', 'open', 'waiting') and c.direction = 'in'
      and (c.channel in ('voicemail', 'email') or (c.channel = 'phone' and c.call_outcome = 'missed'))
      and c.spam_at is null and c.mistaken_at is null and r.first_reviewed_at is null and r.decided_at is null
      and c.simulated_by is null
      and ${from} and ${to}
    group by substr(c.started_at, 1, 10)`.execute(db);
  return res.rows;
}
