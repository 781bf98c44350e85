/** migrations/0017_statistics_summary.sql: contacts per UTC day of arrival and value of one dimension. */
interface ContactStatsTable {
  dimension: string;
  day: string;
  value: string;
  n: number;
}

/** migrations/0046_registration_summary.sql: registrations per day of registration and value of one dimension. */
export interface RegistrationStatsTable {
  dimension: string;
  day: string;
  value: string;
  n: number;
}

export interface StatisticsTables {
  contact_stats: ContactStatsTable;
  registration_stats: RegistrationStatsTable;
}
