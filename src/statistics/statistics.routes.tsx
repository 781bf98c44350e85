import { type Context, Hono } from 'hono';
import type { Deps } from '../deps.js';
import type { AppEnv } from '../http/app-env.js';
import { requireRole } from '../http/session.js';
import { areaRoles } from '../http/areas.js';
import { page, pageContext } from '../http/render.js';
import { clientIp } from '../http/request.js';
import type { MessageKey, Translate } from '../i18n/i18n.js';
import { StatisticsPage, type ShownTable } from '../../views/statistics/statistics-page.js';
import { type ShownReference, YearFiguresPage } from '../../views/statistics/year-figures-page.js';
import type { ReferenceFigure } from './reference-figures.js';
import { MARKER } from './suppression.js';
import { nrmDeliveryCsv } from './nrm-delivery.js';
import { type OneWay, type YearFigures, yearFiguresExport, yearFiguresOf } from './year-figures.js';
import {
  checkRange,
  DIMENSIONS,
  isDimension,
  isPeriod,
  onPeriodBoundaries,
  PERIODS,
  periodsBetween,
  type Period,
} from './dimensions.js';
import {
  badRequest,
  ctdcCsv,
  deskCsv,
  DESK_DIMENSIONS,
  DESK_EXTRA,
  deskTable,
  deskTables,
  type DeskDimension,
  type DeskExtra,
  type Filter,
  PAGE_DIMENSIONS,
  type PageDimension,
  dimensionTable,
  registrationsCsv,
  registrationsPerPeriod,
  valueLabels,
  type StatTable,
  TOP_NATIONALITIES,
  topColumns,
} from './statistics.service.js';
import { toSpreadsheetCsv } from './spreadsheet-csv.js';

/**
 * The filters of the URL, or the 400 of SPEC §10 for an unknown period or dimension and a clear range problem; a
 * publication (`publication=1`, or the CTDC export's default) covers whole periods only, so a range that does not
 * fall on the boundaries of its periods — or a publication per month — is the problem `publicationRange`.
 */
function readFilter(c: Context<AppEnv>, allowed: readonly string[], byDefault: string, published: boolean) {
  const period = c.req.query('period') ?? 'year';
  const by = c.req.query('by') ?? byDefault;
  if (!isPeriod(period)) throw badRequest(`unknown period "${period.slice(0, 20)}" (year, quarter or month)`);
  if (!allowed.includes(by)) throw badRequest(`unknown dimension "${by.slice(0, 40)}" (${allowed.join(', ')})`);
  const from = (c.req.query('from') ?? '').slice(0, 10);
  const to = (c.req.query('to') ?? '').slice(0, 10);
  const problem =
    checkRange(from, to) ?? (published && !onPeriodBoundaries(from, to, period) ? 'publicationRange' : null);
  return { by, filter: { period, from, to } as Filter, problem, publication: published };
}

function csv(c: Context<AppEnv>, body: string, name: string) {
  c.header('Content-Type', 'text/csv; charset=utf-8');
  c.header('Content-Disposition', `attachment; filename="${name}.csv"`);
  c.header('Cache-Control', 'no-store');
  return c.body(body);
}

/**
 * The export as the contract writes it, or with `sheet=1` its spreadsheet twin: `;`, a BOM, and the header in
 * the reader's language (the period, each value of the dimension by its name, the total).
 */
async function tableCsv(c: Context<AppEnv>, deps: Deps, body: string, name: string, by: string) {
  if (c.req.query('sheet') !== '1') return csv(c, body, name);
  const t = c.get('t');
  const labels = await valueLabels(deps, t, c.get('locale'));
  const label = (code: string) =>
    code === 'period' ? t('stats.sheet.period') : code === 'total' ? t('stats.sheet.total') : labels(by, code);
  return csv(c, toSpreadsheetCsv(body, label), `${name}-${c.get('locale')}-spreadsheet`);
}

/** A year of registration as the URL gives it. */
const YEAR = /^(19|20|21)\d{2}$/;

const published = (c: Context<AppEnv>) => c.req.query('publication') === '1';

const qs = (params: Record<string, string>) =>
  new URLSearchParams(Object.entries(params).filter(([, v]) => v !== '')).toString();

