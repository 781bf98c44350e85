import { afterEach, describe, expect, it } from 'vitest';
import { createTestApp, signedIn, type Client, type TestApp } from '../../support/test-app.js';
import { makeContact } from '../../support/factories.js';

// Issue 24: the legal rules of reference/domain.md §3.1.1 and the dictionary items of §1.2, through the real routes.

const apps: TestApp[] = [];
afterEach(async () => {
  for (const t of apps.splice(0)) await t.close();
});

async function app(now = '2026-12-07T10:00:00Z') {
  const t = await createTestApp({}, { now });
  apps.push(t);
  return t;
}

async function formToken(client: Client, contactId: number) {
  const res = await client.get(`/registrations/new?contact=${contactId}`);
  expect(res.status).toBe(200);
  return /name="formToken" value="([^"]+)"/.exec(await res.text())![1]!;
}

/** A police report of a Nigerian woman, as the form posts it. */
const report = (contact: number, token: string, extra: Record<string, string | string[]> = {}) => ({
  contact: String(contact),
  formToken: token,
  reporterType: 'police',
  reporterOrg: 'Politie Amsterdam',
  region: 'amsterdam',
  gender: 'female',
  birthYear: '1999',
  nationality: ['NG'],
  exploitation: ['sexual'],
  sector: 'window',
  ...extra,
});

const idOf = (res: Response) => Number(/\/registrations\/(\d+)/.exec(res.headers.get('location') ?? '')![1]);
const regCount = async (t: TestApp) => (await t.deps.db.selectFrom('registrations').select('id').execute()).length;
const auditOf = async (t: TestApp, action: string) =>
  t.deps.db.selectFrom('audit_log').select(['subject_id', 'details']).where('action', '=', action).execute();

async function setup(now?: string) {
  const t = await app(now);
  const { client } = await signedIn(t, ['agent', 'supervisor']);
  const c = await makeContact(t);
  return { t, client, contact: c.id, token: await formToken(client, c.id) };
}

