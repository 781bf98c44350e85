import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { MIGRATIONS_DIR, openDatabase } from '../../../src/db/database.js';
import { migrate } from '../../../src/db/migrator.js';
import { freshEmptyPostgres, onPostgres } from '../../support/database.js';
import { createTestApp, signedIn, type TestApp } from '../../support/test-app.js';
import type { NewRegistration } from '../../../src/registrations/registrations.service.js';
import { makeRegistration } from '../../support/registration-factory.js';

// Issue 24: CoMensha's own tables (the year in figures) and publications that cannot single out a person.

const apps: TestApp[] = [];
afterEach(async () => {
  for (const t of apps.splice(0)) await t.close();
});

async function app(env: Record<string, string> = {}) {
  const t = await createTestApp(env, { now: '2026-11-20T10:00:00Z' });
  apps.push(t);
  return t;
}

/** A registration made through the real registrations service (the shared factory). */
const register = (t: TestApp, actorId: number, over: Partial<NewRegistration> = {}) =>
  makeRegistration(t, actorId, { dossierType: 'registration', birthYear: 2010, nationalities: ['NL'], ...over });

/**
 * 2026: 11 Dutch minors (born 2010) reported by the police for sexual exploitation; 6 Polish adults (born 1990) by
 * FairWork for labour; 3 Nigerians of 20 (born 2005) by a care coordinator for sexual and criminal exploitation
 * (a combination); 1 Dutch person of unknown age by a lawyer for criminal exploitation. 2025: 1 Romanian.
 */
async function seed(t: TestApp, actorId: number) {
  for (let i = 0; i < 11; i++) await register(t, actorId);
  for (let i = 0; i < 6; i++)
    await register(t, actorId, {
      reporterType: 'fairwork',
      nationalities: ['PL'],
      birthYear: 1990,
      gender: 'male',
      exploitation: ['labour'],
    });
  for (let i = 0; i < 3; i++)
    await register(t, actorId, {
      reporterType: 'care_coordinator',
      nationalities: ['NG'],
      birthYear: 2005,
      exploitation: ['sexual', 'criminal'],
    });
  await register(t, actorId, { reporterType: 'lawyer', birthYear: null, exploitation: ['criminal'] });
  await register(t, actorId, { reportedOn: '2025-05-05', nationalities: ['RO'], birthYear: 1980 });
}

