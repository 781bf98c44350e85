/** migrations/0017_statistics_summary.sql: contacts per UTC day of arrival and value of one dimension. */
interface ContactStatsTable {
  dimension: string;
  day: string;
  value: string;
  n: number;
}

export interface StatisticsTables {
  contact_stats: ContactStatsTable;
}
