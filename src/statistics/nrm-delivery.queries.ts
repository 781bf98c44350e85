import type { Executor } from '../db/database.js';

/** One row per registration reported in [from, to] with the coded fields the yearly delivery is made of. */
export const deliveryFacts = (db: Executor, from: string, to: string) =>
  db
    .selectFrom('registrations')
    .select([
      'id',
      'reported_on',
      'reporter_type',
      'gender',
      'age_band',
      'primary_exploitation',
      'sector',
      'region',
      'dossier_type',
      'residence_status',
      'reflection_offered',
      'complaint',
      'placement',
    ])
    .where('reported_on', '>=', from)
    .where('reported_on', '<=', to)
    .execute();

/** The nationalities of the registrations reported in [from, to]. */
export const deliveryNationalities = (db: Executor, from: string, to: string) =>
  db
    .selectFrom('registration_nationalities as n')
    .innerJoin('registrations as r', 'r.id', 'n.registration_id')
    .select(['n.registration_id', 'n.code'])
    .where('r.reported_on', '>=', from)
    .where('r.reported_on', '<=', to)
    .execute();
