import { sql } from 'kysely';
import type { Executor } from '../db/database.js';
import { EU_OTHER, type Dimension, type Period } from './dimensions.js';

export interface Filter {
  period: Period;
  /** YYYY-MM-DD, inclusive; '' for open */
  from: string;
  to: string;
}

/** The period label of `reported_on` in SQL (`2026`, `2026-Q1`, `2026-01`); set-based, one scan. */
function periodSql(period: Period) {
  if (period === 'year') return sql<string>`substr(r.reported_on, 1, 4)`;
  if (period === 'month') return sql<string>`substr(r.reported_on, 1, 7)`;
  return sql<string>`substr(r.reported_on, 1, 4) || '-Q' || ((cast(substr(r.reported_on, 6, 2) as integer) + 2) / 3)`;
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

/** Registrations per period and value of one dimension (a registration counts once per value it has). */
export async function registrationCounts(db: Executor, dimension: CountDimension, f: Filter): Promise<CountRow[]> {
  const from = f.from ? sql`r.reported_on >= ${f.from}` : sql`1`;
  const to = f.to ? sql`r.reported_on <= ${f.to}` : sql`1`;
  const p = periodSql(f.period);
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
  const res = await sql<CountRow>`select ${p} as period, ${value} as value, ${count} as n
    from registrations r ${join} where ${from} and ${to} group by 1, 2`.execute(db);
  return res.rows;
}

/** Registrations per period (each registration once). */
export async function registrationTotals(db: Executor, f: Filter): Promise<{ period: string; n: number }[]> {
  let q = db.selectFrom('registrations as r');
  if (f.from) q = q.where('r.reported_on', '>=', f.from);
  if (f.to) q = q.where('r.reported_on', '<=', f.to);
  return q
    .select([periodSql(f.period).as('period'), sql<number>`count(*)`.as('n')])
    .groupBy(sql`1`)
    .orderBy(sql`1`)
    .execute();
}

/** The facts a CTDC-shaped export needs, one row per year, age, minor flag, form and nationality combination. */
export async function ctdcFacts(db: Executor, f: Filter, withForm: boolean) {
  const from = f.from ? sql`r.reported_on >= ${f.from}` : sql`1`;
  const to = f.to ? sql`r.reported_on <= ${f.to}` : sql`1`;
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

/** Contacts per period and value of one desk dimension (channel, queue, office hours, topic). */
export async function contactCounts(db: Executor, by: 'channel' | 'queue' | 'in_office_hours' | 'topic', f: Filter) {
  const p = {
    year: sql<string>`substr(c.started_at, 1, 4)`,
    month: sql<string>`substr(c.started_at, 1, 7)`,
    quarter: sql<string>`substr(c.started_at, 1, 4) || '-Q' || ((cast(substr(c.started_at, 6, 2) as integer) + 2) / 3)`,
  }[f.period];
  const value = {
    channel: sql<string>`c.channel`,
    queue: sql<string>`c.queue`,
    in_office_hours: sql<string>`cast(c.in_office_hours as text)`,
    topic: sql<string>`coalesce(c.topic, 'none')`,
  }[by];
  let q = db.selectFrom('contacts as c');
  if (f.from) q = q.where('c.started_at', '>=', f.from);
  if (f.to) q = q.where('c.started_at', '<', `${f.to}T24`);
  return q
    .select([p.as('period'), value.as('value'), sql<number>`count(*)`.as('n')])
    .groupBy([sql`1`, sql`2`])
    .execute();
}

function contactRange(f: Filter) {
  const from = f.from ? sql`c.started_at >= ${f.from}` : sql`1`;
  const to = f.to ? sql`c.started_at < ${`${f.to}T24`}` : sql`1`;
  return sql`${from} and ${to}`;
}
const contactPeriod = (period: Period) =>
  ({
    year: sql<string>`substr(c.started_at, 1, 4)`,
    month: sql<string>`substr(c.started_at, 1, 7)`,
    quarter: sql<string>`substr(c.started_at, 1, 4) || '-Q' || ((cast(substr(c.started_at, 6, 2) as integer) + 2) / 3)`,
  })[period];
/** The first thing an agent did on the contact (not the system, not its creation). */
const firstAgentEvent = sql<string>`(select min(e.at) from contact_events e
  where e.contact_id = c.id and e.actor_id is not null and e.kind <> 'created')`;

/** Contacts with a due time per period: picked up by an agent in time (`met`), late, or still waiting. */
export async function slaCounts(db: Executor, f: Filter, now: string): Promise<CountRow[]> {
  const res = await sql<CountRow>`select period, value, count(*) as n from (
      select ${contactPeriod(f.period)} as period,
        case when fa is null then (case when c.due_at < ${now} then 'missed' else 'waiting' end)
             when fa <= c.due_at then 'met' else 'missed' end as value
      from (select c.*, ${firstAgentEvent} as fa from contacts c where c.due_at is not null and ${contactRange(f)}) c
    ) group by 1, 2`.execute(db);
  return res.rows;
}

/** After-hours contacts per period by the hours from arrival to the first agent action (buckets), or waiting. */
export async function firstReviewCounts(db: Executor, f: Filter): Promise<CountRow[]> {
  const res = await sql<CountRow>`select period, value, count(*) as n from (
      select ${contactPeriod(f.period)} as period,
        case when fa is null then 'waiting'
             when (julianday(fa) - julianday(c.started_at)) * 24 <= 1 then 'h1'
             when (julianday(fa) - julianday(c.started_at)) * 24 <= 4 then 'h4'
             when (julianday(fa) - julianday(c.started_at)) * 24 <= 24 then 'h24'
             else 'later' end as value
      from (select c.*, ${firstAgentEvent} as fa from contacts c where c.in_office_hours = 0 and ${contactRange(f)}) c
    ) group by 1, 2`.execute(db);
  return res.rows;
}

/** Contacts per UTC hour (YYYY-MM-DDTHH), for the busiest hours of the week in the desk's own time zone. */
export async function contactsPerUtcHour(db: Executor, f: Filter): Promise<{ hour: string; n: number }[]> {
  const res = await sql<{ hour: string; n: number }>`select substr(c.started_at, 1, 13) as hour, count(*) as n
    from contacts c where ${contactRange(f)} group by 1`.execute(db);
  return res.rows;
}
