import { parseHTML } from 'linkedom';
import { afterEach, describe, expect, it } from 'vitest';
import { createTestApp, signedIn, type TestApp } from '../../support/test-app.js';
import { makeContact } from '../../support/factories.js';
import type { NewRegistration } from '../../../src/registrations/registrations.service.js';
import { makeRegistration } from '../../support/registration-factory.js';
import { ConfigError, loadConfig } from '../../../src/config.js';

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
  makeRegistration(t, actorId, { dossierType: 'registration', birthYear: 1999, ...over });

/** 12 sexual + 3 labour in 2026 Q1, 1 sexual-and-criminal in Q3, 2 in 2025 (one without a form). */
async function seed(t: TestApp, actorId: number) {
  for (let i = 0; i < 12; i++) await register(t, actorId);
  for (let i = 0; i < 3; i++)
    await register(t, actorId, { exploitation: ['labour'], gender: 'male', nationalities: ['NG'] });
  await register(t, actorId, { reportedOn: '2026-08-15', exploitation: ['sexual', 'criminal'], birthYear: 2012 });
  await register(t, actorId, { reportedOn: '2025-05-05', exploitation: ['labour'], nationalities: ['NL'] });
  await register(t, actorId, { reportedOn: '2025-06-06', exploitation: [], nationalities: [] });
}

const parse = (csv: string) =>
  csv
    .trim()
    .split(/\r?\n/)
    .map((l) => l.split(','));

