import { type Context, Hono } from 'hono';
import { StatisticsPage } from '../../views/statistics/statistics-page.js';
import { YearFiguresPage } from '../../views/statistics/year-figures-page.js';
import type { Deps } from '../deps.js';
import type { AppEnv } from '../http/app-env.js';
import { areaRoles } from '../http/areas.js';
import { page, pageContext } from '../http/render.js';
import { clientIp } from '../http/request.js';
import { requireRole } from '../http/session.js';
import type { MessageKey } from '../i18n/i18n.js';
import { DIMENSIONS, isDimension, onPeriodBoundaries } from './dimensions.js';
import { nrmDeliveryCsv } from './nrm-delivery.js';
import { statisticsPageProps, yearPageProps } from './statistics-page.service.js';
import { readExportFilter, readPageFilter } from './statistics.form.js';
import {
  badRequest,
  DESK_DIMENSIONS,
  DESK_EXTRA,
  type DeskDimension,
  type DeskExtra,
  PAGE_DIMENSIONS,
  type PageDimension,
  valueLabels,
} from './statistics.service.js';
import { ctdcCsv, deskCsv, registrationsCsv } from './statistics-export.service.js';
import { yearFiguresExport, yearFiguresOf } from './year-figures.js';
import { toSpreadsheetCsv } from '../shared/spreadsheet-csv.js';
import { ctdcSheet, nrmSheet, yearSheet } from './sheet-labels.js';

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

/** The CTDC, year-in-figures or NRM export as the contract writes it, or with `sheet=1` in words (sheet-labels). */
async function wordsCsv(c: Context<AppEnv>, deps: Deps, body: string, name: string, words: typeof ctdcSheet) {
  if (c.req.query('sheet') !== '1') return csv(c, body, name);
  const t = c.get('t');
  const w = words(t, await valueLabels(deps, t, c.get('locale')));
  return csv(c, toSpreadsheetCsv(body, w.header, w.value), `${name}-${c.get('locale')}-spreadsheet`);
}

/** A year of registration as the URL gives it. */
const YEAR = /^(19|20|21)\d{2}$/;

const published = (c: Context<AppEnv>) => c.req.query('publication') === '1';

/** /statistics for supervisors: the page and every table as CSV (audited), with publication-safe exports. */
export function statisticsRoutes(deps: Deps) {
  const r = new Hono<AppEnv>();
  r.use(requireRole(...areaRoles('statistics')));
  const actor = (c: Context<AppEnv>) => ({ id: c.get('user')!.id, ip: clientIp(c) });
  const rangeError = (c: Context<AppEnv>, problem: string) =>
    badRequest(c.get('t')(`stats.error.${problem}` as MessageKey));

  r.get('/export.csv', async (c) => {
    const { by, filter, problem, publication } = readExportFilter(
      (name) => c.req.query(name),
      Object.keys(DIMENSIONS),
      '',
      published(c),
    );
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
    const { by, filter, problem, publication } = readExportFilter(
      (name) => c.req.query(name),
      PAGE_DIMENSIONS,
      '',
      published(c),
    );
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
    const { by, filter, problem, publication } = readExportFilter(
      (name) => c.req.query(name),
      [...DESK_DIMENSIONS, ...DESK_EXTRA],
      '',
      published(c),
    );
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
    const { filter, problem, publication } = readExportFilter(
      (name) => c.req.query(name),
      ['ctdc'],
      'ctdc',
      c.req.query('publication') !== '0',
    );
    if (problem) throw rangeError(c, problem);
    if (publication && !onPeriodBoundaries(filter.from, filter.to, 'year')) throw rangeError(c, 'publicationRange');
    return wordsCsv(c, deps, await ctdcCsv(deps, filter, publication, actor(c)), 'ctdc', ctdcSheet);
  });

  r.get('/year.csv', async (c) => {
    const year = c.req.query('year') ?? '';
    if (!YEAR.test(year)) throw badRequest('the year as YYYY');
    const body = await yearFiguresExport(deps, Number(year), published(c), actor(c));
    return wordsCsv(c, deps, body, `year-in-figures-${year}`, yearSheet);
  });

  // The yearly delivery to the National Rapporteur (issue 26): k-anonymised records of the year, audited.
  r.get('/nrm.csv', async (c) => {
    const year = c.req.query('year') ?? '';
    if (!YEAR.test(year)) throw badRequest('the year as YYYY');
    return wordsCsv(c, deps, await nrmDeliveryCsv(deps, Number(year), actor(c)), `nrm-delivery-${year}`, nrmSheet);
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
        {...yearPageProps(y, t, await valueLabels(deps, t, c.get('locale')))}
        error={asked !== undefined && asked !== year ? t('stats.error.filter') : undefined}
        minCell={deps.config.statsMinCell}
      />,
    );
  });

  r.get('/', async (c) => {
    const t = c.get('t');
    const asked = readPageFilter((name) => c.req.query(name), t);
    const props = await statisticsPageProps(deps, asked, t, c.get('locale'));
    return page(c, deps, t('stats.title'), <StatisticsPage ctx={pageContext(c, deps)} {...props} />);
  });
  return r;
}
