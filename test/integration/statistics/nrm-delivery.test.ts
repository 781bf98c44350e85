import { afterEach, describe, expect, it } from 'vitest';
import { createTestApp, signedIn, type TestApp } from '../../support/test-app.js';
import { makeRegistration } from '../../support/registration-factory.js';

// Issue 26: the yearly delivery of the year's registrations to the National Rapporteur — coded values only,
// k-anonymised like the CTDC export (k = 11), audited.

const apps: TestApp[] = [];
afterEach(async () => {
  for (const t of apps.splice(0)) await t.close();
});

const csvRows = (text: string) =>
  text
    .trim()
    .split(/\r?\n/)
    .map((l) => l.split(','));

describe('the yearly delivery to the National Rapporteur', () => {
  it('writes the year in coded values, each record among 10 others alike at least, and audits it', async () => {
    const t = await createTestApp({}, { now: '2026-11-20T10:00:00Z' });
    apps.push(t);
    const { client, user } = await signedIn(t, ['supervisor']);
    // 12 Romanian women of 1995 for sexual exploitation by the police, alike but for the sector (10 and 2); 11 Polish men
    // for labour; 1 Dutch minor (who would stand out: left out); 1 registration of 2025 (not this year).
    for (let i = 0; i < 12; i++)
      await makeRegistration(t, user.id, { name: `Persoon ${i}`, sector: i < 2 ? 'club' : 'window' });
    for (let i = 0; i < 11; i++)
      await makeRegistration(t, user.id, {
        reporterType: 'fairwork',
        gender: 'male',
        nationalities: ['PL'],
        exploitation: ['labour'],
        birthYear: 1980,
      });
    await makeRegistration(t, user.id, { nationalities: ['NL'], birthYear: 2011, reporterType: 'lawyer' });
    await makeRegistration(t, user.id, { reportedOn: '2025-06-01' });

    const res = await client.get('/statistics/nrm.csv?year=2026');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/csv');
    expect(res.headers.get('content-disposition')).toContain('nrm-delivery-2026.csv');
    const text = await res.text();
    const [header, ...rows] = csvRows(text);
    expect(header).toEqual([
      'year',
      'nrm_group',
      'exploitation',
      'gender',
      'age_group',
      'nationality_group',
      'reporter_group',
      'region',
      'sector',
      'dossier_type',
      'residence_status',
      'reflection_offered',
      'complaint',
      'placement',
    ]);
    expect(rows).toHaveLength(23);
    const counts = new Map<string, number>();
    for (const r of rows) counts.set(r.join('|'), (counts.get(r.join('|')) ?? 0) + 1);
    for (const n of counts.values()) expect(n).toBeGreaterThanOrEqual(11);
    // The sector, in which two differ from ten, is generalised for all twelve, so none of them stands out.
    const women = rows.filter((r) => r[2] === 'sexual');
    expect(women).toHaveLength(12);
    expect(new Set(women.map((r) => r[8]))).toEqual(new Set(['*']));
    expect(women[0]!.slice(0, 8)).toEqual([
      '2026',
      'cross_border_sexual',
      'sexual',
      'female',
      '23+',
      'eu',
      'police',
      'rotterdam',
    ]);
    expect(rows.filter((r) => r[2] === 'labour')).toHaveLength(11);
    expect(rows.some((r) => r[5] === 'nl')).toBe(false);
    expect(text).not.toMatch(/REG-|Persoon|1995|2011|2025/);

    const audit = await t.deps.db
      .selectFrom('audit_log')
      .select(['details', 'subject_id'])
      .where('action', '=', 'statistics.export')
      .execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]!.subject_id).toBe('nrm');
    expect(JSON.parse(audit[0]!.details)).toMatchObject({ year: 2026, k: 11, registrations: 24, rows: 23, leftOut: 1 });
  });

  it('answers 400 to a year that is not YYYY, and 403 to anyone but a supervisor', async () => {
    const t = await createTestApp({}, { now: '2026-11-20T10:00:00Z' });
    apps.push(t);
    const { client } = await signedIn(t, ['supervisor']);
    for (const y of ['', '26', '2026-01', 'abcd', '20266'])
      expect((await client.get(`/statistics/nrm.csv?year=${y}`)).status).toBe(400);
    for (const role of ['agent', 'coordinator', 'admin'] as const) {
      const other = await signedIn(t, [role]);
      expect((await other.client.get('/statistics/nrm.csv?year=2026')).status).toBe(403);
    }
  });
});