describe('statistics export (docs/contract.md)', () => {
  it('counts exactly the registrations made, per year, by form of exploitation', async () => {
    const t = await app();
    const { client, user } = await signedIn(t, ['supervisor']);
    await seed(t, user.id);
    const res = await client.get('/statistics/export.csv?by=exploitation&period=year');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(parse(await res.text())).toEqual([
      [
        'period',
        'sexual',
        'labour',
        'criminal',
        'begging',
        'organ',
        'marriage',
        'adoption',
        'surrogacy',
        'combination',
        'unknown',
        'total',
      ],
      // each registration once: the one without a form is `unknown`, sexual-and-criminal is a `combination`
      ['2025', '0', '1', '0', '0', '0', '0', '0', '0', '0', '1', '2'],
      ['2026', '12', '3', '0', '0', '0', '0', '0', '0', '1', '0', '16'],
    ]);
  });

  it('labels quarters 2026-Q1 and counts by gender with a total per quarter', async () => {
    const t = await app();
    const { client, user } = await signedIn(t, ['supervisor']);
    await seed(t, user.id);
    const rows = parse(await (await client.get('/statistics/export.csv?by=gender&period=quarter')).text());
    expect(rows[0]).toEqual(['period', 'female', 'male', 'other', 'unknown', 'total']);
    expect(rows.slice(1)).toEqual([
      ['2025-Q2', '2', '0', '0', '0', '2'],
      ['2026-Q1', '12', '3', '0', '0', '15'],
      ['2026-Q3', '1', '0', '0', '0', '1'],
    ]);
  });

  it('writes every suppressed cell as x for publication, hides what would give one away, and keeps zero as 0', async () => {
    const t = await app();
    const { client, user } = await signedIn(t, ['supervisor']);
    await seed(t, user.id);
    const res = await client.get('/statistics/export.csv?by=exploitation&period=year&publication=1');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/csv/);
    const rows = parse(await res.text());
    // 2025: one labour, one unknown, a total of 2 → all small. 2026: 12 sexual, 3 labour, 1 combination, total 16:
    // the two small ones add up to 4, so 12 sexual goes too (16 - 12 would tell that 4 people are in the other two).
    expect(rows.slice(1)).toEqual([
      ['2025', '0', 'x', '0', '0', '0', '0', '0', '0', '0', 'x', 'x'],
      ['2026', 'x', 'x', '0', '0', '0', '0', '0', '0', 'x', '0', '16'],
    ]);
    const gender = parse(await (await client.get('/statistics/export.csv?by=gender&period=year&publication=1')).text());
    // 2026: 13 female, 3 male, total 16: male is small, so female is hidden too (16 - 13 would give it away)
    expect(gender[2]).toEqual(['2026', 'x', 'x', '0', '0', '16']);
    for (const row of [...rows.slice(1), ...gender.slice(1)]) {
      expect(row.filter((c) => c === 'x').length).not.toBe(1);
      for (const cell of row.slice(1)) expect(cell === '0' || cell === 'x' || Number(cell) >= 10).toBe(true);
      expect(row.join()).not.toContain('<');
    }
  });

  it('uses STATS_MIN_CELL as the threshold', async () => {
    const t = await app({ STATS_MIN_CELL: '3' });
    const { client, user } = await signedIn(t, ['supervisor']);
    await seed(t, user.id);
    const rows = parse(await (await client.get('/statistics/export.csv?by=gender&period=year&publication=1')).text());
    expect(rows[2]).toEqual(['2026', '13', '3', '0', '0', '16']);
    expect(rows[1]).toEqual(['2025', 'x', '0', '0', '0', 'x']);
  });

  it('audits every export with who, what and which filters', async () => {
    const t = await app();
    const { client, user } = await signedIn(t, ['supervisor']);
    await seed(t, user.id);
    expect(
      (await client.get('/statistics/export.csv?by=region&period=quarter&publication=1&from=2026-01-01')).status,
    ).toBe(200);
    expect((await client.get('/statistics/ctdc.csv')).status).toBe(200);
    expect((await client.get('/statistics/desk.csv?by=channel&period=year')).status).toBe(200);
    expect((await client.get('/statistics/table.csv?by=placement&period=month')).status).toBe(200);
    const audit = await t.deps.db
      .selectFrom('audit_log')
      .selectAll()
      .where('action', '=', 'statistics.export')
      .orderBy('id')
      .execute();
    expect(audit).toHaveLength(4);
    expect(audit.every((a) => a.actor_id === user.id)).toBe(true);
    expect(JSON.parse(audit[0]!.details)).toMatchObject({
      by: 'region',
      period: 'quarter',
      from: '2026-01-01',
      to: null,
      publication: true,
    });
    expect(audit.map((a) => a.subject_id)).toEqual(['registrations', 'ctdc', 'desk', 'registrations']);
  });

  it('refuses a user without the supervisor role (403) and an unknown dimension or period (400), unaudited', async () => {
    const t = await app();
    const agent = (await signedIn(t, ['agent', 'admin'])).client;
    expect((await agent.get('/statistics/export.csv?by=gender&period=year')).status).toBe(403);
    expect((await agent.get('/statistics')).status).toBe(403);
    const { client } = await signedIn(t, ['supervisor']);
    expect((await client.get('/statistics/export.csv?by=shoe_size&period=year')).status).toBe(400);
    expect((await client.get('/statistics/export.csv?by=gender&period=week')).status).toBe(400);
    expect((await client.get('/statistics/export.csv?period=year')).status).toBe(400);
    expect((await client.get('/statistics/export.csv?by=gender&from=2026-12-01&to=2026-01-01')).status).toBe(400);
    const n = await t.deps.db.selectFrom('audit_log').select('id').where('action', '=', 'statistics.export').execute();
    expect(n).toHaveLength(0);
  });

  it('shapes the CTDC export by year, age band, majority status and citizenship, suppressed for publication', async () => {
    const t = await app();
    const { client, user } = await signedIn(t, ['supervisor']);
    await seed(t, user.id);
    const open = parse(await (await client.get('/statistics/ctdc.csv?publication=0')).text());
    expect(open[0]).toEqual([
      'yearOfRegistration',
      'ageBroad',
      'majorityStatus',
      'citizenship',
      'isSexualExploit',
      'isForcedLabour',
      'isForcedCriminalActivities',
      'isForcedBegging',
      'isOrganRemoval',
      'isForcedMarriage',
      'isIllegalAdoption',
      'isOtherExploit',
      'typeOfExploitUnknown',
      'registrations',
    ]);
    // born 1999, registered 2026 → 26 → 24--26; the 2012-born in 2026 is a minor in 9--17
    expect(open).toContainEqual(['2026', '24--26', 'Adult', 'RO', '12', '0', '0', '0', '0', '0', '0', '0', '0', '12']);
    expect(open).toContainEqual(['2026', '9--17', 'Minor', 'RO', '1', '0', '1', '0', '0', '0', '0', '0', '0', '1']);
    // Published (the default): the group of one minor is left out (k = 11, as CTDC); the group of 12 stays.
    const pub = parse(await (await client.get('/statistics/ctdc.csv')).text());
    expect(pub[0]).toEqual(open[0]);
    expect(pub.slice(1)).toEqual([
      ['2026', '24--26', 'Adult', 'RO', '12', '0', '0', '0', '0', '0', '0', '0', '0', '12'],
    ]);
    for (const row of pub.slice(1)) expect(Number(row.at(-1))).toBeGreaterThanOrEqual(11);
  });
});

