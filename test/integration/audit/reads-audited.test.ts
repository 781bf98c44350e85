// Every read of a registered person's data is audited (issue 21): the duplicate check that shows earlier
// registrations, and the deadlines list.
import { afterEach, describe, expect, it } from 'vitest';
import { createTestApp, signedIn, type Client, type TestApp } from '../../support/test-app.js';
import { makeContact } from '../../support/factories.js';

let t: TestApp;
afterEach(async () => {
  await t?.close();
});

async function openForm(client: Client, contactId: number) {
  const html = await (await client.get(`/registrations/new?contact=${contactId}`)).text();
  return /name="formToken" value="([^"]+)"/.exec(html)![1]!;
}
const form = (contact: number, token: string, extra: Record<string, string | string[]> = {}) => ({
  contact: String(contact),
  formToken: token,
  reporterType: 'police',
  region: 'rotterdam',
  gender: 'female',
  birthYear: '1990',
  nationality: ['RO'],
  exploitation: ['sexual'],
  ...extra,
});
const audits = (action: string) =>
  t.deps.db.selectFrom('audit_log').selectAll().where('action', '=', action).orderBy('id').execute();

describe('the duplicate check is audited', () => {
  it('writes who was shown which earlier registrations, and what matched, without the number itself', async () => {
    t = await createTestApp({}, { now: '2026-03-10T10:00:00Z' });
    const { client, user } = await signedIn(t, ['agent']);
    const c1 = await makeContact(t);
    await client.post('/registrations', form(c1.id, await openForm(client, c1.id), { phone: '+31 6 1234 5678' }));
    expect(await audits('registration.duplicate.check')).toHaveLength(0); // nothing shown, nothing read
    const c2 = await makeContact(t);
    const res = await client.post(
      '/registrations',
      form(c2.id, await openForm(client, c2.id), { phone: '0612345678' }),
    );
    expect(res.status).toBe(409);
    expect(await res.text()).toContain('REG-2026-000001');
    const [row, ...more] = await audits('registration.duplicate.check');
    expect(more).toHaveLength(0);
    expect(row).toMatchObject({ actor_id: user.id, subject_type: 'registration', subject_id: 'REG-2026-000001' });
    const details = JSON.parse(row!.details);
    expect(details).toMatchObject({ shown: ['REG-2026-000001'], matched: ['phone'], contact: c2.id });
    expect(row!.details).not.toMatch(/612345678/);
  });
});

describe('the deadlines list is audited', () => {
  it('writes one list view per visit with the references shown', async () => {
    t = await createTestApp({}, { now: '2026-03-10T10:00:00Z' });
    const { client, user } = await signedIn(t, ['agent']);
    const c = await makeContact(t);
    await client.post('/registrations', form(c.id, await openForm(client, c.id), { permitExpires: '2026-03-20' }));
    const res = await client.get('/deadlines');
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('REG-2026-000001');
    const rows = await audits('deadline.list');
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ actor_id: user.id, subject_type: 'registration' });
    expect(JSON.parse(rows[0]!.details)).toEqual({ count: 1, shown: ['REG-2026-000001'] });
  });

  it('audits an empty list too, and refuses a role that may not see it', async () => {
    t = await createTestApp({}, { now: '2026-03-10T10:00:00Z' });
    const { client } = await signedIn(t, ['agent']);
    expect((await client.get('/deadlines')).status).toBe(200);
    expect(JSON.parse((await audits('deadline.list'))[0]!.details)).toEqual({ count: 0, shown: [] });
    const { client: legal } = await signedIn(t, ['legal']);
    expect((await legal.get('/deadlines')).status).toBe(403);
    expect(await audits('deadline.list')).toHaveLength(1);
  });
});