describe('a Dublin claimant’s reflection period (30 days since 18 May 2023)', () => {
  it('gives a Dublin probe 30 days: its reflection period ends on 2026-12-31 in /deadlines and on the registration', async () => {
    const { t, client, contact, token } = await setup();
    const res = await client.post(
      '/registrations',
      report(contact, token, { residenceStatus: 'dublin', reflectionStart: '2026-12-01' }),
    );
    expect(res.status).toBe(303);
    const id = idOf(res);
    const row = await t.deps.db
      .selectFrom('registrations')
      .select(['reflection_days', 'reflection_offered'])
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ reflection_days: 30, reflection_offered: 'yes' });
    const deadlines = await client.get('/deadlines');
    expect(deadlines.status).toBe(200);
    const list = await deadlines.text();
    expect(list).toContain('31-12-2026');
    expect(list).not.toContain('01-03-2027');
    const page = await (await client.get(`/registrations/${id}`)).text();
    expect(page).toMatch(/Reflection period ends: 31-12-2026/);
    expect(page).not.toContain('2027-03-01');
  });

  it('also gives 30 days when the form posts 30 explicitly, and 90 to an asylum seeker by the same rule', async () => {
    const { t, client, contact, token } = await setup();
    const dublin = await client.post(
      '/registrations',
      report(contact, token, { residenceStatus: 'dublin', reflectionStart: '2026-12-01', reflectionDays: '30' }),
    );
    expect(dublin.status).toBe(303);
    const asylum = await client.post(
      '/registrations',
      report(contact, await formToken(client, contact), {
        residenceStatus: 'asylum',
        reflectionStart: '2026-12-01',
        birthYear: '1988',
      }),
    );
    expect(asylum.status).toBe(303);
    const days = await t.deps.db.selectFrom('registrations').select('reflection_days').orderBy('id').execute();
    expect(days.map((d) => d.reflection_days)).toEqual([30, 90]);
  });

  it('refuses 90 days for a Dublin claimant without a reason (422, nothing saved, what was typed kept)', async () => {
    const { t, client, contact, token } = await setup();
    const res = await client.post(
      '/registrations',
      report(contact, token, { residenceStatus: 'dublin', reflectionStart: '2026-12-01', reflectionDays: '90' }),
    );
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toContain('A Dublin claimant gets a reflection period of 30 days');
    expect(html).toContain('value="Politie Amsterdam"');
    expect(html).toContain('value="2026-12-01"');
    expect(await regCount(t)).toBe(0);
  });

  it('saves 90 days for a Dublin claimant with a reason, and audits the override with that reason', async () => {
    const { t, client, contact, token } = await setup();
    const reason = 'OM finds her presence necessary for the investigation';
    const res = await client.post(
      '/registrations',
      report(contact, token, {
        residenceStatus: 'dublin',
        reflectionStart: '2026-12-01',
        reflectionDays: '90',
        reflectionOverrideReason: reason,
      }),
    );
    expect(res.status).toBe(303);
    const row = await t.deps.db
      .selectFrom('registrations')
      .select(['reference', 'reflection_days', 'reflection_override_reason'])
      .executeTakeFirstOrThrow();
    expect(row.reflection_days).toBe(90);
    expect(row.reflection_override_reason).toBe(reason);
    const audit = await auditOf(t, 'registration.reflection_override');
    expect(audit).toHaveLength(1);
    expect(audit[0]!.subject_id).toBe(row.reference);
    expect(JSON.parse(audit[0]!.details!)).toEqual({ residenceStatus: 'dublin', days: 90, reason });
    expect(await (await client.get('/deadlines')).text()).toContain('01-03-2027');
  });

  it('refuses 30 days for someone whose residence status is known and not Dublin', async () => {
    const { t, client, contact, token } = await setup();
    const res = await client.post(
      '/registrations',
      report(contact, token, { residenceStatus: 'unlawful', reflectionStart: '2026-12-01', reflectionDays: '30' }),
    );
    expect(res.status).toBe(422);
    expect(await res.text()).toContain('30 days is for a Dublin claimant only');
    expect(await regCount(t)).toBe(0);
  });

  it('checks the rule on a later change too: setting the status to Dublin with 90 days needs a reason', async () => {
    const { t, client, contact, token } = await setup();
    const id = idOf(await client.post('/registrations', report(contact, token, { reflectionStart: '2026-12-01' })));
    const change = { dossierType: 'registration', reflectionStart: '2026-12-01', residenceStatus: 'dublin' };
    const refused = await client.post(`/registrations/${id}`, { ...change, reflectionDays: '90' });
    expect(refused.status).toBe(422);
    expect(await refused.text()).toContain('A Dublin claimant gets a reflection period of 30 days');
    const row = () =>
      t.deps.db.selectFrom('registrations').select(['reflection_days', 'residence_status']).executeTakeFirstOrThrow();
    expect(await row()).toEqual({ reflection_days: 90, residence_status: 'unknown' });
    const byRule = await client.post(`/registrations/${id}`, { ...change, reflectionDays: '' });
    expect(byRule.status).toBe(303);
    expect(await row()).toEqual({ reflection_days: 30, residence_status: 'dublin' });
  });
});

