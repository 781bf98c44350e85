import { afterEach, describe, expect, it } from 'vitest';
import { createTestApp, signedIn, type TestApp } from '../../support/test-app.js';
import { makeContact } from '../../support/factories.js';
import { makeRegistration } from '../../support/registration-factory.js';
import { saveCareRegion, setCareRegionsOfUser } from '../../../src/registrations/care-regions.service.js';
import { runPurge } from '../../../src/retention/retention.service.js';

// Issue 26: signals for policy — coded obstacles marked on contacts and registrations (docs/contract.md), counted per
// quarter and code on /statistics with the same publication suppression, and a quarter's export for policy advice.

const apps: TestApp[] = [];
afterEach(async () => {
  for (const t of apps.splice(0)) await t.close();
});

async function app(now = '2026-02-10T10:00:00Z') {
  const t = await createTestApp({}, { now });
  apps.push(t);
  return t;
}

const csvRows = (text: string) =>
  text
    .trim()
    .split(/\r?\n/)
    .map((l) => l.split(','));

describe('signals for policy', () => {
  it('marks a contact and a registration with a coded obstacle and a note, shown on their pages and audited', async () => {
    const t = await app();
    const { client, user } = await signedIn(t, ['agent']);
    const contact = await makeContact(t);
    const contactPage = await (await client.get(`/contacts/${contact.id}`)).text();
    expect(contactPage).toContain(`action="/contacts/${contact.id}/signals"`);
    const res = await client.post(`/contacts/${contact.id}/signals`, {
      code: 'no_interpreter',
      note: 'Geen Tigrinya-tolk',
    });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`/contacts/${contact.id}`);
    const after = await (await client.get(`/contacts/${contact.id}`)).text();
    expect(after).toContain('No interpreter');
    expect(after).toContain('Geen Tigrinya-tolk');

    const regId = await makeRegistration(t, user.id);
    const reg = await client.post(`/registrations/${regId}/signals`, { code: 'brp_refused', note: '' });
    expect(reg.status).toBe(303);
    expect(reg.headers.get('location')).toBe(`/registrations/${regId}`);
    expect(await (await client.get(`/registrations/${regId}`)).text()).toContain('BRP registration refused');

    const rows = await t.deps.db.selectFrom('signals').selectAll().orderBy('id').execute();
    expect(rows.map((r) => [r.on_kind, r.code, r.marked_on])).toEqual([
      ['contact', 'no_interpreter', '2026-02-10'],
      ['registration', 'brp_refused', '2026-02-10'],
    ]);
    expect(rows[0]!.note_enc).not.toContain('Tigrinya'); // free text is encrypted at rest
    const audit = await t.deps.db
      .selectFrom('audit_log')
      .select(['details'])
      .where('action', '=', 'signal.mark')
      .execute();
    expect(audit).toHaveLength(2);
    expect(audit.map((a) => a.details).join()).not.toContain('Tigrinya');
  });

  it('answers a signal with an unknown code 422 and stores nothing', async () => {
    const t = await app();
    const { client, user } = await signedIn(t, ['agent']);
    const contact = await makeContact(t);
    const regId = await makeRegistration(t, user.id);
    for (const [path, form] of [
      [`/contacts/${contact.id}/signals`, { code: 'no_bed' }],
      [`/contacts/${contact.id}/signals`, {}],
      [`/registrations/${regId}/signals`, { code: "brp_refused' or 1=1" }],
      [`/registrations/${regId}/signals`, { code: 'brp_refused', note: 'x'.repeat(501) }],
    ] as const) {
      const res = await client.post(path, form);
      expect(res.status).toBe(422);
    }
    const bad = await client.post(`/contacts/${contact.id}/signals`, { code: 'no_bed' });
    expect(await bad.text()).toContain('Choose one of the listed obstacles');
    expect((await client.post('/contacts/999999/signals', { code: 'no_interpreter' })).status).toBe(404);
    expect((await client.post('/registrations/999999/signals', { code: 'no_interpreter' })).status).toBe(404);
    expect(await t.deps.db.selectFrom('signals').select('id').execute()).toEqual([]);
  });

  it('lets a coordinator mark a registration of their region only, and no one without the role', async () => {
    const t = await app();
    const admin = await signedIn(t, ['admin']);
    const mine = await saveCareRegion(
      t.deps,
      null,
      { name: 'Noord', covers: '', coordinatorOrg: '', coordinatorEmail: null, hasCoordinator: false },
      { id: admin.user.id, ip: null },
    );
    const other = await saveCareRegion(
      t.deps,
      null,
      { name: 'Zuid', covers: '', coordinatorOrg: '', coordinatorEmail: null, hasCoordinator: false },
      { id: admin.user.id, ip: null },
    );
    const { client, user } = await signedIn(t, ['coordinator']);
    await setCareRegionsOfUser(t.deps, user.id, [mine]);
    const ours = await makeRegistration(t, admin.user.id, { careRegionId: mine });
    const theirs = await makeRegistration(t, admin.user.id, { careRegionId: other });
    expect((await client.post(`/registrations/${ours}/signals`, { code: 'no_care_coordination' })).status).toBe(303);
    expect((await client.post(`/registrations/${theirs}/signals`, { code: 'no_care_coordination' })).status).toBe(404);
    expect((await admin.client.post(`/registrations/${ours}/signals`, { code: 'no_care_coordination' })).status).toBe(
      403,
    );
  });

  it("signals appear in the quarter's row and are suppressed for publication below the threshold", async () => {
    const t = await app('2026-02-10T10:00:00Z');
    const { client } = await signedIn(t, ['agent']);
    const contact = await makeContact(t);
    // Q1: 12 × no COSM place and 3 × no interpreter; Q2: 1 × shelter refused.
    for (let i = 0; i < 12; i++) await client.post(`/contacts/${contact.id}/signals`, { code: 'no_cosm_place' });
    for (let i = 0; i < 3; i++) await client.post(`/contacts/${contact.id}/signals`, { code: 'no_interpreter' });
    t.clock.set('2026-05-04T10:00:00Z');
    const later = await signedIn(t, ['agent']);
    await later.client.post(`/contacts/${contact.id}/signals`, { code: 'shelter_refused' });

    const { client: sup } = await signedIn(t, ['supervisor']);
    const exact = await sup.get('/statistics/export.csv?by=signal&period=quarter&from=2026-01-01&to=2026-12-31');
    expect(exact.status).toBe(200);
    expect(exact.headers.get('content-type')).toContain('text/csv');
    const rows = csvRows(await exact.text());
    expect(rows[0]).toEqual([
      'period',
      'brp_refused',
      'no_cosm_place',
      'no_care_coordination',
      'no_interpreter',
      'reflection_not_offered',
      'shelter_refused',
      'total',
    ]);
    expect(rows.find((r) => r[0] === '2026-Q1')).toEqual(['2026-Q1', '0', '12', '0', '3', '0', '0', '15']);
    expect(rows.find((r) => r[0] === '2026-Q2')).toEqual(['2026-Q2', '0', '0', '0', '0', '0', '1', '1']);

    const pub = await sup.get(
      '/statistics/export.csv?by=signal&period=quarter&from=2026-01-01&to=2026-12-31&publication=1',
    );
    expect(pub.status).toBe(200);
    const published = csvRows(await pub.text());
    const q1 = published.find((r) => r[0] === '2026-Q1')!;
    expect(q1[4]).toBe('x'); // 3 below STATS_MIN_CELL = 10
    expect(q1[2]).toBe('x'); // 12 hidden too, or 15 - 12 would give the 3 away
    expect(q1[1]).toBe('0');
    expect(published.find((r) => r[0] === '2026-Q2')![6]).toBe('x');
    expect(published.flat()).not.toContain('3');
    expect(published.flat()).not.toContain('1');
    // A publication covers whole periods only.
    expect(
      (await sup.get('/statistics/export.csv?by=signal&period=quarter&from=2026-01-15&publication=1')).status,
    ).toBe(400);
    // The page shows the table by quarter.
    const page = await sup.get('/statistics?by=signal&period=quarter&from=2026-01-01&to=2026-12-31');
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('No COSM place');
    const audits = await t.deps.db
      .selectFrom('audit_log')
      .select('details')
      .where('action', '=', 'statistics.export')
      .execute();
    expect(audits.some((a) => a.details.includes('"by":"signal"'))).toBe(true);
  });

  it("exports a quarter's signals for the policy advice to supervisors only, audited and without references", async () => {
    const t = await app('2026-02-10T10:00:00Z');
    const { client, user } = await signedIn(t, ['agent']);
    const regId = await makeRegistration(t, user.id);
    await client.post(`/registrations/${regId}/signals`, {
      code: 'reflection_not_offered',
      note: 'Politie bood geen bedenktijd',
    });
    expect((await client.get('/signals/export.csv?quarter=2026-Q1')).status).toBe(403);
    const { client: sup } = await signedIn(t, ['supervisor']);
    const res = await sup.get('/signals/export.csv?quarter=2026-Q1');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/csv');
    const text = await res.text();
    expect(csvRows(text)).toEqual([
      ['quarter', 'marked_on', 'code', 'on', 'note'],
      ['2026-Q1', '2026-02-10', 'reflection_not_offered', 'registration', 'Politie bood geen bedenktijd'],
    ]);
    expect(text).not.toMatch(/REG-|HD-/);
    expect(csvRows(await (await sup.get('/signals/export.csv?quarter=2026-Q2')).text())).toHaveLength(1);
    for (const q of ['2026-Q5', '2026', '', 'Q1-2026'])
      expect((await sup.get(`/signals/export.csv?quarter=${q}`)).status).toBe(400);
    const audit = await t.deps.db
      .selectFrom('audit_log')
      .select('details')
      .where('action', '=', 'signal.export')
      .execute();
    expect(audit).toHaveLength(2);
  });

  it("erases a signal's note with the contact's identifiers when its retention is over, and keeps it counted", async () => {
    const t = await app('2026-02-10T10:00:00Z');
    const { client } = await signedIn(t, ['agent']);
    const contact = await makeContact(t);
    await client.post(`/contacts/${contact.id}/signals`, { code: 'no_cosm_place', note: 'Wachtte drie nachten' });
    await t.deps.db
      .updateTable('contacts')
      .set({ status: 'resolved', updated_at: '2026-02-10T10:00:00.000Z' })
      .where('id', '=', contact.id)
      .execute();
    await runPurge(t.deps, new Date(Date.parse('2026-02-10T10:00:00Z') + 700 * 86_400_000));
    expect(
      (await t.deps.db.selectFrom('signals').select('note_enc').executeTakeFirstOrThrow()).note_enc,
    ).not.toBeNull();
    await runPurge(t.deps, new Date(Date.parse('2026-02-10T10:00:00Z') + 731 * 86_400_000));
    const row = await t.deps.db
      .selectFrom('signals')
      .select(['note_enc', 'code', 'marked_on'])
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ note_enc: null, code: 'no_cosm_place', marked_on: '2026-02-10' });
  });
});
