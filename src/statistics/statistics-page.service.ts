import type { ShownTable, StatisticsProps } from '../../views/statistics/statistics-page.js';
import type { ShownReference } from '../../views/statistics/year-figures-page.js';
import type { Deps } from '../deps.js';
import type { MessageKey, Translate } from '../i18n/i18n.js';
import { onPeriodBoundaries, PERIODS, periodsBetween } from './dimensions.js';
import type { ReferenceFigure } from './reference-figures.js';
import type { PageFilter } from './statistics.form.js';
import {
  DESK_DIMENSIONS,
  DESK_EXTRA,
  dimensionTable,
  type Filter,
  PAGE_DIMENSIONS,
  registrationsPerPeriod,
  type StatTable,
  TOP_NATIONALITIES,
  topColumns,
  valueLabels,
} from './statistics.service.js';
import { deskTable, deskTables } from './desk-figures.service.js';
import { MARKER } from './suppression.js';
import type { OneWay, YearFigures } from './year-figures.js';

const qs = (params: Record<string, string>) =>
  new URLSearchParams(Object.entries(params).filter(([, v]) => v !== '')).toString();

/**
 * What the statistics page shows for its filters (the view-model): the tables read at once, their values in the
 * reader's words, and the CSV links — publication links only where a publication is allowed (whole periods).
 */
export async function statisticsPageProps(
  deps: Deps,
  asked: PageFilter,
  t: Translate,
  locale: 'nl' | 'en',
): Promise<Omit<StatisticsProps, 'ctx'>> {
  const { by, error } = asked;
  const { period, from, to } = asked.filter;
  const filter: Filter = { period, from, to };
  const [byDimension, desk, perPeriod] = await Promise.all([
    dimensionTable(deps, by, filter),
    deskTables(deps, filter).then(async (d) => ({
      ...d,
      first_review: await deskTable(deps, 'first_review', filter),
    })),
    // Signals are not registrations: their table's totals are signals, so the registrations are read apart.
    by === 'signal' ? registrationsPerPeriod(deps, filter) : null,
  ]);
  // Registrations per period: the totals of the table by dimension (each registration once), not a second query;
  // every period from the first to the last is a row, so the trend line does not pass over a period of 0.
  const source = perPeriod ?? byDimension;
  const total = new Map(source.rows.map((r) => [r.period, r.total]));
  const first = source.rows[0]?.period;
  const last = source.rows.at(-1)?.period;
  const totals: StatTable = {
    columns: [],
    rows: (first && last ? periodsBetween(first, last, period) : []).map((p) => ({
      period: p,
      counts: [],
      total: total.get(p) ?? 0,
    })),
  };
  const labels = await valueLabels(deps, t, locale);
  const params = { period, from, to };
  // Publication links only where a publication is allowed: whole years or quarters (docs/contract.md).
  const publishable = onPeriodBoundaries(from, to, period);
  const shown = (
    id: string,
    title: string,
    dim: string,
    table: StatTable,
    href: string,
    pub?: string,
    note?: string,
  ): ShownTable => ({
    note,
    id,
    title,
    columns: table.columns.map((code) => ({ code, label: labels(dim, code) })),
    rows:
      dim === 'hours' ? table.rows.map((r) => ({ ...r, period: t(`weekday.${r.period}` as MessageKey) })) : table.rows,
    csv: href,
    publicationCsv: pub,
    chart: dim === 'hours' ? 'heatmap' : 'bars',
  });
  const dimTitle = (d: string) => t(`stats.dim.${d}` as MessageKey);
  return {
    filter: { period, dimension: by, from, to },
    periods: PERIODS.map((p) => ({ value: p, label: t(`stats.period.${p}` as MessageKey) })),
    dimensions: PAGE_DIMENSIONS.map((d) => ({ value: d, label: dimTitle(d) })),
    error: error,
    totals: shown(
      'stats-total',
      t('stats.registrations'),
      'gender',
      totals,
      `/statistics/export.csv?${qs({ by: 'gender', ...params })}`,
      publishable ? `/statistics/export.csv?${qs({ by: 'gender', ...params, publication: '1' })}` : undefined,
    ),
    byDimension: shown(
      'stats-dim',
      t('stats.byDimension', { dimension: dimTitle(by) }),
      by,
      // Nationalities: the most frequent by name, the rest as "other" (the CSV keeps every nationality).
      by === 'nationality' ? topColumns(byDimension, TOP_NATIONALITIES) : byDimension,
      `/statistics/table.csv?${qs({ by, ...params })}`,
      publishable ? `/statistics/table.csv?${qs({ by, ...params, publication: '1' })}` : undefined,
      by === 'nationality' && byDimension.columns.length > TOP_NATIONALITIES
        ? t('stats.nationality.top', { n: String(TOP_NATIONALITIES) })
        : undefined,
    ),
    ctdcCsv: onPeriodBoundaries(from, to, 'year') ? `/statistics/ctdc.csv?${qs({ from, to })}` : undefined,
    yearPage: '/statistics/year',
    desk: [...DESK_DIMENSIONS, ...DESK_EXTRA].map((d) =>
      shown(
        `stats-desk-${d}`,
        t(`stats.desk.${d}` as MessageKey),
        d,
        desk[d],
        `/statistics/desk.csv?${qs({ by: d, ...params })}`,
      ),
    ),
    minCell: deps.config.statsMinCell,
  };
}

