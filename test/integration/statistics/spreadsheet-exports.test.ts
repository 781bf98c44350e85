import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, signedIn, type Client, type TestApp } from '../../support/test-app.js';
import { makeRegistration } from '../../support/registration-factory.js';

// Issue 23: the CTDC, year-in-figures, NRM and signals exports have a spreadsheet twin beside them (`sheet=1`: `;`,
// a BOM, CRLF, the header and the codes in the reader's language, countries by their common names); the contract's
// CSVs stay as they are. Both databases.

let t: TestApp;
let nl: Client;
let en: Client;
beforeAll(async () => {
  t = await createTestApp({}, { now: '2026-11-20T10:00:00Z' });
  const dutch = await signedIn(t, ['supervisor']);
  await t.deps.db.updateTable('users').set({ locale: 'nl' }).where('id', '=', dutch.user.id).execute();
  nl = dutch.client;
  en = (await signedIn(t, ['supervisor'])).client;
  // Eleven alike (k = 11 lets the NRM delivery release them) and one from Nigeria.
  for (let i = 0; i < 11; i++) await makeRegistration(t, dutch.user.id, { nationalities: ['RO'] });
  const ng = await makeRegistration(t, dutch.user.id, {
    nationalities: ['NG'],
    gender: 'male',
    exploitation: ['labour'],
  });
  const signal = await nl.post(`/registrations/${ng}/signals`, {
    code: 'no_interpreter',
    note: '=SUM(A1); "geen tolk"',
  });
  expect(signal.status).toBe(303);
});
afterAll(async () => {
  await t.close();
});

/** The answer as a spreadsheet reads it: the status, the file's name, the BOM checked, its lines split on CRLF. */
async function sheet(client: Client, path: string) {
  const res = await client.get(path);
  expect(res.status, path).toBe(200);
  expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
  const bytes = new Uint8Array(await res.arrayBuffer());
  expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes).slice(1);
  expect(text.endsWith('\r\n')).toBe(true);
  return { name: res.headers.get('content-disposition'), lines: text.slice(0, -2).split('\r\n') };
}

