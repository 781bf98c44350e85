/**
 * The spreadsheet-friendly twin of a CSV export (issue 23): Dutch spreadsheet software splits on `;` and reads
 * UTF-8 only after a byte-order mark, and a reader wants words, not codes, in the header. The contract's CSVs
 * (docs/contract.md) stay as they are for the systems that read them; this one is made from the same text. Shared: the
 * statistics' and the signals' exports both use it.
 */

/** The rows of an RFC 4180 CSV text (quoted fields, doubled quotes, CRLF or LF). */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(field);
      field = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += ch;
  }
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

/** One cell for a spreadsheet: quoted when needed, and never read as a formula (=, +, -, @ at the start). */
function cell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) && !/^-?\d+([.,]\d+)?$/.test(value) ? `'${value}` : value;
  return /[;"\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** The byte-order mark that makes spreadsheet software read the file as UTF-8. */
export const BOM = '\uFEFF';

/** A cell's value in words: by the header code of its column, and the whole row (by header code) for context. */
export type SheetValue = (column: string, value: string, row: Readonly<Record<string, string>>) => string;

/**
 * Rewrites a CSV export for a spreadsheet: the header's codes through `label` (the reader's language), each value
 * through `value` when given (codes to words), `;` between fields, CRLF between rows, a BOM in front.
 */
export function toSpreadsheetCsv(contractCsv: string, label: (code: string) => string, value?: SheetValue): string {
  const [header, ...rows] = parseCsv(contractCsv);
  if (!header) return BOM;
  const words = (r: string[]) => {
    if (!value) return r;
    const byCode = Object.fromEntries(header.map((h, i) => [h, r[i] ?? '']));
    return r.map((v, i) => value(header[i] ?? '', v, byCode));
  };
  const lines = [header.map((h) => cell(label(h))), ...rows.map((r) => words(r).map(cell))].map((r) => r.join(';'));
  return `${BOM}${lines.join('\r\n')}\r\n`;
}
