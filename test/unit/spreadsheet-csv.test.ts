import { describe, expect, it } from 'vitest';
import { BOM, parseCsv, toSpreadsheetCsv } from '../../src/shared/spreadsheet-csv.js';

describe('the spreadsheet twin of a CSV export', () => {
  it.each([
    [
      'a,b\n1,2\n',
      [
        ['a', 'b'],
        ['1', '2'],
      ],
    ],
    [
      'a,b\r\n1,2',
      [
        ['a', 'b'],
        ['1', '2'],
      ],
    ],
    ['"x,y","say ""hi"""\n', [['x,y', 'say "hi"']]],
    ['"two\nlines",3\n', [['two\nlines', '3']]],
    ['', []],
  ])('parses %j', (text, rows) => {
    expect(parseCsv(text)).toEqual(rows);
  });

  it.each([
    ['period,sexual,total\n2026,3,3\n', 'Periode;Seksueel;Totaal\r\n2026;3;3\r\n'],
    ['period,a\n2026,x\n', 'Periode;A\r\n2026;x\r\n'],
    ['period,semi\n2026,1\n', 'Periode;"een; twee"\r\n2026;1\r\n'],
    ['period,formula\n2026,1\n', "Periode;'=SUM(A1)\r\n2026;1\r\n"],
    ['period,neg\n2026,-1\n', 'Periode;neg\r\n2026;-1\r\n'],
  ])('rewrites %j for a spreadsheet', (contract, sheet) => {
    const labels: Record<string, string> = {
      period: 'Periode',
      sexual: 'Seksueel',
      total: 'Totaal',
      a: 'A',
      semi: 'een; twee',
      formula: '=SUM(A1)',
    };
    expect(toSpreadsheetCsv(contract, (c) => labels[c] ?? c)).toBe(BOM + sheet);
  });

  it.each([
    // A value by its column's words; the row gives the context (the year's `row` depends on its `table`).
    ['table,row\nforms,labour\n', 'table;row\r\nVormen;Arbeidsuitbuiting\r\n'],
    ['table,row\nnationalities,NG\n', 'table;row\r\nNationaliteiten;Nigeria\r\n'],
    // A value that would start a formula once in words is still kept from being one; `;` in a value is quoted.
    ['table,row\nforms,formula\n', "table;row\r\nVormen;'=1+1\r\n"],
    ['table,row\nforms,semi\n', 'table;row\r\nVormen;"a; b"\r\n'],
    // A short row: the missing cells are empty to the mapper, and stay absent.
    ['table,row\nforms\n', 'table;row\r\nVormen\r\n'],
  ])('rewrites the values of %j through the mapper', (contract, sheet) => {
    const words: Record<string, Record<string, string>> = {
      forms: { labour: 'Arbeidsuitbuiting', formula: '=1+1', semi: 'a; b' },
      nationalities: { NG: 'Nigeria' },
    };
    const tables: Record<string, string> = { forms: 'Vormen', nationalities: 'Nationaliteiten' };
    const value = (column: string, v: string, row: Readonly<Record<string, string>>) =>
      column === 'table' ? (tables[v] ?? v) : (words[row.table ?? '']?.[v] ?? v);
    expect(toSpreadsheetCsv(contract, (c) => c, value)).toBe(BOM + sheet);
  });
});