describe('the statistics page', () => {
  it('shows registrations per period, by the chosen dimension, and the desk figures, each with a chart and a CSV', async () => {
    const t = await app();
    const { client, user } = await signedIn(t, ['supervisor']);
    await seed(t, user.id);
    await makeContact(t, { channel: 'phone' });
    const res = await client.get('/statistics?period=quarter&by=nationality_group');
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('<svg');
    expect(html).toContain('2026-Q1');
    expect(html).toContain('Outside the EU');
    expect(html).toContain('href="/statistics/table.csv?by=nationality_group&amp;period=quarter&amp;publication=1"');
    expect(html).toContain('Contacts per channel');
    // the page is not an export: nothing audited
    const n = await t.deps.db.selectFrom('audit_log').select('id').where('action', '=', 'statistics.export').execute();
    expect(n).toHaveLength(0);
  });

  it('draws registrations per year as a trend line and the busiest hours as a weekday × hour heatmap, each beside its table', async () => {
    const t = await app();
    const { client, user } = await signedIn(t, ['supervisor']);
    await seed(t, user.id);
    await makeContact(t, { channel: 'phone' }); // Friday 2026-11-20 10:00 UTC = 11:00 in Amsterdam
    const res = await client.get('/statistics?period=year');
    expect(res.status).toBe(200);
    // The charts live under the page's own CSP: no inline style or script was let in for them.
    expect(res.headers.get('content-security-policy')).toContain("style-src 'self'");
    const html = await res.text();
    const { document } = parseHTML(html);
    expect(document.querySelectorAll('style, [style]')).toHaveLength(0);

    const trend = document.querySelector('svg#stats-total-chart');
    expect(trend?.getAttribute('role')).toBe('img');
    expect(document.querySelector('#stats-total-chart-title')?.textContent).toContain('Registrations');
    expect(trend?.querySelectorAll('circle')).toHaveLength(2);
    expect([...(trend?.querySelectorAll('g[aria-label="text"] text') ?? [])].map((x) => x.textContent)).toEqual([
      '2',
      '16',
    ]);
    expect(trend?.closest('.stats-pair')?.querySelector('table.stats-table')).toBeTruthy();

    const heatmap = document.querySelector('svg#stats-desk-hours-chart');
    expect(heatmap?.getAttribute('role')).toBe('img');
    expect(heatmap?.querySelectorAll('rect')).toHaveLength(7 * 24);
    const numbers = [...(heatmap?.querySelectorAll('g[aria-label="text"] text') ?? [])].map((x) => x.textContent);
    expect(numbers).toHaveLength(7 * 24);
    expect(numbers[4 * 24 + 11]).toBe('1'); // Friday, 11:00
    expect(numbers.filter((n) => n !== '0')).toEqual(['1']);
    const labels = [...(heatmap?.querySelectorAll('text') ?? [])].map((x) => x.textContent);
    expect(labels).toContain('Friday');
    expect(labels).toContain('Hour of the day (desk time)');
    const table = heatmap?.closest('.stats-pair')?.querySelector('table.stats-table');
    expect(table?.querySelector('tbody tr:nth-child(5) th')?.textContent).toBe('Friday');
  });

  it.each([
    ['2026-12-01', '2026-01-01', 'The start date is after the end date'],
    ['1990-01-01', '2040-12-31', 'at most 30 years'],
    ['2026-13-01', '', 'YYYY-MM-DD'],
  ])('answers a range %s..%s with a clear message, not an error page', async (from, to, message) => {
    const t = await app();
    const { client } = await signedIn(t, ['supervisor']);
    const res = await client.get(`/statistics?from=${from}&to=${to}`);
    expect(res.status).toBe(200);
    expect(await res.text()).toContain(message);
  });
});

describe("the desk's own figures", () => {
  it('counts contacts per weekday and hour in the desk time zone, and SLA not yet met as waiting', async () => {
    const t = await app();
    const { client } = await signedIn(t, ['supervisor']);
    await makeContact(t, { channel: 'phone' }); // Friday 2026-11-20 10:00 UTC = 11:00 in Amsterdam
    const hours = parse(await (await client.get('/statistics/desk.csv?by=hours&period=year')).text());
    expect(hours[0]).toEqual(['period', ...Array.from({ length: 24 }, (_, h) => String(h).padStart(2, '0')), 'total']);
    const friday = hours.find((r) => r[0] === '5')!;
    expect(friday[1 + 11]).toBe('1');
    expect(friday.at(-1)).toBe('1');
    const channel = parse(await (await client.get('/statistics/desk.csv?by=channel&period=month')).text());
    expect(channel[1]).toEqual(['2026-11', '1', '0', '0', '0', '1']);
    const sla = parse(await (await client.get('/statistics/desk.csv?by=sla&period=year')).text());
    expect(sla).toEqual([
      ['period', 'met', 'missed', 'waiting', 'total'],
      ['2026', '0', '0', '1', '1'],
    ]);
  });
});

