import { sql } from 'kysely';
import { hoursBetween } from '../db/dialect.js';
import type { Executor } from '../db/database.js';
import { EU_OTHER, type Dimension, type Period } from './dimensions.js';

export interface Filter {
  period: Period;
  /** YYYY-MM-DD, inclusive; '' for open */
  from: string;
  to: string;
}

const EU_LIST = sql.join(EU_OTHER.map((c) => sql.lit(c)));
const nationalityGroupSql = sql<string>`case
  when n.code is null or n.code = 'XX' then 'unknown'
  when n.code = 'NL' then 'nl'
  when n.code = 'XS' then 'stateless'
  when n.code in (${EU_LIST}) then 'eu'
  else 'non_eu' end`;

export interface CountRow {
  period: string;
  value: string;
  n: number;
}

export type CountDimension =
  | Dimension
  | 'sector'
  | 'care_region'
  | 'placement'
  | 'shelter_requested'
  | 'minor'
  | 'nationality';

/** Registrations per day and value of one dimension (a registration counts once per value it has). */
export async function registrationCounts(db: Executor, dimension: CountDimension, f: Filter): Promise<CountRow[]> {
  const from = f.from ? sql`r.reported_on >= ${f.from}` : sql`1 = 1`;
  const to = f.to ? sql`r.reported_on <= ${f.to}` : sql`1 = 1`;
  let join = sql``;
  let value: ReturnType<typeof sql<string>>;
  let count = sql`count(*)`;
  if (dimension === 'exploitation') {
    join = sql`join registration_exploitation e on e.registration_id = r.id`;
    value = sql<string>`e.form`;
  } else if (dimension === 'nationality_group' || dimension === 'nationality') {
    join = sql`left join registration_nationalities n on n.registration_id = r.id`;
    value = dimension === 'nationality' ? sql<string>`coalesce(n.code, 'XX')` : nationalityGroupSql;
    count = sql`count(distinct r.id)`;
  } else {
    value = {
      gender: sql<string>`r.gender`,
      age_band: sql<string>`r.age_band`,
      reporter_type: sql<string>`r.reporter_type`,
      region: sql<string>`r.region`,
      sector: sql<string>`coalesce(r.sector, 'unknown')`,
      care_region: sql<string>`coalesce(cast(r.care_region_id as text), 'unknown')`,
      placement: sql<string>`coalesce(r.placement, 'unknown')`,
      shelter_requested: sql<string>`cast(r.shelter_requested as text)`,
      minor: sql<string>`coalesce(cast(r.minor as text), 'unknown')`,
    }[dimension];
  }
  // Grouped by the day itself (in the order of the covering index, no sort), rolled up to periods by the caller.
  const res = await sql<CountRow>`select r.reported_on as period, ${value} as value, ${count} as n
    from registrations r ${join} where ${from} and ${to} group by 1, 2`.execute(db);
  return res.rows;
}

/** Registrations per day (each registration once), rolled up to periods by the caller. */
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

function contactRange(f: Filter) {
  const from = f.from ? sql`c.started_at >= ${f.from}` : sql`1 = 1`;
  const to = f.to ? sql`c.started_at < ${`${f.to}T24`}` : sql`1 = 1`;
  return sql`${from} and ${to}`;
}
/** The first thing an agent did on the contact (not the system, not its creation). */
const firstAgentEvent = sql<string>`(select min(e.at) from contact_events e
  where e.contact_id = c.id and e.actor_id is not null and e.kind <> 'created')`;

/** Contacts with a due time per period: picked up by an agent in time (`met`), late, or still waiting. */
export async function slaCounts(db: Executor, f: Filter, now: string): Promise<CountRow[]> {
  const res = await sql<CountRow>`select period, value, count(*) as n from (
      select substr(c.started_at, 1, 10) as period,
        case when fa is null then (case when c.due_at < ${now} then 'missed' else 'waiting' end)
             when fa <= c.due_at then 'met' else 'missed' end as value
      from (select c.*, ${firstAgentEvent} as fa from contacts c where c.due_at is not null and ${contactRange(f)}) c
    ) t group by 1, 2`.execute(db);
  return res.rows;
}

/** After-hours contacts per period by the hours from arrival to the first agent action (buckets), or waiting. */
export async function firstReviewCounts(db: Executor, f: Filter): Promise<CountRow[]> {
  const hours = hoursBetween(db, sql`c.started_at`, sql`fa`);
  const res = await sql<CountRow>`select period, value, count(*) as n from (
      select substr(c.started_at, 1, 10) as period,
        case when fa is null then 'waiting'
             when ${hours} <= 1 then 'h1'
             when ${hours} <= 4 then 'h4'
             when ${hours} <= 24 then 'h24'
             else 'later' end as value
      from (select c.*, ${firstAgentEvent} as fa from contacts c where c.in_office_hours = 0 and ${contactRange(f)}) c
    ) t group by 1, 2`.execute(db);
  return res.rows;
}

export interface ContactFact {
  /** UTC hour, YYYY-MM-DDTHH */
  hour: string;
  channel: string;
  queue: string;
  in_office_hours: number;
  topic: string | null;
  n: number;
}
/**
 * Contacts per UTC hour, channel, queue, office hours and topic: one pass over the covering index gives every
 * column table of the desk and its busiest hours of the week.
 */
export async function contactFacts(db: Executor, f: Filter): Promise<ContactFact[]> {
  const res = await sql<ContactFact>`select substr(c.started_at, 1, 13) as hour, c.channel, c.queue, c.in_office_hours,
      c.topic, count(*) as n
    from contacts c where ${contactRange(f)} group by 1, 2, 3, 4, 5`.execute(db);
  return res.rows;
}