/** The year in figures as the page shows it: codes translated, suppressed numbers as the marker. */
export function yearPageProps(
  y: YearFigures & { years: string[] },
  t: Translate,
  labels: (dim: string, code: string) => string,
) {
  const ref = (dim: string, f: ReferenceFigure): ShownReference => ({
    year: String(f.year),
    label:
      f.code === 'total' || f.code === 'under23' || f.code === 'dutch'
        ? t(`stats.ref.${f.code}` as MessageKey)
        : labels(dim, f.code),
    series: t(`stats.series.${f.series}` as MessageKey),
    value: [
      f.count === undefined ? '' : String(f.count),
      f.percent === undefined ? '' : `${f.count === undefined ? '' : ' '}(${f.percent.toFixed(1)} %)`,
      f.derived ? ` ${t('stats.derived')}` : '',
    ].join(''),
    source: f.source,
  });
  const shown = (id: string, dim: string, table: OneWay, note?: MessageKey) => ({
    id: `year-${id}`,
    title: t(`stats.year.${id}` as MessageKey),
    note: note ? t(note) : undefined,
    lines: table.lines.map((l) => ({
      label: labels(dim, l.code),
      count: l.count,
      shown: l.hidden ? MARKER : String(l.count),
      share: l.share,
    })),
    total: table.totalHidden ? MARKER : String(table.total),
    reference: table.reference.map((f) => ref(dim, f)),
  });
  const year = String(y.year);
  return {
    year: y.year,
    years: y.years.map((v) => ({ value: v, label: v })),
    publication: y.publication,
    totals: y.totals.map((r) => ({ year: r.year, count: r.count, shown: r.hidden ? MARKER : String(r.count) })),
    totalsReference: y.totalsReference.map((f) => ref('total', f)),
    tables:
      y.forms.total === 0
        ? []
        : [
            shown('reporters', 'reporter_group', y.reporters),
            shown('forms', 'exploitation', y.forms, 'stats.year.formsNote'),
            shown('nationalities', 'nationality', y.nationalities, 'stats.year.nationalitiesNote'),
            shown('age', 'age_group', y.age, 'stats.year.ageNote'),
            shown('nrm', 'nrm', y.nrm, 'stats.year.nrmNote'),
          ],
    cross: {
      title: t('stats.year.cross'),
      columns: y.cross.columns.map((code) => labels('minor_dutch', code)),
      rows: y.cross.rows.map((r) => ({
        label: r.code === 'total' ? t('stats.total') : labels('reporter_group', r.code),
        cells: r.counts.map((n, j) => (r.hidden[j] ? MARKER : String(n))),
        total: r.hidden[r.counts.length] ? MARKER : String(r.total),
      })),
    },
    csv: `/statistics/year.csv?year=${year}`,
    publicationCsv: `/statistics/year.csv?year=${year}&publication=1`,
  };
}
