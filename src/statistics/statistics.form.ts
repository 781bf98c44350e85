import type { MessageKey, Translate } from '../i18n/i18n.js';
import { checkRange, isPeriod, onPeriodBoundaries, type Period } from './dimensions.js';
import { badRequest, type Filter, PAGE_DIMENSIONS, type PageDimension } from './statistics.service.js';

/** The query of a statistics URL as Hono gives it. */
type Query = (name: string) => string | undefined;

/** The filters of an export's URL, with the range problem to answer (if any). */
export interface ExportFilter {
  by: string;
  filter: Filter;
  problem: string | null;
  publication: boolean;
}

/**
 * The filters of an export's URL, or the 400 of docs/contract.md for an unknown period or dimension; a publication
 * (`publication=1`, or the CTDC export's default) covers whole periods only, so a range that does not fall on the
 * boundaries of its periods — or a publication per month — is the problem `publicationRange`.
 */
export function readExportFilter(
  query: Query,
  allowed: readonly string[],
  byDefault: string,
  publication: boolean,
): ExportFilter {
  const period = query('period') ?? 'year';
  const by = query('by') ?? byDefault;
  if (!isPeriod(period)) throw badRequest(`unknown period "${period.slice(0, 20)}" (year, quarter or month)`);
  if (!allowed.includes(by)) throw badRequest(`unknown dimension "${by.slice(0, 40)}" (${allowed.join(', ')})`);
  const from = (query('from') ?? '').slice(0, 10);
  const to = (query('to') ?? '').slice(0, 10);
  const problem =
    checkRange(from, to) ?? (publication && !onPeriodBoundaries(from, to, period) ? 'publicationRange' : null);
  return { by, filter: { period, from, to }, problem, publication };
}

/** The page's filters: never a 400 — an unknown value falls back to its default and the page says so. */
export interface PageFilter {
  by: PageDimension;
  filter: Filter;
  error: string | undefined;
}

export function readPageFilter(query: Query, t: Translate): PageFilter {
  const asked = { period: query('period'), by: query('by') };
  const period: Period = isPeriod(asked.period) ? asked.period : 'year';
  const byQuery = asked.by ?? 'exploitation';
  const by = (PAGE_DIMENSIONS as readonly string[]).includes(byQuery) ? (byQuery as PageDimension) : 'exploitation';
  const from = (query('from') ?? '').slice(0, 10);
  const to = (query('to') ?? '').slice(0, 10);
  const problem = checkRange(from, to);
  const unknown = (asked.by !== undefined && by !== byQuery) || (asked.period !== undefined && period !== asked.period);
  const error = problem ? t(`stats.error.${problem}` as MessageKey) : unknown ? t('stats.error.filter') : undefined;
  // A range that cannot be read is dropped (the page shows every period), never half-applied.
  return { by, filter: problem ? { period, from: '', to: '' } : { period, from, to }, error };
}
