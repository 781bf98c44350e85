import type { Child } from 'hono/jsx';
import type { PageContext } from '../layout.js';
import { Field, Select } from '../components/form.js';
import { type Bar, BarChart } from './bar-chart.js';
import { Heatmap } from './heatmap.js';
import { TrendChart } from './trend-chart.js';

/** A table as the page shows it: the value labels already translated, one row per period. */
export interface ShownTable {
  id: string;
  title: string;
  columns: { code: string; label: string }[];
  rows: { period: string; counts: number[]; total: number }[];
  /** links to the CSV of this table (internal and, where offered, for publication) */
  csv: string;
  publicationCsv?: string;
  /** a line under the title (e.g. that only the most frequent nationalities are shown by name) */
  note?: string;
  /** how it is drawn: bars of the sums per value (the default), or a weekday × hour heatmap */
  chart?: 'bars' | 'heatmap';
}

export interface StatisticsProps {
  ctx: PageContext;
  filter: { period: string; dimension: string; from: string; to: string };
  periods: { value: string; label: string }[];
  dimensions: { value: string; label: string }[];
  error?: string;
  totals: ShownTable;
  byDimension: ShownTable;
  /** the CTDC export (only where the range covers whole years) */
  ctdcCsv?: string;
  /** the year in figures */
  yearPage: string;
  desk: ShownTable[];
  minCell: number;
}

/** Per value, the sum over the periods shown: what the chart beside a table draws. */
const sums = (t: ShownTable): Bar[] =>
  t.columns.map((c, j) => ({ label: c.label, value: t.rows.reduce((s, r) => s + (r.counts[j] ?? 0), 0) }));

/** The chart of a table as it asks to be drawn: its bars, or the busiest hours as a heatmap. */
function chartOf(ctx: PageContext, tb: ShownTable): Child {
  if (tb.chart === 'heatmap')
    return (
      <Heatmap
        id={`${tb.id}-chart`}
        title={tb.title}
        days={tb.rows.map((r) => r.period)}
        hours={tb.columns.map((c) => c.label)}
        counts={tb.rows.map((r) => r.counts)}
        hourLabel={ctx.t('stats.chart.hour')}
      />
    );
  return <BarChart id={`${tb.id}-chart`} title={tb.title} bars={sums(tb)} />;
}

/** One figure: the chart and its table side by side, and the CSV links under them. */
function Figure(props: { ctx: PageContext; table: ShownTable; chart: Child }) {
  const { t } = props.ctx;
  const tb = props.table;
  return (
    <section class="stats-figure" aria-labelledby={`${tb.id}-h`}>
      <h2 id={`${tb.id}-h`}>{tb.title}</h2>
      {tb.note ? <p class="stats-note">{tb.note}</p> : null}
      {tb.rows.length === 0 ? (
        <p class="empty">{t('stats.noData')}</p>
      ) : (
        <div class="stats-pair">
          {props.chart}
          {/* A region that may scroll sideways is reachable by keyboard (axe: scrollable-region-focusable). */}
          <div class="table-scroll" tabindex={0} role="region" aria-label={t('stats.tableRegion', { title: tb.title })}>
            <table class="stats-table">
              <caption class="visually-hidden">{tb.title}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('stats.periodColumn')}</th>
                  {tb.columns.map((c) => (
                    <th scope="col">{c.label}</th>
                  ))}
                  <th scope="col">{t('stats.total')}</th>
                </tr>
              </thead>
              <tbody>
                {tb.rows.map((r) => (
                  <tr>
                    <th scope="row">{r.period}</th>
                    {r.counts.map((n) => (
                      <td class="num">{String(n)}</td>
                    ))}
                    <td class="num">{String(r.total)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </div>
      )}
      <p class="stats-downloads">
        <a href={tb.csv} download>
          {t('stats.csv')}
        </a>
        {' · '}
        <a href={`${tb.csv}${tb.csv.includes('?') ? '&' : '?'}sheet=1`} download>
          {t('stats.sheet.link')}
        </a>
        {tb.publicationCsv && (
          <>
            {' · '}
            <a href={tb.publicationCsv} download>
              {t('stats.csvPublication')}
            </a>
          </>
        )}
      </p>
    </section>
  );
}

/** The statistics page for supervisors: filters in the URL, registrations by a dimension, the desk's own figures. */
export function StatisticsPage(props: StatisticsProps) {
  const { t } = props.ctx;
  const f = props.filter;
  return (
    <div class="statistics">
      <h1>{t('stats.title')}</h1>
      <form method="get" action="/statistics" class="stats-filters">
        <Field id="stats-period" label={t('stats.period')}>
          <Select id="stats-period" name="period" value={f.period} options={props.periods} />
        </Field>
        <Field id="stats-dimension" label={t('stats.dimension')}>
          <Select id="stats-dimension" name="by" value={f.dimension} options={props.dimensions} />
        </Field>
        <Field id="stats-from" label={t('stats.from')}>
          <input id="stats-from" name="from" type="date" value={f.from} />
        </Field>
        <Field id="stats-to" label={t('stats.to')}>
          <input id="stats-to" name="to" type="date" value={f.to} />
        </Field>
        <button type="submit">{t('stats.apply')}</button>
      </form>
      {props.error && (
        <p class="flash flash-error" role="alert">
          {props.error}
        </p>
      )}
      <p class="hint">{t('stats.publicationNote', { min: props.minCell })}</p>
      <Figure
        ctx={props.ctx}
        table={props.totals}
        chart={
          <TrendChart
            id={`${props.totals.id}-chart`}
            title={t('stats.chart.trend', { what: props.totals.title })}
            points={props.totals.rows.map((r) => ({ label: r.period, value: r.total }))}
          />
        }
      />
      <Figure ctx={props.ctx} table={props.byDimension} chart={chartOf(props.ctx, props.byDimension)} />
      <p>
        <a href={props.yearPage}>{t('stats.year.link')}</a>
        {props.ctdcCsv && (
          <>
            {' · '}
            <a href={props.ctdcCsv} download>
              {t('stats.ctdc')}
            </a>{' '}
            (
            <a href={`${props.ctdcCsv}${props.ctdcCsv.includes('?') ? '&' : '?'}sheet=1`} download>
              {t('stats.sheet.link')}
            </a>
            )
          </>
        )}
      </p>
      <h2>{t('stats.desk')}</h2>
      {props.desk.map((d) => (
        <Figure ctx={props.ctx} table={d} chart={chartOf(props.ctx, d)} />
      ))}
    </div>
  );
}
