import type { MessageKey, Translate } from '../i18n/i18n.js';
import type { SheetValue } from '../shared/spreadsheet-csv.js';
import { EXPLOITATION_CTDC } from './dimensions.js';

/**
 * The words of the spreadsheet twins of the CTDC, year-in-figures and NRM exports (issue 23): each column's header
 * and each coded value in the reader's language, countries by their common names (`labels` of valueLabels). The
 * contract's CSVs keep their codes.
 */
export interface SheetWords {
  header: (code: string) => string;
  value: SheetValue;
}

type Labels = (dimension: string, code: string) => string;

const upperFirst = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** A header by its own key (`stats.sheet.col.…`), else the dimension's name, else the code itself. */
function headerOf(t: Translate, code: string): string {
  for (const key of [`stats.sheet.col.${code}`, `stats.dim.${code}`]) {
    const label = t(key as MessageKey);
    if (label !== key) return upperFirst(label);
  }
  return code;
}

const FORM_OF_CTDC = new Map(Object.entries(EXPLOITATION_CTDC).map(([form, ctdc]) => [ctdc as string, form]));

/** CTDC: the forms' columns by the form's name, the citizenship by the country's name, ages as a range. */
export function ctdcSheet(t: Translate, labels: Labels): SheetWords {
  return {
    header: (code) => {
      const form = FORM_OF_CTDC.get(code);
      return form ? labels('exploitation', form) : headerOf(t, code);
    },
    value: (column, v) => {
      if (column === 'citizenship') return labels('nationality', v);
      if (column === 'majorityStatus')
        return t(v === 'Minor' ? 'stats.minor.1' : v === 'Adult' ? 'stats.minor.0' : 'stats.minor.unknown');
      if (column === 'ageBroad') return v === 'unknown' ? t('stats.sheet.unknown') : v.replace('--', '–');
      return v;
    },
  };
}

/** The dimension whose names a year-in-figures table's rows are. */
const YEAR_ROWS: Record<string, string> = {
  reporters: 'reporter_group',
  forms: 'exploitation',
  nationalities: 'nationality',
  age: 'age_group',
  nrm: 'nrm',
  cross: 'reporter_group',
};

/** The year in figures in long form: the table by its title, each row and column by its name, the series too. */
export function yearSheet(t: Translate, labels: Labels): SheetWords {
  return {
    header: (code) => headerOf(t, code),
    value: (column, v, row) => {
      if (column === 'table') return t(`stats.year.${v}` as MessageKey);
      if (column === 'series') return v === '' || v === 'baken' ? v : t(`stats.series.${v}` as MessageKey);
      if (column === 'row' || column === 'column') {
        if (v === '') return v;
        if (v === 'total') return t('stats.sheet.total');
        if (v === 'under23' || v === 'dutch') return t(`stats.ref.${v}`);
        const dim = column === 'column' ? 'minor_dutch' : YEAR_ROWS[row.table ?? ''];
        return dim ? labels(dim, v) : v;
      }
      return v;
    },
  };
}

/** The dimension whose names an NRM delivery column's values are (the others are named as the column). */
const NRM_DIMENSION: Record<string, string> = { nrm_group: 'nrm' };

/** The NRM delivery: every coded value by its name, `*` (generalised for k-anonymity) said so. */
export function nrmSheet(t: Translate, labels: Labels): SheetWords {
  return {
    header: (code) => headerOf(t, code),
    value: (column, v) => {
      if (column === 'year') return v;
      if (v === '*') return t('stats.sheet.generalised');
      if (v === 'unknown') return t('stats.sheet.unknown');
      return labels(NRM_DIMENSION[column] ?? column, v);
    },
  };
}
