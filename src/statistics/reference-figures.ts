/**
 * The published reference figures of reference/domain.md §2, shown beside Baken's own in the year in figures.
 * Two series exist and are never mixed: CoMensha's registrations (`comensha`) and the National Rapporteur's
 * processed counts (`nrm`). Each figure keeps its source as published; `derived` marks a figure worked out from
 * published shares (domain §2.1), not read from a table. Codes are Baken's: reporter groups, primary forms, ISO
 * nationalities, age groups.
 */
type Series = 'comensha' | 'nrm';
export type ReferenceTable = 'totals' | 'reporters' | 'forms' | 'nationalities' | 'age' | 'other';

export interface ReferenceFigure {
  table: ReferenceTable;
  year: number;
  series: Series;
  /** the code in Baken's table (`total` for a year's registrations; `under23`, `dutch` for the NRM's other figures) */
  code: string;
  count?: number;
  /** a share in per cent, as published */
  percent?: number;
  derived?: boolean;
  source: string;
}

const BEELD_2020 = 'CoMensha, Het beeld van 2020 (aard en omvang)';
const BEELD_2024 = 'CoMensha, Het beeld van 2024 (Verdieping III)';
const MONITOR_2017 = 'NRM, Slachtoffermonitor 2013–2017 (via the European Commission’s page on the Netherlands)';

const REFERENCE_FIGURES: readonly ReferenceFigure[] = [
  // Totals per year (domain §2.1)
  { table: 'totals', year: 2007, series: 'comensha', code: 'total', count: 716, source: 'NRM 2012 (2007–2011)' },
  { table: 'totals', year: 2011, series: 'comensha', code: 'total', count: 1222, source: 'NRM 2012 (2007–2011)' },
  { table: 'totals', year: 2012, series: 'comensha', code: 'total', count: 1711, source: 'CoMensha jaarcijfers' },
  { table: 'totals', year: 2013, series: 'comensha', code: 'total', count: 1437, source: 'CoMensha jaarcijfers 2013' },
  {
    table: 'totals',
    year: 2014,
    series: 'comensha',
    code: 'total',
    count: 1255,
    source: 'NOS 2019-10 (also quoted as 1,256 and 1,225: sources disagree)',
  },
  { table: 'totals', year: 2017, series: 'nrm', code: 'total', count: 958, source: 'NRM, dutchrapporteur.nl 2018-10' },
  {
    table: 'totals',
    year: 2018,
    series: 'nrm',
    code: 'total',
    count: 668,
    source: 'NRM Slachtoffermonitor 2014–2018 (NOS 2019-10)',
  },
  { table: 'totals', year: 2019, series: 'comensha', code: 'total', count: 1372, source: BEELD_2020 },
  { table: 'totals', year: 2019, series: 'nrm', code: 'total', count: 1334, source: 'NRM (RD 2020-10)' },
  { table: 'totals', year: 2020, series: 'comensha', code: 'total', count: 1013, source: BEELD_2020 },
  { table: 'totals', year: 2020, series: 'nrm', code: 'total', count: 984, source: 'NRM monitor 2016–2020' },
  {
    table: 'totals',
    year: 2021,
    series: 'comensha',
    code: 'total',
    count: 791,
    source: 'CoMensha (Volkskrant 2022-10)',
  },
  {
    table: 'totals',
    year: 2021,
    series: 'nrm',
    code: 'total',
    count: 791,
    source: 'NRM, Slachtoffers van mensenhandel in beeld bij CoMensha 2017–2021',
  },
  { table: 'totals', year: 2023, series: 'comensha', code: 'total', count: 1044, derived: true, source: BEELD_2024 },
  { table: 'totals', year: 2023, series: 'nrm', code: 'total', count: 868, source: 'NJI, citing NRM 2024' },
  { table: 'totals', year: 2024, series: 'comensha', code: 'total', count: 1062, derived: true, source: BEELD_2024 },
  // Reporters (domain §1.3)
  ...(
    [
      [2023, 'police', 360, 34.5],
      [2023, 'care_coordination', 312, 29.9],
      [2023, 'fairwork', 233, 22.3],
      [2023, 'kmar', 50, 4.8],
      [2023, 'labour_inspectorate', 33, 3.2],
      [2024, 'police', 329, 31.0],
      [2024, 'care_coordination', 301, 28.3],
      [2024, 'fairwork', 257, 24.2],
      [2024, 'kmar', 67, 6.3],
      [2024, 'labour_inspectorate', 71, 6.7],
    ] as const
  ).map(
    ([year, code, count, percent]): ReferenceFigure => ({
      table: 'reporters',
      year,
      series: 'comensha',
      code,
      count,
      percent,
      source: BEELD_2024,
    }),
  ),
  { table: 'reporters', year: 2020, series: 'comensha', code: 'police', count: 490, source: 'Volkskrant 2022-10' },
  { table: 'reporters', year: 2021, series: 'comensha', code: 'police', count: 310, source: 'Volkskrant 2022-10' },
  // Forms of exploitation (domain §2.2)
  { table: 'forms', year: 2020, series: 'comensha', code: 'sexual', percent: 41, source: BEELD_2020 },
  { table: 'forms', year: 2020, series: 'comensha', code: 'labour', percent: 41, source: BEELD_2020 },
  { table: 'forms', year: 2017, series: 'nrm', code: 'sexual', percent: 58, source: MONITOR_2017 },
  // Nationalities (domain §2.2)
  { table: 'nationalities', year: 2020, series: 'comensha', code: 'PL', count: 190, source: BEELD_2020 },
  { table: 'nationalities', year: 2020, series: 'comensha', code: 'NG', count: 185, source: BEELD_2020 },
  { table: 'nationalities', year: 2020, series: 'comensha', code: 'NL', count: 155, source: BEELD_2020 },
  { table: 'nationalities', year: 2017, series: 'nrm', code: 'dutch', percent: 36, source: MONITOR_2017 },
  // Age (domain §2.2)
  { table: 'age', year: 2023, series: 'nrm', code: 'minor', count: 52, source: 'NJI, citing NRM (2023)' },
  { table: 'age', year: 2023, series: 'nrm', code: '18-22', count: 130, source: 'NJI, citing NRM (2023)' },
  { table: 'age', year: 2017, series: 'nrm', code: 'under23', percent: 45.9, source: MONITOR_2017 },
];

/** The reference figures of one of the year's tables, oldest first, CoMensha's series before the NRM's. */
export const referenceFor = (table: ReferenceTable) =>
  REFERENCE_FIGURES.filter((f) => f.table === table).sort(
    (a, b) => a.year - b.year || a.series.localeCompare(b.series),
  );
