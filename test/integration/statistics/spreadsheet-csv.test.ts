import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, signedIn, type Client, type TestApp } from '../../support/test-app.js';
import { makeRegistration } from '../../support/registration-factory.js';

// Issue 23: a spreadsheet-friendly download beside the contract's CSV exports (`;`, a BOM, labels in the reader's
// language); the contract's own CSV unchanged. Both databases.

let t: TestApp;
let nl: Client;
let en: Client;
beforeAll(async () => {
  t = await createTestApp({}, { now: '2026-11-20T10:00:00Z' });
  const dutch = await signedIn(t, ['supervisor']);
  await t.deps.db.updateTable('users').set({ locale: 'nl' }).where('id', '=', dutch.user.id).execute();
  nl = dutch.client;
  en = (await signedIn(t, ['supervisor'])).client;
  for (let i = 0; i < 3; i++) await makeRegistration(t, dutch.user.id, { nationalities: ['RO'] });
  await makeRegistration(t, dutch.user.id, { nationalities: ['NG'], gender: 'male', exploitation: ['labour'] });
});
afterAll(async () => {
  await t.close();
});

const BOM = '\uFEFF';

describe('the spreadsheet CSV', () => {
  it('writes a BOM, semicolons and the header in Dutch for a Dutch reader, the counts as in the contract', async () => {
    const res = await nl.get('/statistics/export.csv?by=gender&period=year&sheet=1');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(res.headers.get('content-disposition')).toBe(
      'attachment; filename="registrations-gender-year-nl-spreadsheet.csv"',
    );
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes);
    expect(text.startsWith(BOM)).toBe(true);
    const lines = text.slice(1).trimEnd().split('\r\n');
    expect(lines[0]).toBe('Periode;Vrouw;Man;Anders / X;Onbekend;Totaal');
    expect(lines[1]).toBe('2026;3;1;0;0;4');
  });

  it('labels countries by their common names in the reader’s language', async () => {
    const dutch = await nl.get('/statistics/table.csv?by=nationality&period=year&sheet=1');
    expect(dutch.status).toBe(200);
    const header = (await dutch.text()).split('\r\n')[0]!;
    expect(header).toContain('Roemenië');
    expect(header).toContain('Nigeria');
    const english = await en.get('/statistics/table.csv?by=nationality&period=year&sheet=1');
    expect((await english.text()).split('\r\n')[0]).toContain(';Romania;');
  });

  it('leaves the contract’s CSV as it is: commas, codes, no BOM', async () => {
    const res = await nl.get('/statistics/export.csv?by=gender&period=year');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toBe('attachment; filename="registrations-gender-year.csv"');
    const text = await res.text();
    expect(text.charCodeAt(0)).not.toBe(0xfeff);
    expect(text.split(/\r?\n/)[0]).toBe('period,female,male,other,unknown,total');
  });

  it('offers the download beside each table, and answers bad input as the contract does', async () => {
    const page = await (await nl.get('/statistics')).text();
    expect(page).toContain('sheet=1');
    expect(page).toContain('Voor een spreadsheet');
    expect((await nl.get('/statistics/export.csv?by=nope&sheet=1')).status).toBe(400);
    expect((await nl.get('/statistics/export.csv?by=gender&period=decade&sheet=1')).status).toBe(400);
    const agent = (await signedIn(t, ['agent'])).client;
    expect((await agent.get('/statistics/export.csv?by=gender&sheet=1')).status).toBe(403);
    // Any other value of sheet is the contract's CSV.
    const other = await nl.get('/statistics/export.csv?by=gender&period=year&sheet=yes');
    expect((await other.text()).startsWith('period,')).toBe(true);
  });
});