/** CSV lines split into fields (a quoted field may hold commas: the sources do). */
const parse = (csv: string) =>
  csv
    .trim()
    .split(/\r?\n/)
    .map((l) => [...l.matchAll(/("([^"]|"")*"|[^,]*)(,|$)/g)].slice(0, -1).map((m) => m[1]!.replace(/^"|"$/g, '')));

/** The lines of one table of the year-in-figures CSV (Baken's own), as [row, column, count, share]. */
const lines = (rows: string[][], table: string) =>
  rows.filter((r) => r[0] === table && r[6] === 'baken').map((r) => [r[2], r[3], r[4], r[5]]);

describe('the year in figures (CoMensha’s tables)', () => {
  it('reproduces the hand-computed tables of a year, each registration once, shares adding up to 100.0 %', async () => {
    const t = await app();
    const { client, user } = await signedIn(t, ['supervisor']);
    await seed(t, user.id);
    const res = await client.get('/statistics/year.csv?year=2026');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(res.headers.get('content-disposition')).toContain('year-in-figures-2026.csv');
    const rows = parse(await res.text());
    expect(rows[0]).toEqual(['table', 'year', 'row', 'column', 'count', 'share_percent', 'series', 'source']);
    expect(lines(rows, 'totals')).toEqual([
      ['total', '', '1', ''],
      ['total', '', '21', ''],
    ]);
    // 11, 3, 6, 1 of 21 by largest remainder: 52.4 + 14.3 + 28.6 + 4.7 = 100.0 (rounding each alone gives 100.1)
    expect(lines(rows, 'reporters')).toEqual([
      ['police', '', '11', '52.4'],
      ['care_coordination', '', '3', '14.3'],
      ['fairwork', '', '6', '28.6'],
      ['kmar', '', '0', '0.0'],
      ['labour_inspectorate', '', '0', '0.0'],
      ['other', '', '1', '4.7'],
      ['total', '', '21', '100.0'],
    ]);
    expect(lines(rows, 'forms')).toEqual([
      ['sexual', '', '11', '52.4'],
      ['labour', '', '6', '28.6'],
      ['criminal', '', '1', '4.7'],
      ['begging', '', '0', '0.0'],
      ['organ', '', '0', '0.0'],
      ['marriage', '', '0', '0.0'],
      ['adoption', '', '0', '0.0'],
      ['surrogacy', '', '0', '0.0'],
      ['combination', '', '3', '14.3'],
      ['unknown', '', '0', '0.0'],
      ['total', '', '21', '100.0'],
    ]);
    expect(lines(rows, 'nationalities')).toEqual([
      ['NL', '', '12', '57.1'],
      ['PL', '', '6', '28.6'],
      ['NG', '', '3', '14.3'],
      ['other', '', '0', '0.0'],
      ['total', '', '21', '100.0'],
    ]);
    expect(lines(rows, 'age')).toEqual([
      ['minor', '', '11', '52.4'],
      ['18-22', '', '3', '14.3'],
      ['23+', '', '6', '28.6'],
      ['unknown', '', '1', '4.7'],
      ['total', '', '21', '100.0'],
    ]);
    expect(lines(rows, 'nrm')).toEqual([
      ['domestic_sexual', '', '11', '52.4'],
      ['cross_border_sexual', '', '0', '0.0'],
      ['labour', '', '6', '28.6'],
      ['criminal', '', '1', '4.7'],
      ['other', '', '3', '14.3'],
      ['total', '', '21', '100.0'],
    ]);
    const cross = lines(rows, 'cross').filter((r) => r[2] !== '0');
    expect(cross).toEqual([
      ['police', 'minor_nl', '11', ''],
      ['police', 'total', '11', ''],
      ['care_coordination', 'adult_other', '3', ''],
      ['care_coordination', 'total', '3', ''],
      ['fairwork', 'adult_other', '6', ''],
      ['fairwork', 'total', '6', ''],
      ['other', 'unknown', '1', ''],
      ['other', 'total', '1', ''],
      ['total', 'minor_nl', '11', ''],
      ['total', 'adult_other', '9', ''],
      ['total', 'unknown', '1', ''],
      ['total', 'total', '21', ''],
    ]);
    // The published reference figures stand beside them, each with its series and source.
    expect(rows).toContainEqual([
      'totals',
      '2020',
      'total',
      '',
      '1013',
      '',
      'comensha',
      expect.stringContaining('2020'),
    ]);
    expect(rows).toContainEqual(['totals', '2020', 'total', '', '984', '', 'nrm', expect.stringContaining('NRM')]);
    expect(rows).toContainEqual(['forms', '2020', 'sexual', '', '', '41.0', 'comensha', expect.any(String)]);
    expect(rows).toContainEqual(['reporters', '2024', 'police', '', '329', '31.0', 'comensha', expect.any(String)]);
    const audit = await t.deps.db
      .selectFrom('audit_log')
      .selectAll()
      .where('action', '=', 'statistics.export')
      .execute();
    expect(audit.map((a) => a.subject_id)).toEqual(['year']);
  });

  it('publishes the year with every suppressed number as x, never telling more than the exports it is made of', async () => {
    const t = await app();
    const { client, user } = await signedIn(t, ['supervisor']);
    await seed(t, user.id);
    const rows = parse(await (await client.get('/statistics/year.csv?year=2026&publication=1')).text());
    expect(lines(rows, 'totals')).toEqual([
      ['total', '', 'x', ''],
      ['total', '', '21', ''],
    ]);
    // Reporter types 3 + 6 + 1 = 10 are hidden together; police 11 stands. Groups take the types' marks.
    expect(lines(rows, 'reporters')).toEqual([
      ['police', '', '11', '52.4'],
      ['care_coordination', '', 'x', 'x'],
      ['fairwork', '', 'x', 'x'],
      ['kmar', '', '0', '0.0'],
      ['labour_inspectorate', '', '0', '0.0'],
      ['other', '', 'x', 'x'],
      ['total', '', '21', '100.0'],
    ]);
    // The groups agree with the published export by reporter group, cell by cell.
    const byGroup = parse(
      await (await client.get('/statistics/export.csv?by=reporter_group&period=year&publication=1')).text(),
    );
    expect(byGroup[0]).toEqual([
      'period',
      'police',
      'care_coordination',
      'fairwork',
      'kmar',
      'labour_inspectorate',
      'other',
      'total',
    ]);
    expect(byGroup[2]).toEqual(['2026', '11', 'x', 'x', '0', '0', 'x', '21']);
    // Nationalities: 3 + 6 < 10, so the Dutch 12 go too; "other" holds only zeros.
    expect(lines(rows, 'nationalities').map((r) => r[2])).toEqual(['x', 'x', 'x', '0', '21']);
    expect(lines(rows, 'age').map((r) => r[2])).toEqual(['11', 'x', 'x', 'x', '21']);
    expect(lines(rows, 'nrm').map((r) => r[2])).toEqual(['11', '0', 'x', 'x', 'x', '21']);
    for (const r of rows.slice(1).filter((r) => r[6] === 'baken')) {
      const n = r[4] as string;
      expect(n === 'x' || n === '0' || Number(n) >= 10).toBe(true);
    }
    // The cross-table: each row and column hides two or more, or none.
    const cross = lines(rows, 'cross');
    for (const code of ['police', 'care_coordination', 'fairwork', 'kmar', 'labour_inspectorate', 'other', 'total'])
      expect(cross.filter((r) => r[0] === code && r[2] === 'x').length).not.toBe(1);
  });

  it('shows the year on a page with a chart and an accessible table for each figure and the reference figures', async () => {
    const t = await app();
    const { client, user } = await signedIn(t, ['supervisor']);
    await seed(t, user.id);
    const res = await client.get('/statistics/year?year=2026');
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('The year in figures 2026');
    expect(html).toContain('<svg');
    expect(html).toContain('<th scope="col">Share (%)</th>');
    expect(html).toContain('Care coordination');
    expect(html).toContain('Combination of forms');
    expect(html).toContain('Domestic sexual exploitation');
    expect(html).toContain('CoMensha, Het beeld van 2020');
    expect(html).toContain('1013');
    expect(html).toContain('52.4');
    expect(html).toContain('href="/statistics/year.csv?year=2026&amp;publication=1"');
    // the page is not an export: nothing audited
    const n = await t.deps.db.selectFrom('audit_log').select('id').where('action', '=', 'statistics.export').execute();
    expect(n).toHaveLength(0);
    const published = await (await client.get('/statistics/year?year=2026&publication=1')).text();
    expect(published).toContain('x: suppressed for publication');
    const unknown = await client.get('/statistics/year?year=soon');
    expect(unknown.status).toBe(200);
    expect(await unknown.text()).toContain('That period or dimension does not exist');
  });

  it('refuses the year to a user without the supervisor role (403) and a year that is not one (400)', async () => {
    const t = await app();
    const agent = (await signedIn(t, ['agent', 'admin'])).client;
    expect((await agent.get('/statistics/year')).status).toBe(403);
    expect((await agent.get('/statistics/year.csv?year=2026')).status).toBe(403);
    const { client } = await signedIn(t, ['supervisor']);
    for (const y of ['', 'abc', '20266', '1066', '2026%27']) {
      expect((await client.get(`/statistics/year.csv?year=${y}`)).status).toBe(400);
    }
    const n = await t.deps.db.selectFrom('audit_log').select('id').where('action', '=', 'statistics.export').execute();
    expect(n).toHaveLength(0);
  });
});

describe('publications over whole periods only (docs/contract.md)', () => {
  it.each([
    ['export.csv?by=gender&period=quarter&publication=1&from=2026-02-15'],
    ['export.csv?by=gender&period=quarter&publication=1&to=2026-05-31'],
    ['export.csv?by=gender&period=year&publication=1&from=2026-04-01&to=2026-12-31'],
    ['export.csv?by=gender&period=month&publication=1'],
    ['table.csv?by=placement&period=quarter&publication=1&from=2026-01-02'],
    ['desk.csv?by=channel&period=year&publication=1&to=2026-11-19'],
    ['ctdc.csv?from=2026-03-01'],
    ['ctdc.csv?publication=1&to=2026-06-30'],
  ])('refuses a publication from or to the middle of a period: %s (400, unaudited)', async (q) => {
    const t = await app();
    const { client } = await signedIn(t, ['supervisor']);
    const res = await client.get(`/statistics/${q}`);
    expect(res.status).toBe(400);
    expect(await res.text()).toContain('whole periods only');
    const n = await t.deps.db.selectFrom('audit_log').select('id').where('action', '=', 'statistics.export').execute();
    expect(n).toHaveLength(0);
  });

  it('publishes the busiest hours for one whole year at a time only (400 otherwise)', async () => {
    const t = await app();
    const { client } = await signedIn(t, ['supervisor']);
    for (const q of ['', '&from=2026-01-01', '&from=2025-01-01&to=2026-12-31']) {
      const res = await client.get(`/statistics/desk.csv?by=hours&period=year&publication=1${q}`);
      expect(res.status).toBe(400);
      expect(await res.text()).toContain('one whole year at a time');
    }
    const ok = await client.get(
      '/statistics/desk.csv?by=hours&period=year&publication=1&from=2026-01-01&to=2026-12-31',
    );
    expect(ok.status).toBe(200);
    expect((await client.get('/statistics/desk.csv?by=hours&period=year')).status).toBe(200);
  });

  it('still gives exact counts over any range when not published', async () => {
    const t = await app();
    const { client, user } = await signedIn(t, ['supervisor']);
    await seed(t, user.id);
    const res = await client.get('/statistics/export.csv?by=gender&period=month&from=2026-02-01&to=2026-02-01');
    expect(res.status).toBe(200);
    expect(parse(await res.text())[1]).toEqual(['2026-02', '15', '6', '0', '0', '21']);
    expect((await client.get('/statistics/ctdc.csv?publication=0&from=2026-03-01')).status).toBe(200);
  });

  it('writes a period the same in every publication that covers it, so two can never be subtracted', async () => {
    const t = await app();
    const { client, user } = await signedIn(t, ['supervisor']);
    await seed(t, user.id);
    for (let i = 0; i < 4; i++) await register(t, user.id, { reportedOn: '2026-05-10', reporterType: 'kmar' });
    const get = async (q: string) =>
      parse(await (await client.get(`/statistics/export.csv?by=reporter_type&publication=1&${q}`)).text());
    const half = await get('period=quarter&from=2026-01-01&to=2026-06-30');
    const three = await get('period=quarter&from=2026-01-01&to=2026-09-30');
    const open = await get('period=quarter');
    const q2 = await get('period=quarter&from=2026-04-01&to=2026-06-30');
    expect(half.slice(1)).toEqual(three.slice(1));
    expect(open.slice(1).filter((r) => r[0]?.startsWith('2026'))).toEqual(half.slice(1));
    expect(q2.slice(1)).toEqual(half.slice(1).filter((r) => r[0] === '2026-Q2'));
    // Q2 is 4 KMar registrations: hidden, and the quarter's total with it — and Q1 beside it in the year's column.
    expect(q2[1]?.at(-1)).toBe('x');
    const year = await get('period=year&from=2026-01-01&to=2026-12-31');
    expect(year[1]?.at(-1)).toBe('25');
    expect(half[1]?.at(-1)).toBe('x');
  });
});

describe('the primary form of exploitation', () => {
  it('counts a registration with several forms once, by the form marked primary on the form', async () => {
    const t = await app();
    const { client } = await signedIn(t, ['agent', 'supervisor']);
    const form = await (await client.get('/registrations/new')).text();
    expect(form).toContain('name="primaryExploitation"');
    const formToken = /name="formToken" value="([^"]+)"/.exec(form)?.[1] ?? '';
    const res = await client.post('/registrations', {
      formToken,
      reportedOn: '2026-03-02',
      reporterType: 'police',
      region: 'rotterdam',
      gender: 'male',
      birthYear: '1990',
      nationality: ['PL'],
      exploitation: ['sexual', 'labour'],
      primaryExploitation: 'labour',
    });
    expect(res.status).toBe(303);
    const page = await (await client.get(res.headers.get('location') as string)).text();
    expect(page).toContain('Primary form of exploitation');
    const rows = parse(await (await client.get('/statistics/export.csv?by=exploitation&period=year')).text());
    const header = rows[0] as string[];
    expect(rows[1]?.[header.indexOf('labour')]).toBe('1');
    expect(rows[1]?.[header.indexOf('combination')]).toBe('0');
    expect(rows[1]?.at(-1)).toBe('1');
  });
});