describe('a reflection period and the person’s nationality', () => {
  it.each([
    ['a Dutch national', ['NL'], 'A Dutch national gets no reflection period'],
    ['a Nigerian who is also Dutch', ['NG', 'NL'], 'A Dutch national gets no reflection period'],
  ])('refuses one for %s (422, nothing saved)', async (_what, nationality, message) => {
    const { t, client, contact, token } = await setup();
    const res = await client.post(
      '/registrations',
      report(contact, token, { nationality, reflectionStart: '2026-12-01', reflectionEuConfirmed: 'yes' }),
    );
    expect(res.status).toBe(422);
    expect(await res.text()).toContain(message);
    expect(await regCount(t)).toBe(0);
  });

  it.each([
    ['Polish', 'PL'],
    ['Norwegian', 'NO'],
    ['Swiss', 'CH'],
  ])('warns for a %s national first, and saves once the agent confirms (audited)', async (_what, code) => {
    const { t, client, contact, token } = await setup();
    const fields = report(contact, token, { nationality: [code], reflectionStart: '2026-12-01' });
    const warned = await client.post('/registrations', fields);
    expect(warned.status).toBe(422);
    const html = await warned.text();
    expect(html).toContain('EU law comes first and the reflection period is only a fallback');
    expect(html).toMatch(/<input[^>]*name="reflectionEuConfirmed"/);
    expect(await regCount(t)).toBe(0);
    const saved = await client.post('/registrations', { ...fields, reflectionEuConfirmed: 'yes' });
    expect(saved.status).toBe(303);
    expect(await auditOf(t, 'registration.reflection_eu_fallback')).toHaveLength(1);
  });

  it('refuses a hostile confirmation value', async () => {
    const { client, contact, token } = await setup();
    const res = await client.post(
      '/registrations',
      report(contact, token, { nationality: ['PL'], reflectionStart: '2026-12-01', reflectionEuConfirmed: '<x>' }),
    );
    expect(res.status).toBe(422);
    expect(await res.text()).not.toContain('<x>');
  });
});

describe('the age at registration', () => {
  it.each([
    ['a birth date in the future', { dateOfBirth: '2027-01-01', birthYear: '' }, 'not in the future'],
    [
      'a birth date after the date reported',
      { dateOfBirth: '2026-12-05', reportedOn: '2026-12-01', birthYear: '' },
      'not in the future nor after the date reported',
    ],
    ['a birth date that is no date', { dateOfBirth: '2026-02-30', birthYear: '' }, 'YYYY-MM-DD'],
    [
      'a birth year that contradicts the birth date',
      { dateOfBirth: '2001-05-05', birthYear: '1999' },
      'does not match the date of birth',
    ],
    ['an age that contradicts the birth year', { age: '40', birthYear: '1999' }, 'does not match the birth year'],
  ])('refuses %s with 422', async (_what, extra, message) => {
    const { t, client, contact, token } = await setup();
    const res = await client.post('/registrations', report(contact, token, extra));
    expect(res.status).toBe(422);
    expect(await res.text()).toContain(message);
    expect(await regCount(t)).toBe(0);
  });

  it.each([
    [
      'a date of birth, the day before the 18th birthday',
      { dateOfBirth: '2008-12-08', birthYear: '' },
      17,
      '12-17',
      1,
      'date_of_birth',
    ],
    [
      'a date of birth, the 18th birthday itself',
      { dateOfBirth: '2008-12-07', birthYear: '' },
      18,
      '18-22',
      0,
      'date_of_birth',
    ],
    [
      'a birth year, reported before 1 July',
      { birthYear: '2008', reportedOn: '2026-06-30' },
      17,
      '12-17',
      1,
      'birth_year',
    ],
    [
      'a birth year, reported from 1 July on',
      { birthYear: '2008', reportedOn: '2026-07-01' },
      18,
      '18-22',
      0,
      'birth_year',
    ],
    ['a typed age', { age: '23', birthYear: '' }, 23, '23-29', 0, 'age'],
  ])('bands from %s', async (_what, extra, age, band, minor, basis) => {
    const { t, client, contact, token } = await setup();
    const res = await client.post('/registrations', report(contact, token, extra));
    expect(res.status).toBe(303);
    const row = await t.deps.db
      .selectFrom('registrations')
      .select(['age_at_registration', 'age_band', 'minor', 'age_basis'])
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ age_at_registration: age, age_band: band, minor, age_basis: basis });
  });
});

