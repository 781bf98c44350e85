import type { Child } from 'hono/jsx';
import type { PageContext } from '../layout.js';
import { Field, Select } from '../components/form.js';
import { BarChart } from './bar-chart.js';
import { TrendChart } from './trend-chart.js';

/** A published reference figure as the page shows it (already translated). */
export interface ShownReference {
  year: string;
  label: string;
  series: string;
  value: string;
  source: string;
}

/** One of the year's one-way tables: each line with its count (or `x`) and share, the reference figures beside it. */
interface ShownOneWay {
  id: string;
  title: string;
  note?: string;
  lines: { label: string; count: number; shown: string; share: string }[];
  total: string;
  reference: ShownReference[];
}

export interface YearFiguresProps {
  ctx: PageContext;
  year: number;
  years: { value: string; label: string }[];
  publication: boolean;
  error?: string;
  totals: { year: string; count: number; shown: string }[];
  totalsReference: ShownReference[];
  tables: ShownOneWay[];
  cross: { title: string; columns: string[]; rows: { label: string; cells: string[]; total: string }[] };
  csv: string;
  publicationCsv: string;
  minCell: number;
}

/**
 * A table that may scroll sideways on a narrow screen: a named region the keyboard can reach and scroll (axe's
 * scrollable-region-focusable), as on /statistics.
 */
function Scroll(props: { ctx: PageContext; title: string; children?: Child }) {
  return (
    <div
      class="table-scroll"
      tabindex={0}
      role="region"
      aria-label={props.ctx.t('stats.tableRegion', { title: props.title })}
    >
      {props.children}
    </div>
  );
}

