import { stringify } from 'csv-stringify/sync';
import type { Deps } from '../deps.js';
import { writeAudit } from '../audit/audit.queries.js';
import { CTDC_K } from './publication-rules.js';
import { ageGroup, nationalityGroup, nrmGroup, reporterGroup } from './dimensions.js';
import { kAnonymise } from './k-anonymity.js';
import { deliveryFacts, deliveryNationalities } from './nrm-delivery.queries.js';

/**
 * The yearly delivery's columns, in the shape of the National Rapporteur's analysis (domain §0, §1.4, §2): coded
 * values only — no reference, date, name, birth year or free text. `year` is never generalised; the others are
 * generalised to `*` in the order of DELIVERY_GENERALISE when a record would otherwise stand out.
 */
const DELIVERY_COLUMNS = [
  'year',
  'nrm_group',
  'exploitation',
  'gender',
  'age_group',
  'nationality_group',
  'reporter_group',
  'region',
  'sector',
  'dossier_type',
  'residence_status',
  'reflection_offered',
  'complaint',
  'placement',
] as const;

/** The columns given up first when a record is rare: the least needed for the NRM's analysis first. */
const DELIVERY_GENERALISE = [
  'placement',
  'complaint',
  'reflection_offered',
  'residence_status',
  'dossier_type',
  'sector',
  'region',
  'reporter_group',
  'nationality_group',
  'age_group',
  'gender',
  'exploitation',
  'nrm_group',
].map((c) => DELIVERY_COLUMNS.indexOf(c as (typeof DELIVERY_COLUMNS)[number]));

/** A person's nationality group of several nationalities: Dutch first, then EU/EEA/CH, other, stateless, unknown. */
function groupOf(codes: string[]) {
  const groups = codes.map(nationalityGroup);
  for (const g of ['nl', 'eu', 'non_eu', 'stateless'] as const) if (groups.includes(g)) return g;
  return 'unknown';
}

/**
 * The year's registrations for the National Rapporteur: one record per registration in coded values, k-anonymised
 * as CTDC's dataset (k = 11; k-anonymity.ts): every record released shares all its values with 10 others at least,
 * rare values generalised to `*` and what still stands out left out. Audited as `statistics.export` (`nrm`) with the
 * number of records released, generalised and left out.
 */
export async function nrmDeliveryCsv(deps: Deps, year: number, actor: { id: number; ip: string | null }) {
  const from = `${year}-01-01`;
  const to = `${year}-12-31`;
  const [facts, nats] = await Promise.all([deliveryFacts(deps.db, from, to), deliveryNationalities(deps.db, from, to)]);
  const codes = new Map<number, string[]>();
  for (const n of nats) codes.set(n.registration_id, [...(codes.get(n.registration_id) ?? []), n.code]);
  const records = facts.map((r) => {
    const nat = groupOf(codes.get(r.id) ?? []);
    return [
      r.reported_on.slice(0, 4),
      nrmGroup(r.primary_exploitation, nat === 'nl'),
      r.primary_exploitation,
      r.gender,
      ageGroup(r.age_band),
      nat,
      reporterGroup(r.reporter_type),
      r.region,
      r.sector ?? 'unknown',
      r.dossier_type,
      r.residence_status,
      r.reflection_offered,
      r.complaint,
      r.placement ?? 'unknown',
    ];
  });
  const out = kAnonymise(records, CTDC_K, DELIVERY_GENERALISE);
  await writeAudit(deps.db, {
    at: deps.clock().toISOString(),
    actorId: actor.id,
    action: 'statistics.export',
    subjectType: 'statistics',
    subjectId: 'nrm',
    ip: actor.ip,
    details: {
      year,
      k: CTDC_K,
      registrations: records.length,
      rows: out.rows.length,
      generalised: out.generalised,
      leftOut: out.left_out,
    },
  });
  return stringify([[...DELIVERY_COLUMNS], ...out.rows]);
}