describe('minor during exploitation', () => {
  it('records a child of 14 as a minor when exploited too, and refuses "no" for her with 422', async () => {
    const { t, client, contact, token } = await setup();
    const refused = await client.post(
      '/registrations',
      report(contact, token, { birthYear: '2012', minorAtExploitation: 'no' }),
    );
    expect(refused.status).toBe(422);
    expect(await refused.text()).toContain('is a minor now, so was a minor when exploited too');
    expect(await regCount(t)).toBe(0);
    const saved = await client.post('/registrations', report(contact, token, { birthYear: '2012' }));
    expect(saved.status).toBe(303);
    const row = await t.deps.db
      .selectFrom('registrations')
      .select(['minor', 'minor_at_exploitation'])
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ minor: 1, minor_at_exploitation: 'yes' });
  });
});

describe('the dossier type changes and keeps its history', () => {
  it('changes from registration to registration and shelter, listing both with who and when, audited', async () => {
    const { t, client, contact, token } = await setup();
    const id = idOf(await client.post('/registrations', report(contact, token)));
    const res = await client.post(`/registrations/${id}`, { dossierType: 'registration_shelter' });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`/registrations/${id}?saved=update`);
    const history = await t.deps.db
      .selectFrom('registration_dossier_types')
      .select(['dossier_type', 'changed_at'])
      .where('registration_id', '=', id)
      .orderBy('id')
      .execute();
    expect(history.map((h) => h.dossier_type)).toEqual(['registration', 'registration_shelter']);
    const page = await (await client.get(`/registrations/${id}`)).text();
    const list = page.slice(page.indexOf('class="dossier-history"'));
    expect(list.indexOf('Registration and shelter')).toBeGreaterThan(list.indexOf('Registration —'));
    const audit = await auditOf(t, 'registration.update');
    expect(JSON.parse(audit.at(-1)!.details!).fields).toContain('dossier_type');
    // the same type again adds nothing
    await client.post(`/registrations/${id}`, { dossierType: 'registration_shelter' });
    expect(
      await t.deps.db.selectFrom('registration_dossier_types').select('id').where('registration_id', '=', id).execute(),
    ).toHaveLength(2);
  });

  it('refuses an unknown dossier type with 422 and changes nothing', async () => {
    const { t, client, contact, token } = await setup();
    const id = idOf(await client.post('/registrations', report(contact, token)));
    const res = await client.post(`/registrations/${id}`, { dossierType: 'archive' });
    expect(res.status).toBe(422);
    expect(await res.text()).toContain('Choose one of the listed values');
    const row = await t.deps.db.selectFrom('registrations').select('dossier_type').executeTakeFirstOrThrow();
    expect(row.dossier_type).toBe('registration');
  });
});