/** The published figures beside one of Baken's tables, each with its year, series and source. */
function References(props: { ctx: PageContext; id: string; of: string; rows: ShownReference[] }) {
  const { t } = props.ctx;
  if (props.rows.length === 0) return null;
  return (
    <Scroll ctx={props.ctx} title={`${t('stats.year.reference')}: ${props.of}`}>
      <table class="stats-table stats-reference" id={props.id}>
        <caption>{t('stats.year.reference')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('stats.col.year')}</th>
            <th scope="col">{t('stats.col.figure')}</th>
            <th scope="col">{t('stats.col.value')}</th>
            <th scope="col">{t('stats.col.series')}</th>
            <th scope="col">{t('stats.col.source')}</th>
          </tr>
        </thead>
        <tbody>
          {props.rows.map((r) => (
            <tr>
              <td>{r.year}</td>
              <th scope="row">{r.label}</th>
              <td class="num">{r.value}</td>
              <td>{r.series}</td>
              <td>{r.source}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </Scroll>
  );
}

/** One table of the year: chart (labelled bars), the table with numbers and shares, and the reference figures. */
function OneWayFigure(props: { ctx: PageContext; table: ShownOneWay }) {
  const { t } = props.ctx;
  const tb = props.table;
  return (
    <section class="stats-figure" aria-labelledby={`${tb.id}-h`}>
      <h2 id={`${tb.id}-h`}>{tb.title}</h2>
      {tb.note ? <p class="stats-note">{tb.note}</p> : null}
      <div class="stats-pair">
        <BarChart
          id={`${tb.id}-chart`}
          title={tb.title}
          bars={tb.lines.map((l) => ({
            label: l.label,
            value: l.shown === 'x' ? 0 : l.count,
            text: l.share && l.shown !== 'x' ? `${l.shown} (${l.share} %)` : l.shown,
          }))}
        />
        <Scroll ctx={props.ctx} title={tb.title}>
          <table class="stats-table" id={tb.id}>
            <caption class="visually-hidden">{tb.title}</caption>
            <thead>
              <tr>
                <th scope="col">{tb.title}</th>
                <th scope="col">{t('stats.col.count')}</th>
                <th scope="col">{t('stats.col.share')} (%)</th>
              </tr>
            </thead>
            <tbody>
              {tb.lines.map((l) => (
                <tr>
                  <th scope="row">{l.label}</th>
                  <td class="num">{l.shown}</td>
                  <td class="num">{l.share}</td>
                </tr>
              ))}
            </tbody>
            <tfoot>
              <tr>
                <th scope="row">{t('stats.total')}</th>
                <td class="num">{tb.total}</td>
                <td class="num">{tb.lines.length > 0 ? '100.0' : ''}</td>
              </tr>
            </tfoot>
          </table>
        </Scroll>
      </div>
      <References ctx={props.ctx} id={`${tb.id}-ref`} of={tb.title} rows={tb.reference} />
    </section>
  );
}

/** CoMensha's year in figures: the year's tables in the annual report's shape, each beside the published figures. */
/** The spreadsheet twin of an export's address (`sheet=1`). */
const sheet = (href: string) => `${href}${href.includes('?') ? '&' : '?'}sheet=1`;

export function YearFiguresPage(props: YearFiguresProps) {
  const { t } = props.ctx;
  const year = String(props.year);
  return (
    <div class="statistics">
      <h1>{t('stats.year.title', { year })}</h1>
      <p>
        <a href="/statistics">{t('stats.year.back')}</a>
      </p>
      <form method="get" action="/statistics/year" class="stats-filters">
        <Field id="year-choose" label={t('stats.year.choose')}>
          <Select id="year-choose" name="year" value={year} options={props.years} />
        </Field>
        <label class="choice">
          <input type="checkbox" name="publication" value="1" checked={props.publication} /> {t('stats.csvPublication')}
        </label>
        <button type="submit">{t('stats.year.show')}</button>
      </form>
      {props.error && (
        <p class="flash flash-error" role="alert">
          {props.error}
        </p>
      )}
      <p>{t('stats.year.intro', { year })}</p>
      <p class="hint">{t('stats.year.referenceNote')}</p>
      {props.publication && <p class="hint">{t('stats.suppressedNote', { min: props.minCell })}</p>}
      <p class="stats-downloads">
        <a href={props.csv} download>
          {t('stats.year.csv')}
        </a>{' '}
        (
        <a href={sheet(props.csv)} download>
          {t('stats.sheet.link')}
        </a>
        ){' · '}
        <a href={props.publicationCsv} download>
          {t('stats.year.csvPublication')}
        </a>{' '}
        (
        <a href={sheet(props.publicationCsv)} download>
          {t('stats.sheet.link')}
        </a>
        ){' · '}
        <a href={`/statistics/nrm.csv?year=${year}`} download>
          {t('stats.year.nrmCsv')}
        </a>{' '}
        (
        <a href={`/statistics/nrm.csv?year=${year}&sheet=1`} download>
          {t('stats.sheet.link')}
        </a>
        )
      </p>
      <p class="stats-downloads">
        {t('stats.year.signalsCsv')}{' '}
        {[1, 2, 3, 4].map((q) => (
          <>
            {' '}
            <a href={`/signals/export.csv?quarter=${year}-Q${q}`} download>{`Q${q}`}</a>
          </>
        ))}
        {' · '}
        {t('stats.sheet.link')}:
        {[1, 2, 3, 4].map((q) => (
          <>
            {' '}
            <a href={`/signals/export.csv?quarter=${year}-Q${q}&sheet=1`} download>{`Q${q}`}</a>
          </>
        ))}
      </p>
      <section class="stats-figure" aria-labelledby="year-totals-h">
        <h2 id="year-totals-h">{t('stats.year.totals')}</h2>
        <div class="stats-pair">
          <TrendChart
            id="year-totals-chart"
            title={t('stats.chart.trend', { what: t('stats.year.totals') })}
            points={props.totals.map((r) => ({
              label: r.year,
              value: r.shown === 'x' ? null : r.count,
              text: r.shown,
            }))}
          />
          <Scroll ctx={props.ctx} title={t('stats.year.totals')}>
            <table class="stats-table" id="year-totals">
              <caption class="visually-hidden">{t('stats.year.totals')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('stats.col.year')}</th>
                  <th scope="col">{t('stats.col.baken')}</th>
                </tr>
              </thead>
              <tbody>
                {props.totals.map((r) => (
                  <tr>
                    <th scope="row">{r.year}</th>
                    <td class="num">{r.shown}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </Scroll>
        </div>
        <References ctx={props.ctx} id="year-totals-ref" of={t('stats.year.totals')} rows={props.totalsReference} />
      </section>
      {props.tables.length === 0 ? (
        <p class="empty">{t('stats.year.none', { year })}</p>
      ) : (
        props.tables.map((tb) => <OneWayFigure ctx={props.ctx} table={tb} />)
      )}
      {props.tables.length > 0 && (
        <section class="stats-figure" aria-labelledby="year-cross-h">
          <h2 id="year-cross-h">{props.cross.title}</h2>
          <Scroll ctx={props.ctx} title={props.cross.title}>
            <table class="stats-table" id="year-cross">
              <caption class="visually-hidden">{props.cross.title}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('stats.year.reporters')}</th>
                  {props.cross.columns.map((c) => (
                    <th scope="col">{c}</th>
                  ))}
                  <th scope="col">{t('stats.total')}</th>
                </tr>
              </thead>
              <tbody>
                {props.cross.rows.map((r) => (
                  <tr>
                    <th scope="row">{r.label}</th>
                    {r.cells.map((n) => (
                      <td class="num">{n}</td>
                    ))}
                    <td class="num">{r.total}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </Scroll>
        </section>
      )}
    </div>
  );
}
