import { type Context, Hono } from 'hono';
import type { Deps } from '../deps.js';
import type { AppEnv } from '../http/app-env.js';
import { requireRole } from '../http/session.js';
import { page, pageContext } from '../http/render.js';
import { clientIp } from '../http/request.js';
import type { MessageKey, Translate } from '../i18n/i18n.js';
import { StatisticsPage, type ShownTable } from '../../views/statistics/statistics-page.js';
import { checkRange, DIMENSIONS, isDimension, isPeriod, PERIODS, type Period } from './dimensions.js';
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
  registrationsCsv,
  registrationTable,
  valueLabels,
  type StatTable,
  TOP_NATIONALITIES,
  topColumns,
} from './statistics.service.js';

/** The filters of the URL, or the 400 of SPEC §10 for an unknown period or dimension and a clear range problem. */
function readFilter(c: Context<AppEnv>, allowed: readonly string[], byDefault: string) {
  const period = c.req.query('period') ?? 'year';
  const by = c.req.query('by') ?? byDefault;
  if (!isPeriod(period)) throw badRequest(`unknown period "${period.slice(0, 20)}" (year, quarter or month)`);
  if (!allowed.includes(by)) throw badRequest(`unknown dimension "${by.slice(0, 40)}" (${allowed.join(', ')})`);
  const from = (c.req.query('from') ?? '').slice(0, 10);
  const to = (c.req.query('to') ?? '').slice(0, 10);
  return { by, filter: { period, from, to } as Filter, problem: checkRange(from, to) };
}

function csv(c: Context<AppEnv>, body: string, name: string) {
  c.header('Content-Type', 'text/csv; charset=utf-8');
  c.header('Content-Disposition', `attachment; filename="${name}.csv"`);
  c.header('Cache-Control', 'no-store');
  return c.body(body);
}

const qs = (params: Record<string, string>) =>
  new URLSearchParams(Object.entries(params).filter(([, v]) => v !== '')).toString();

/** /statistics for supervisors: the page and every table as CSV (audited), with publication-safe exports. */
export function statisticsRoutes(deps: Deps) {
  const r = new Hono<AppEnv>();
  r.use(requireRole('supervisor'));
  const actor = (c: Context<AppEnv>) => ({ id: c.get('user')!.id, ip: clientIp(c) });
  const rangeError = (c: Context<AppEnv>, problem: string) =>
    badRequest(c.get('t')(`stats.error.${problem}` as MessageKey));

  r.get('/export.csv', async (c) => {
    const { by, filter, problem } = readFilter(c, Object.keys(DIMENSIONS), '');
    if (problem) throw rangeError(c, problem);
    const publication = c.req.query('publication') === '1';
    if (!isDimension(by)) throw badRequest('unknown dimension');
    return csv(
      c,
      await registrationsCsv(deps, by, filter, publication, actor(c)),
      `registrations-${by}-${filter.period}`,
    );
  });

  r.get('/table.csv', async (c) => {
    const { by, filter, problem } = readFilter(c, PAGE_DIMENSIONS, '');
    if (problem) throw rangeError(c, problem);
    const publication = c.req.query('publication') === '1';
    return csv(
      c,
      await registrationsCsv(deps, by as PageDimension, filter, publication, actor(c)),
      `registrations-${by}-${filter.period}`,
    );
  });

  r.get('/desk.csv', async (c) => {
    const { by, filter, problem } = readFilter(c, [...DESK_DIMENSIONS, ...DESK_EXTRA], '');
    if (problem) throw rangeError(c, problem);
    const publication = c.req.query('publication') === '1';
    return csv(
      c,
      await deskCsv(deps, by as DeskDimension | DeskExtra, filter, publication, actor(c)),
      `contacts-${by}-${filter.period}`,
    );
  });

  r.get('/ctdc.csv', async (c) => {
    const { filter, problem } = readFilter(c, ['ctdc'], 'ctdc');
    if (problem) throw rangeError(c, problem);
    const publication = c.req.query('publication') !== '0';
    return csv(c, await ctdcCsv(deps, filter, publication, actor(c)), 'ctdc');
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
    const [byDimension, desk] = await Promise.all([
      registrationTable(deps, by, filter),
      deskTables(deps, filter).then(async (d) => ({
        ...d,
        first_review: await deskTable(deps, 'first_review', filter),
      })),
    ]);
    // Registrations per period: the totals of the table by dimension (each registration once), not a second query.
    const totals: StatTable = {
      columns: [],
      rows: byDimension.rows.map((r) => ({ period: r.period, counts: [], total: r.total })),
    };
    const labels = await valueLabels(deps, t, c.get('locale'));
    const params = { period, from, to };
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
          `/statistics/export.csv?${qs({ by: 'gender', ...params, publication: '1' })}`,
        )}
        byDimension={shown(
          'stats-dim',
          t('stats.byDimension', { dimension: dimTitle(by) }),
          by,
          // Nationalities: the most frequent by name, the rest as "other" (the CSV keeps every nationality).
          by === 'nationality' ? topColumns(byDimension, TOP_NATIONALITIES) : byDimension,
          `/statistics/table.csv?${qs({ by, ...params })}`,
          `/statistics/table.csv?${qs({ by, ...params, publication: '1' })}`,
          by === 'nationality' && byDimension.columns.length > TOP_NATIONALITIES
            ? t('stats.nationality.top', { n: String(TOP_NATIONALITIES) })
            : undefined,
        )}
        ctdcCsv={`/statistics/ctdc.csv?${qs({ from, to })}`}
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
