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
});