describe('migration 0026', () => {
  it('fills in the primary form of the registrations made before it: the only form, combination or unknown', async () => {
    // The migrations before 0026 in a folder of their own (the later ones may read its column), then the real ones.
    const dir = mkdtempSync(join(tmpdir(), 'baken-0026-'));
    const pg = onPostgres() ? await freshEmptyPostgres() : null;
    const { db } = openDatabase(pg ? pg.url : join(dir, 'baken.sqlite'));
    try {
      const before = join(dir, 'migrations');
      for (const sub of ['', 'postgres']) {
        mkdirSync(join(before, sub), { recursive: true });
        for (const f of readdirSync(join(MIGRATIONS_DIR, sub)))
          if (f.endsWith('.sql') && f < '0026') copyFileSync(join(MIGRATIONS_DIR, sub, f), join(before, sub, f));
      }
      expect(readdirSync(before).some((f) => f.startsWith('0026'))).toBe(false);
      await migrate(db, before);
      for (const [id, forms] of [
        [1, []],
        [2, ['labour']],
        [3, ['sexual', 'criminal']],
      ] as const) {
        await sql`INSERT INTO registrations (id, form_token, reported_on, created_at, updated_at)
          VALUES (${id}, ${`t${id}`}, '2025-03-01', '2025-03-01T10:00:00Z', '2025-03-01T10:00:00Z')`.execute(db);
        for (const form of forms)
          await sql`INSERT INTO registration_exploitation (registration_id, form) VALUES (${id}, ${form})`.execute(db);
      }
      expect(await migrate(db)).toContain('0026_primary_exploitation.sql');
      const rows = await sql<{ id: number; primary_exploitation: string }>`SELECT id, primary_exploitation
        FROM registrations ORDER BY id`.execute(db);
      expect(rows.rows.map((r) => r.primary_exploitation)).toEqual(['unknown', 'labour', 'combination']);
    } finally {
      await db.destroy();
      await pg?.drop();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
