import type { MessageKey, Translate } from '../i18n/i18n.js';
import { toSpreadsheetCsv } from '../shared/spreadsheet-csv.js';

/**
 * The spreadsheet twin of a quarter's signals (issue 23): `;`, a BOM, the header and the codes in the reader's
 * language (the obstacle by its name, the kind of record in words); the day and the note as they are.
 */
export function signalsSheet(contractCsv: string, t: Translate): string {
  const header = (code: string) => (code === 'code' ? t('signal.code') : t(`stats.sheet.col.${code}` as MessageKey));
  return toSpreadsheetCsv(contractCsv, header, (column, v) => {
    if (column === 'code') {
      const key = `signal.code.${v}`;
      const label = t(key as MessageKey);
      return label === key ? v : label;
    }
    if (column === 'on') return v === 'contact' || v === 'registration' ? t(`stats.sheet.on.${v}`) : v;
    return v;
  });
}