/** /statistics for supervisors: the page and every table as CSV (audited), with publication-safe exports. */
export function statisticsRoutes(deps: Deps) {
  const r = new Hono<AppEnv>();
  r.use(requireRole(...areaRoles('statistics')));
  const actor = (c: Context<AppEnv>) => ({ id: c.get('user')!.id, ip: clientIp(c) });
  const rangeError = (c: Context<AppEnv>, problem: string) =>
    badRequest(c.get('t')(`stats.error.${problem}` as MessageKey));

  r.get('/export.csv', async (c) => {
    const { by, filter, problem, publication } = readFilter(c, Object.keys(DIMENSIONS), '', published(c));
    if (problem) throw rangeError(c, problem);
    if (!isDimension(by)) throw badRequest('unknown dimension');
    return tableCsv(
      c,
      deps,
      await registrationsCsv(deps, by, filter, publication, actor(c)),
      `registrations-${by}-${filter.period}`,
      by,
    );
  });

  r.get('/table.csv', async (c) => {
    const { by, filter, problem, publication } = readFilter(c, PAGE_DIMENSIONS, '', published(c));
    if (problem) throw rangeError(c, problem);
    return tableCsv(
      c,
      deps,
      await registrationsCsv(deps, by as PageDimension, filter, publication, actor(c)),
      `registrations-${by}-${filter.period}`,
      by,
    );
  });

  r.get('/desk.csv', async (c) => {
    const { by, filter, problem, publication } = readFilter(c, [...DESK_DIMENSIONS, ...DESK_EXTRA], '', published(c));
    if (problem) throw rangeError(c, problem);
    // The busiest hours add up a whole range into weekdays: published for one whole year at a time, never nested.
    const oneYear = filter.from.endsWith('-01-01') && filter.to === `${filter.from.slice(0, 4)}-12-31`;
    if (publication && by === 'hours' && !oneYear) throw rangeError(c, 'hoursYear');
    return tableCsv(
      c,
      deps,
      await deskCsv(deps, by as DeskDimension | DeskExtra, filter, publication, actor(c)),
      `contacts-${by}-${filter.period}`,
      by,
    );
  });

  r.get('/ctdc.csv', async (c) => {
    // Published unless asked otherwise; always per year of registration.
    const { filter, problem, publication } = readFilter(c, ['ctdc'], 'ctdc', c.req.query('publication') !== '0');
    if (problem) throw rangeError(c, problem);
    if (publication && !onPeriodBoundaries(filter.from, filter.to, 'year')) throw rangeError(c, 'publicationRange');
    return csv(c, await ctdcCsv(deps, filter, publication, actor(c)), 'ctdc');
  });

  r.get('/year.csv', async (c) => {
    const year = c.req.query('year') ?? '';
    if (!YEAR.test(year)) throw badRequest('the year as YYYY');
    return csv(c, await yearFiguresExport(deps, Number(year), published(c), actor(c)), `year-in-figures-${year}`);
  });

  // The yearly delivery to the National Rapporteur (issue 26): k-anonymised records of the year, audited.
  r.get('/nrm.csv', async (c) => {
    const year = c.req.query('year') ?? '';
    if (!YEAR.test(year)) throw badRequest('the year as YYYY');
    return csv(c, await nrmDeliveryCsv(deps, Number(year), actor(c)), `nrm-delivery-${year}`);
  });

  r.get('/year', async (c) => {
    const asked = c.req.query('year');
    const y = await yearFiguresOf(deps, asked && YEAR.test(asked) ? Number(asked) : null, published(c));
    const t = c.get('t');
    const year = String(y.year);
    return page(
      c,
      deps,
      t('stats.year.title', { year }),
      <YearFiguresPage
        ctx={pageContext(c, deps)}
        {...yearProps(y, t, await valueLabels(deps, t, c.get('locale')))}
        error={asked !== undefined && asked !== year ? t('stats.error.filter') : undefined}
        minCell={deps.config.statsMinCell}
      />,
    );
  });

  r.get('/', async (c) => {
    const t = c.get('t');
    const period = isPeriod(c.req.query('period')) ? (c.req.query('period') as Period) : 'year';
    const byQuery = c.req.query('by') ?? 'exploitation';
    const by = (PAGE_DIMENSIONS as readonly string[]).includes(byQuery) ? (byQuery as PageDimension) : 'exploitation';
    let from = (c.req.query('from') ?? '').slice(0, 10);
    let to = (c.req.query('to') ?? '').slice(0, 10);
    const problem = checkRange(from, to);
    const unknown = c.req.query('by') !== undefined && by !== byQuery;
    const badPeriod = c.req.query('period') !== undefined && period !== c.req.query('period');
    const error = problem
      ? t(`stats.error.${problem}` as MessageKey)
      : unknown || badPeriod
        ? t('stats.error.filter')
        : undefined;
    if (problem) {
      from = '';
      to = '';
    }
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
    const labels = await valueLabels(deps, t, c.get('locale'));
    const params = { period, from, to };
    // Publication links only where a publication is allowed: whole years or quarters (SPEC §10).
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
        dim === 'hours'
          ? table.rows.map((r) => ({ ...r, period: t(`weekday.${r.period}` as MessageKey) }))
          : table.rows,
      csv: href,
      publicationCsv: pub,
      chart: dim === 'hours' ? 'heatmap' : 'bars',
    });
    const dimTitle = (d: string) => t(`stats.dim.${d}` as MessageKey);
    return page(
      c,
      deps,
      t('stats.title'),
      <StatisticsPage
        ctx={pageContext(c, deps)}
        filter={{ period, dimension: by, from, to }}
        periods={PERIODS.map((p) => ({ value: p, label: t(`stats.period.${p}` as MessageKey) }))}
        dimensions={PAGE_DIMENSIONS.map((d) => ({ value: d, label: dimTitle(d) }))}
        error={error}
        totals={shown(
          'stats-total',
          t('stats.registrations'),
          'gender',
          totals,
          `/statistics/export.csv?${qs({ by: 'gender', ...params })}`,
          publishable ? `/statistics/export.csv?${qs({ by: 'gender', ...params, publication: '1' })}` : undefined,
        )}
        byDimension={shown(
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
        )}
        ctdcCsv={onPeriodBoundaries(from, to, 'year') ? `/statistics/ctdc.csv?${qs({ from, to })}` : undefined}
        yearPage="/statistics/year"
        desk={[...DESK_DIMENSIONS, ...DESK_EXTRA].map((d) =>
          shown(
            `stats-desk-${d}`,
            t(`stats.desk.${d}` as MessageKey),
            d,
            desk[d],
            `/statistics/desk.csv?${qs({ by: d, ...params })}`,
          ),
        )}
        minCell={deps.config.statsMinCell}
      />,
    );
  });
  return r;
}

export type { Translate };

/** The year in figures as the page shows it: codes translated, suppressed numbers as the marker. */
function yearProps(y: YearFigures & { years: string[] }, t: Translate, labels: (dim: string, code: string) => string) {
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