describe('STATS_MIN_CELL', () => {
  it.each(['0', '-1', 'ten'])('refuses %s at start with one clear line', (value) => {
    const base = { NODE_ENV: 'test', DATABASE_URL: ':memory:', PUBLIC_URL: 'http://x.test', STATS_MIN_CELL: value };
    try {
      loadConfig(base);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(ConfigError);
      const lines = (e as ConfigError).problems.filter((p) => p.startsWith('STATS_MIN_CELL'));
      expect(lines).toHaveLength(1);
    }
  });

  it('defaults to 10', () => {
    expect(loadConfig({ NODE_ENV: 'test', DATABASE_URL: ':memory:', PUBLIC_URL: 'http://x.test' }).statsMinCell).toBe(
      10,
    );
  });
});

describe('top nationalities', () => {
  it('shows the ten most frequent nationalities by name in the UI language and the rest as other; the CSV has all', async () => {
    const t = await app();
    const { client, user } = await signedIn(t, ['supervisor']);
    // 12 nationalities: RO most often (13), then 12 down to 2 for the others; VN (2) and CN (3) fall into "other".
    const codes = ['RO', 'BG', 'PL', 'NG', 'UA', 'HU', 'MA', 'ER', 'SY', 'IN', 'CN', 'VN'];
    for (const [i, code] of codes.entries())
      for (let k = 0; k < 13 - i; k++) await register(t, user.id, { nationalities: [code] });
    const html = await (await client.get('/statistics?by=nationality&period=year')).text();
    expect(html).toContain('Romania');
    expect(html).toContain('Other nationalities');
    expect(html).not.toContain('Viet Nam');
    expect(html).toContain('The 10 most frequent nationalities');
    const csv = parse(await (await client.get('/statistics/table.csv?by=nationality&period=year')).text());
    expect(csv[0]).toEqual(['period', ...[...codes].sort(), 'total']);
    expect(csv[1]?.at(-1)).toBe(String(codes.reduce((a, _, i) => a + 13 - i, 0)));
    // In Dutch the names are Dutch.
    await t.deps.db.updateTable('users').set({ locale: 'nl' }).where('id', '=', user.id).execute();
    const nl = await (await client.get('/statistics?by=nationality&period=year')).text();
    expect(nl).toContain('Roemenië');
    expect(nl).toContain('Overige nationaliteiten');
    // Published, the full list is still suppressed: VN's 2 is written x.
    const pub = parse(
      await (await client.get('/statistics/table.csv?by=nationality&period=year&publication=1')).text(),
    );
    expect(pub[1]?.[1 + [...codes].sort().indexOf('VN')]).toBe('x');
  });
});

describe('bad filters', () => {
  it('shows the page with a clear message for an unknown dimension or period, never an error page', async () => {
    const t = await app();
    const { client } = await signedIn(t, ['supervisor']);
    for (const q of ['by=shoe_size', 'period=week', 'by=%3Cscript%3E&period=decade']) {
      const res = await client.get(`/statistics?${q}`);
      expect(res.status).toBe(200);
      const html = await res.text();
      expect(html).toContain('That period or dimension does not exist');
      expect(html).not.toContain('<script>');
    }
  });

  it('refuses an export over fifty years or upside down, published or not (400), and writes nothing', async () => {
    const t = await app();
    const { client } = await signedIn(t, ['supervisor']);
    for (const q of [
      'from=1980-01-01&to=2030-12-31',
      'from=1980-01-01&to=2030-12-31&publication=1',
      'from=2026-12-01&to=2026-01-01&publication=1',
    ]) {
      expect((await client.get(`/statistics/export.csv?by=gender&period=year&${q}`)).status).toBe(400);
      expect((await client.get(`/statistics/ctdc.csv?${q}`)).status).toBe(400);
    }
    const n = await t.deps.db.selectFrom('audit_log').select('id').where('action', '=', 'statistics.export').execute();
    expect(n).toHaveLength(0);
  });
});