describe('the spreadsheet twins of the CTDC, year-in-figures, NRM and signals exports', () => {
  it('writes the CTDC export with the forms and the columns by name and countries by their common names', async () => {
    const { name, lines } = await sheet(nl, '/statistics/ctdc.csv?publication=0&sheet=1');
    expect(name).toBe('attachment; filename="ctdc-nl-spreadsheet.csv"');
    expect(lines[0]).toMatch(/^Registratiejaar;Leeftijdsklasse \(CTDC\);Minderjarig of meerderjarig;Nationaliteit;/);
    expect(lines[0]).toContain(';Arbeidsuitbuiting;');
    expect(lines[0]).not.toContain('isForcedLabour');
    expect(lines).toContain('2026;30–38;Meerderjarig;Nigeria;0;1;0;0;0;0;0;0;0;1');
    expect(lines.some((l) => l.startsWith('2026;30–38;Meerderjarig;Roemenië;11;'))).toBe(true);
    const english = await sheet(en, '/statistics/ctdc.csv?publication=0&sheet=1');
    expect(english.lines.some((l) => l.includes(';Adult;Romania;11;'))).toBe(true);
  });

  it('writes the year in figures with the tables, rows and series in words', async () => {
    const { name, lines } = await sheet(nl, '/statistics/year.csv?year=2026&sheet=1');
    expect(name).toBe('attachment; filename="year-in-figures-2026-nl-spreadsheet.csv"');
    expect(lines[0]).toBe('Tabel;Jaar;Rij;Kolom;Aantal;Aandeel (%);Reeks;Bron');
    const nationalities = lines.filter((l) => l.startsWith('Nationaliteiten'));
    expect(nationalities.some((l) => l.includes(';2026;Roemenië;;11;'))).toBe(true);
    expect(nationalities.some((l) => l.includes(';2026;Nigeria;;1;'))).toBe(true);
    expect(lines.some((l) => /;2026;Totaal;;12;100[.,]0;baken;$/.test(l))).toBe(true);
    expect(lines.join('\n')).not.toMatch(/(^|;)(nationalities|cross|totals|comensha)(;|$)/m);
  });

  it('writes the NRM delivery with every coded value by its name', async () => {
    const { name, lines } = await sheet(en, '/statistics/nrm.csv?year=2026&sheet=1');
    expect(name).toBe('attachment; filename="nrm-delivery-2026-en-spreadsheet.csv"');
    expect(lines[0]).toMatch(/^Year;National Rapporteur’s group;Form of exploitation;Gender;Age group;/);
    expect(lines[1]).toMatch(/^2026;Cross-border sexual exploitation;Sexual exploitation;Female;/);
    expect(lines[1]).toContain(';EU/EEA/Switzerland (other than Dutch);');
    expect(lines).toHaveLength(12); // the header and the eleven alike; Nigeria's record stands out and is left out
  });

  it('writes a quarter’s signals with the obstacle by name and the note kept whole, never as a formula', async () => {
    const { name, lines } = await sheet(nl, '/signals/export.csv?quarter=2026-Q4&sheet=1');
    expect(name).toBe('attachment; filename="signals-2026-Q4-nl-spreadsheet.csv"');
    expect(lines[0]).toBe('Kwartaal;Gemarkeerd op;Knelpunt;Soort dossier;Notitie');
    expect(lines[1]).toBe('2026-Q4;2026-11-20;Geen tolk;Registratie;"\'=SUM(A1); ""geen tolk"""');
  });

  it('leaves the contract’s exports as they are without sheet=1: commas, codes, no BOM', async () => {
    const ctdc = await (await nl.get('/statistics/ctdc.csv?publication=0')).text();
    expect(ctdc.charCodeAt(0)).not.toBe(0xfeff);
    expect(ctdc.split('\n')[0]).toMatch(/^yearOfRegistration,ageBroad,majorityStatus,citizenship,isSexualExploit,/);
    const year = await (await nl.get('/statistics/year.csv?year=2026&sheet=0')).text();
    expect(year.split('\n')[0]).toBe('table,year,row,column,count,share_percent,series,source');
    const nrm = await (await nl.get('/statistics/nrm.csv?year=2026')).text();
    expect(nrm.split('\n')[1]).toMatch(/^2026,cross_border_sexual,sexual,female,/);
    const signals = await nl.get('/signals/export.csv?quarter=2026-Q4');
    expect(signals.headers.get('content-disposition')).toBe('attachment; filename="signals-2026-Q4.csv"');
    expect((await signals.text()).split('\n')[0]).toBe('quarter,marked_on,code,on,note');
  });

  it('refuses bad input as the contract does, and other roles', async () => {
    expect((await nl.get('/statistics/year.csv?year=26&sheet=1')).status).toBe(400);
    expect((await nl.get('/statistics/nrm.csv?year=&sheet=1')).status).toBe(400);
    expect((await nl.get('/signals/export.csv?quarter=2026-Q5&sheet=1')).status).toBe(400);
    expect((await nl.get('/statistics/ctdc.csv?from=2026-02-01&sheet=1')).status).toBe(400);
    const agent = (await signedIn(t, ['agent'])).client;
    for (const path of ['/statistics/ctdc.csv?sheet=1', '/statistics/nrm.csv?year=2026&sheet=1'])
      expect((await agent.get(path)).status, path).toBe(403);
    expect((await agent.get('/signals/export.csv?quarter=2026-Q4&sheet=1')).status).toBe(403);
  });

  it('offers each spreadsheet download beside its export', async () => {
    const page = await (await nl.get('/statistics/year?year=2026')).text();
    expect(page).toContain('href="/statistics/nrm.csv?year=2026&amp;sheet=1"');
    expect(page).toContain('href="/signals/export.csv?quarter=2026-Q4&amp;sheet=1"');
    expect(page).toMatch(/href="\/statistics\/year\.csv\?year=2026[^"]*&amp;sheet=1"/);
    const stats = await (await nl.get('/statistics')).text();
    expect(stats).toMatch(/href="\/statistics\/ctdc\.csv[^"]*sheet=1"/);
  });
});