describe('the dictionary items of domain §1.2', () => {
  const items = {
    minorAtExploitation: 'yes',
    sub3Case: 'yes',
    careNeed: ['psychological', 'intellectual_disability', 'interpreter'],
    reflectionOffered: 'yes',
    reflectionOfferedBy: 'kmar',
    complaint: 'yes',
    complaintOn: '2026-11-20',
    otherCooperation: 'no',
    sector: 'temp_agency',
    reporterType: 'kmar',
    region: 'kmar',
  };

  it('stores each as a code, shows it in the user’s language, and counts it in the tables’ CSV', async () => {
    const { t, client, contact, token } = await setup();
    const id = idOf(await client.post('/registrations', report(contact, token, items)));
    const row = await t.deps.db
      .selectFrom('registrations')
      .select([
        'minor_at_exploitation',
        'sub3_case',
        'reflection_offered',
        'reflection_offered_by',
        'complaint',
        'complaint_on',
        'other_cooperation',
        'sector',
      ])
      .executeTakeFirstOrThrow();
    expect(row).toEqual({
      minor_at_exploitation: 'yes',
      sub3_case: 1,
      reflection_offered: 'yes',
      reflection_offered_by: 'kmar',
      complaint: 'yes',
      complaint_on: '2026-11-20',
      other_cooperation: 'no',
      sector: 'temp_agency',
    });
    const needs = await t.deps.db.selectFrom('registration_care_needs').select('need').orderBy('need').execute();
    expect(needs.map((n) => n.need)).toEqual(['intellectual_disability', 'interpreter', 'psychological']);
    const page = await (await client.get(`/registrations/${id}`)).text();
    for (const label of ['Mild intellectual disability (LVB)', 'Interpreter', 'Through a temporary-work agency'])
      expect(page).toContain(label);
    expect(page).toMatch(/Minor when exploited<\/dt>\s*<dd>Yes/);
    expect(page).toMatch(/Reflection period offered by<\/dt>\s*<dd>KMar/);
    expect(page).toMatch(/Criminal complaint: date<\/dt>\s*<dd>20-11-2026/);

    const csv = await client.get('/statistics/table.csv?by=care_need&period=year');
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toContain('text/csv');
    const [header, line] = (await csv.text()).trim().split('\n');
    expect(header).toBe(
      'period,medical,psychological,addiction,intellectual_disability,housing,legal,interpreter,financial,safety,none,total',
    );
    expect(line).toBe('2026,0,1,0,1,0,0,1,0,0,0,1');
    for (const [by, column] of [
      ['minor_at_exploitation', 'yes'],
      ['sub3_case', '1'],
      ['reflection_offered_by', 'kmar'],
      ['other_cooperation', 'no'],
      ['dossier_type', 'registration'],
    ] as const) {
      const res = await client.get(`/statistics/table.csv?by=${by}&period=year`);
      expect(res.status, by).toBe(200);
      const [h, l] = (await res.text()).trim().split('\n');
      const at = h!.split(',').indexOf(column);
      expect(at, `${by}: ${h}`).toBeGreaterThan(0);
      expect(l!.split(',')[at], by).toBe('1');
    }
  });

  it.each([
    ['a care need not in the list', { careNeed: ['medical', 'hiv_status'] }],
    ['minor during exploitation as free text', { minorAtExploitation: 'probably' }],
    ['a reflection period offered by the IND', { reflectionOfferedBy: 'ind' }],
    ['a complaint dated in the future', { complaintOn: '2027-01-01' }],
    ['a sub-3 case as a number', { sub3Case: '1' }],
    ['a start date while the period was not offered', { reflectionStart: '2026-12-01', reflectionOffered: 'no' }],
  ])('refuses %s with 422', async (_what, extra) => {
    const { t, client, contact, token } = await setup();
    const res = await client.post('/registrations', report(contact, token, extra));
    expect(res.status).toBe(422);
    expect(await regCount(t)).toBe(0);
  });

  it('says on the form that consent must be written, and states the reflection period as it is since 18 May 2023', async () => {
    const { client, contact } = await setup();
    const html = await (await client.get(`/registrations/new?contact=${contact}`)).text();
    expect(html).toContain('Written consent to register');
    expect(html).toContain('must have the person’s written consent');
    expect(html).toContain('Since 18 May 2023 every presumed victim from a third country');
    expect(html).toContain('including those who already have lawful residence');
  });
});

describe('EU/EEA/Swiss nationals as one group in the statistics', () => {
  it('counts Norwegian, Icelandic, Liechtenstein and Swiss nationals with the EU, not outside it', async () => {
    const { client, contact, token } = await setup();
    const codes = ['NO', 'IS', 'LI', 'CH', 'PL', 'NG'];
    for (const [i, code] of codes.entries()) {
      const res = await client.post(
        '/registrations',
        report(contact, i === 0 ? token : await formToken(client, contact), {
          nationality: [code],
          birthYear: String(1980 + i),
        }),
      );
      expect(res.status).toBe(303);
    }
    const csv = await client.get('/statistics/export.csv?by=nationality_group&period=year');
    expect(csv.status).toBe(200);
    expect((await csv.text()).trim().split('\n')).toEqual([
      'period,nl,eu,non_eu,stateless,unknown,total',
      '2026,0,5,1,0,0,6',
    ]);
  });
});
