import { afterEach, describe, expect, it } from 'vitest';
import { createTestApp, signedIn, type Client, type TestApp } from '../../support/test-app.js';
import { makeContact, makeUser } from '../../support/factories.js';
import { saveCareRegion, setCareRegionsOfUser } from '../../../src/registrations/care-regions.service.js';
import { raiseDeadlineTasks } from '../../../src/registrations/deadlines.service.js';
import { runPurge } from '../../../src/retention/retention.service.js';

// Issue 26: referrals to a region's coordinator (docs/contract.md), procedures per person, closing a case. Both databases.

const apps: TestApp[] = [];
afterEach(async () => {
  for (const t of apps.splice(0)) await t.close();
});

const NOW = '2026-03-10T10:00:00Z';
async function app() {
  const t = await createTestApp({}, { now: NOW });
  apps.push(t);
  return t;
}

/** Two regions with a coordinator each (two coordinators in Rijnmond) and one region without. */
async function regions(t: TestApp) {
  const admin = await makeUser(t.deps, ['admin']);
  const actor = { id: admin.id, ip: null };
  const region = (name: string, email: string | null) =>
    saveCareRegion(
      t.deps,
      null,
      { name, covers: name, coordinatorOrg: `Zorg ${name}`, coordinatorEmail: email, hasCoordinator: !!email },
      actor,
    );
  const rijnmond = await region('Rijnmond', 'zc@rijnmond.test');
  const twente = await region('Twente', 'zc@twente.test');
  const zeeland = await region('Zeeland', null);
  const coordinator = async (name: string, regionId: number) => {
    const s = await signedIn(t, ['coordinator'], name);
    await setCareRegionsOfUser(t.deps, s.user.id, [regionId]);
    return s;
  };
  return {
    rijnmond,
    twente,
    zeeland,
    anna: await coordinator('Anna Rijnmond', rijnmond),
    bea: await coordinator('Bea Rijnmond', rijnmond),
    tom: await coordinator('Tom Twente', twente),
  };
}

/** Registers a person through the form, as the desk does, and answers the registration's id and reference. */
async function register(t: TestApp, client: Client, extra: Record<string, string | string[]>) {
  const c = await makeContact(t);
  const form = await (await client.get(`/registrations/new?contact=${c.id}`)).text();
  const token = /name="formToken" value="([^"]+)"/.exec(form)![1]!;
  const res = await client.post('/registrations', {
    contact: String(c.id),
    formToken: token,
    reporterType: 'police',
    region: 'rotterdam',
    gender: 'female',
    birthYear: '1999',
    nationality: ['NG'],
    exploitation: ['sexual'],
    residenceStatus: 'unlawful',
    ...extra,
  });
  expect(res.status).toBe(303);
  const id = Number(/\/registrations\/(\d+)/.exec(res.headers.get('location')!)![1]);
  const row = await t.deps.db
    .selectFrom('registrations')
    .select('reference')
    .where('id', '=', id)
    .executeTakeFirstOrThrow();
  return { id, reference: row.reference! };
}

const auditActions = async (t: TestApp, prefix: string) =>
  (
    await t.deps.db
      .selectFrom('audit_log')
      .select(['action', 'subject_id', 'details'])
      .where('action', 'like', `${prefix}%`)
      .orderBy('id')
      .execute()
  ).map((a) => ({ ...a, details: a.details ? JSON.parse(a.details) : null }));

const referrals = (t: TestApp, id: number) =>
  t.deps.db
    .selectFrom('registration_referrals')
    .select(['status', 'care_region_id', 'decided_by', 'reason'])
    .where('registration_id', '=', id)
    .orderBy('id')
    .execute();

describe('referring a registration to its region’s coordinator', () => {
  it('refers a registration with consent, which that coordinator accepts and then finds in her list only', async () => {
    const t = await app();
    const r = await regions(t);
    const desk = await signedIn(t, ['agent']);
    const reg = await register(t, desk.client, { careRegion: String(r.rijnmond), consentCare: 'yes' });

    const refer = await desk.client.post(`/registrations/${reg.id}/referral`);
    expect(refer.status).toBe(303);
    expect(refer.headers.get('location')).toBe(`/registrations/${reg.id}#care`);
    expect(await referrals(t, reg.id)).toEqual([
      { status: 'pending', care_region_id: r.rijnmond, decided_by: null, reason: null },
    ]);
    // The notification is the link-only mail to the region's address, waiting in the outbox.
    const outbox = await t.deps.db.selectFrom('mail_outbox').select(['status']).execute();
    expect(outbox).toHaveLength(1);
    // Waiting: both Rijnmond coordinators see it; Twente's does not, and gets 404 on all three routes.
    for (const c of [r.anna, r.bea]) expect(await (await c.client.get('/care')).text()).toContain(reg.reference);
    expect(await (await r.tom.client.get('/care')).text()).not.toContain(reg.reference);
    expect((await r.tom.client.post(`/registrations/${reg.id}/referral`)).status).toBe(404);
    expect((await r.tom.client.post(`/registrations/${reg.id}/referral/accept`)).status).toBe(404);
    expect((await r.tom.client.post(`/registrations/${reg.id}/referral/return`, { reason: 'x' })).status).toBe(404);
    // A second referral while one waits is refused.
    expect((await desk.client.post(`/registrations/${reg.id}/referral`)).status).toBe(409);

    const accept = await r.anna.client.post(`/registrations/${reg.id}/referral/accept`);
    expect(accept.status).toBe(303);
    const kase = await t.deps.db
      .selectFrom('care_cases')
      .select(['owner_id', 'at_centre'])
      .where('registration_id', '=', reg.id)
      .executeTakeFirstOrThrow();
    expect(kase).toEqual({ owner_id: r.anna.user.id, at_centre: 0 });
    const annaList = await (await r.anna.client.get('/care')).text();
    const mine = annaList.slice(annaList.indexOf('id="care-mine-h"'));
    expect(mine).toContain(reg.reference);
    expect(await (await r.bea.client.get('/care')).text()).not.toContain(reg.reference);
    expect(await (await r.tom.client.get('/care')).text()).not.toContain(reg.reference);
    // The desk sees the outcome on the registration's page.
    const page = await (await desk.client.get(`/registrations/${reg.id}`)).text();
    expect(page).toContain('Coordinated by Anna Rijnmond.');
    expect(page).toMatch(/Referred to Rijnmond on 10-03-2026[^<]*— <strong>accepted<\/strong>/);
    expect((await auditActions(t, 'referral.')).map((a) => [a.action, a.subject_id, a.details])).toEqual([
      ['referral.create', reg.reference, { careRegion: r.rijnmond }],
      ['referral.accept', reg.reference, { careRegion: r.rijnmond }],
    ]);
  });

  it('refuses to refer without the person’s consent to share: 422, nothing recorded and nothing sent', async () => {
    const t = await app();
    const r = await regions(t);
    const desk = await signedIn(t, ['agent']);
    for (const consent of [{ consentCare: 'no' }, {}] as Record<string, string>[]) {
      const reg = await register(t, desk.client, { careRegion: String(r.rijnmond), ...consent });
      const res = await desk.client.post(`/registrations/${reg.id}/referral`);
      expect(res.status).toBe(422);
      expect(await res.text()).toContain(
        'The person gave no consent to share for care: the registration cannot be referred, and nothing was sent.',
      );
      expect(await referrals(t, reg.id)).toEqual([]);
      const page = await (await desk.client.get(`/registrations/${reg.id}`)).text();
      expect(page).not.toContain('Refer to the region’s coordinator</button>');
    }
    expect(await t.deps.db.selectFrom('mail_outbox').select('id').execute()).toEqual([]);
    expect(await auditActions(t, 'referral.create')).toEqual([]);
  });

  it('answers 404 for an id that is not a registration’s and 403 without the form’s CSRF token', async () => {
    const t = await app();
    const r = await regions(t);
    const desk = await signedIn(t, ['agent']);
    const reg = await register(t, desk.client, { careRegion: String(r.rijnmond), consentCare: 'yes' });
    for (const bad of ['424242', '1e3', '-1', '0x1', `${reg.id}.5`, '9'.repeat(40)])
      expect((await desk.client.post(`/registrations/${bad}/referral`)).status).toBe(404);
    const forged = await desk.client.post(`/registrations/${reg.id}/referral`, {}, {}, { csrf: false });
    expect(forged.status).toBe(403);
    expect(await referrals(t, reg.id)).toEqual([]);
  });

  it('lets one of two coordinators accepting the same referral at once win; the other gets 409', async () => {
    const t = await app();
    const r = await regions(t);
    const desk = await signedIn(t, ['agent']);
    const reg = await register(t, desk.client, { careRegion: String(r.rijnmond), consentCare: 'yes' });
    expect((await desk.client.post(`/registrations/${reg.id}/referral`)).status).toBe(303);
    const [a, b] = await Promise.all([
      r.anna.client.post(`/registrations/${reg.id}/referral/accept`),
      r.bea.client.post(`/registrations/${reg.id}/referral/accept`),
    ]);
    expect([a.status, b.status].sort()).toEqual([303, 409]);
    const loser = a.status === 409 ? a : b;
    expect(await loser.text()).toContain('There is no referral waiting: someone answered it already.');
    const winner = a.status === 303 ? r.anna : r.bea;
    const [ref] = await referrals(t, reg.id);
    expect(ref).toMatchObject({ status: 'accepted', decided_by: winner.user.id });
    const kase = await t.deps.db
      .selectFrom('care_cases')
      .select('owner_id')
      .where('registration_id', '=', reg.id)
      .executeTakeFirstOrThrow();
    expect(kase.owner_id).toBe(winner.user.id);
    expect(await auditActions(t, 'referral.accept')).toHaveLength(1);
  });

  it('returns a referral with a reason only, which the desk then sees in its list and care queue', async () => {
    const t = await app();
    const r = await regions(t);
    const desk = await signedIn(t, ['agent']);
    const reg = await register(t, desk.client, { careRegion: String(r.rijnmond), consentCare: 'yes' });
    await desk.client.post(`/registrations/${reg.id}/referral`);
    // The desk does not answer referrals; a coordinator does.
    expect((await desk.client.post(`/registrations/${reg.id}/referral/accept`)).status).toBe(403);
    expect((await r.anna.client.post(`/registrations/${reg.id}/referral`)).status).toBe(403);

    const bare = await r.anna.client.post(`/registrations/${reg.id}/referral/return`, { reason: '   ' });
    expect(bare.status).toBe(422);
    expect(await bare.text()).toContain('Say why you return the referral.');
    const long = await r.anna.client.post(`/registrations/${reg.id}/referral/return`, { reason: 'x'.repeat(5000) });
    expect(long.status).toBe(422);
    expect((await referrals(t, reg.id))[0]!.status).toBe('pending');

    const back = await r.anna.client.post(`/registrations/${reg.id}/referral/return`, {
      reason: 'Woont in Zeeland, niet in onze regio',
    });
    expect(back.status).toBe(303);
    expect((await r.anna.client.post(`/registrations/${reg.id}/referral/accept`)).status).toBe(409);
    const list = await (await desk.client.get('/care')).text();
    const returned = list.slice(list.indexOf('id="care-returned-h"'), list.indexOf('id="care-centre-h"'));
    expect(returned).toContain(reg.reference);
    expect(returned).toContain('Woont in Zeeland, niet in onze regio');
    const task = await t.deps.db
      .selectFrom('contacts')
      .select(['queue', 'status'])
      .where('subject', '=', `Verwijzing teruggegeven / referral returned ${reg.reference}`)
      .executeTakeFirstOrThrow();
    expect(task).toEqual({ queue: 'care', status: 'new' });
    const audit = await auditActions(t, 'referral.return');
    expect(audit).toHaveLength(1);
    expect(JSON.stringify(audit)).not.toContain('Zeeland');
    // Returned, it can be referred again.
    expect((await desk.client.post(`/registrations/${reg.id}/referral`)).status).toBe(303);
  });

  it('keeps the case at the centre when the region has no coordinator', async () => {
    const t = await app();
    const r = await regions(t);
    const desk = await signedIn(t, ['agent']);
    const reg = await register(t, desk.client, { careRegion: String(r.zeeland), consentCare: 'yes' });
    expect((await desk.client.post(`/registrations/${reg.id}/referral`)).status).toBe(303);
    expect(await referrals(t, reg.id)).toEqual([]);
    expect(await t.deps.db.selectFrom('mail_outbox').select('id').execute()).toEqual([]);
    const list = await (await desk.client.get('/care')).text();
    expect(list.slice(list.indexOf('id="care-centre-h"'))).toContain(reg.reference);
    const page = await (await desk.client.get(`/registrations/${reg.id}`)).text();
    expect(page).toContain('Coordinated by the centre itself.');
    expect((await auditActions(t, 'referral.')).map((a) => a.action)).toEqual(['referral.centre']);
  });

  it('refers a registration asking for shelter at once when it is saved with consent, and keeps it at the centre without', async () => {
    const t = await app();
    const r = await regions(t);
    const desk = await signedIn(t, ['agent']);
    const withConsent = await register(t, desk.client, {
      careRegion: String(r.rijnmond),
      consentCare: 'yes',
      shelterRequested: 'yes',
    });
    expect((await referrals(t, withConsent.id)).map((x) => x.status)).toEqual(['pending']);
    expect(await (await r.anna.client.get('/care')).text()).toContain(withConsent.reference);
    const res = await desk.client.post(`/registrations/${withConsent.id}/referral`);
    expect(res.status).toBe(409);
  });
});

describe('the procedures per person', () => {
  async function accepted(t: TestApp) {
    const r = await regions(t);
    const desk = await signedIn(t, ['agent']);
    const reg = await register(t, desk.client, {
      careRegion: String(r.rijnmond),
      consentCare: 'yes',
      reportedOn: '2026-03-01',
    });
    await desk.client.post(`/registrations/${reg.id}/referral`);
    await r.anna.client.post(`/registrations/${reg.id}/referral/accept`);
    return { r, desk, reg };
  }
  const procedures = (t: TestApp, id: number) =>
    t.deps.db
      .selectFrom('registration_procedures')
      .select(['id', 'kind', 'status', 'owner_id', 'due_on', 'version'])
      .where('registration_id', '=', id)
      .orderBy('id')
      .execute();

  it('adds the suggested procedures, then one more, and changes them with owner, status and due date (audited)', async () => {
    const t = await app();
    const { r, reg } = await accepted(t);
    const page = await (await r.anna.client.get(`/registrations/${reg.id}`)).text();
    expect(page).toContain('Suggested from the registration:');
    expect((await r.anna.client.post(`/registrations/${reg.id}/procedures/suggested`)).status).toBe(303);
    const list = await procedures(t, reg.id);
    expect(list.map((p) => p.kind)).toEqual([
      'police_report',
      'b8_3_permit',
      'living_allowance',
      'health_insurance',
      'cosm_placement',
      'legal_aid',
      'iom_return',
    ]);
    // Twice is harmless: nothing is added again.
    await r.anna.client.post(`/registrations/${reg.id}/procedures/suggested`);
    expect(await procedures(t, reg.id)).toHaveLength(7);
    const add = await r.anna.client.post(`/registrations/${reg.id}/procedures`, {
      kind: 'brp',
      owner: String(r.anna.user.id),
      dueOn: '2026-04-01',
    });
    expect(add.status).toBe(303);
    const permit = list.find((p) => p.kind === 'b8_3_permit')!;
    const change = await r.anna.client.post(`/registrations/${reg.id}/procedures/${permit.id}`, {
      status: 'applied',
      owner: String(r.bea.user.id),
      dueOn: '2026-03-20',
      version: String(permit.version),
    });
    expect(change.status).toBe(303);
    const after = (await procedures(t, reg.id)).find((p) => p.id === permit.id)!;
    expect(after).toMatchObject({ status: 'applied', owner_id: r.bea.user.id, due_on: '2026-03-20', version: 2 });
    const audit = await auditActions(t, 'procedure.');
    expect(audit.map((a) => [a.action, a.details])).toEqual([
      [
        'procedure.add',
        {
          kinds: list.map((p) => p.kind),
          suggested: true,
        },
      ],
      ['procedure.add', { kinds: ['brp'], suggested: false }],
      ['procedure.update', { kind: 'b8_3_permit', fields: ['status', 'owner_id', 'due_on'] }],
    ]);
    // The due dates feed /deadlines, for the desk and for the region's coordinator; not for another region's.
    const deadlines = await (await r.anna.client.get('/deadlines')).text();
    expect(deadlines).toContain('Residence permit for victims (B8/3)');
    expect(deadlines).toContain('20-03-2026');
    expect(deadlines).toContain('Registration in the municipal records (BRP)');
    expect(await (await r.tom.client.get('/deadlines')).text()).not.toContain(reg.reference);
  });

  it('refuses a due date before the registration (422), a stale change (409) and an unknown owner or status (422)', async () => {
    const t = await app();
    const { r, reg } = await accepted(t);
    const early = await r.anna.client.post(`/registrations/${reg.id}/procedures`, {
      kind: 'legal_aid',
      dueOn: '2026-02-28',
    });
    expect(early.status).toBe(422);
    const html = await early.text();
    expect(html).toContain('A procedure cannot be due before the registration (2026-03-01).');
    expect(html).toContain('value="2026-02-28"');
    for (const bad of [
      { kind: 'castle' },
      { kind: 'legal_aid', owner: '999999' },
      { kind: 'legal_aid', status: 'won' },
      { kind: 'legal_aid', dueOn: '2026-02-30' },
      { kind: 'legal_aid', dueOn: '2046-03-02' },
      { kind: 'legal_aid', dueOn: '<script>' },
    ] as Record<string, string>[])
      expect((await r.anna.client.post(`/registrations/${reg.id}/procedures`, bad)).status).toBe(422);
    expect(await procedures(t, reg.id)).toEqual([]);

    await r.anna.client.post(`/registrations/${reg.id}/procedures`, { kind: 'legal_aid' });
    const [p] = await procedures(t, reg.id);
    const first = await r.anna.client.post(`/registrations/${reg.id}/procedures/${p!.id}`, {
      status: 'granted',
      version: '1',
    });
    expect(first.status).toBe(303);
    const stale = await r.bea.client.post(`/registrations/${reg.id}/procedures/${p!.id}`, {
      status: 'refused',
      version: '1',
    });
    expect(stale.status).toBe(409);
    expect(await stale.text()).toContain('Someone changed this procedure after you opened the page.');
    expect((await procedures(t, reg.id))[0]!.status).toBe('granted');
    expect((await r.anna.client.post(`/registrations/${reg.id}/procedures/${p!.id}`, { status: 'todo' })).status).toBe(
      422,
    );
    // Another region's coordinator cannot reach it; a procedure of another registration is not found.
    expect(
      (await r.tom.client.post(`/registrations/${reg.id}/procedures/${p!.id}`, { status: 'todo', version: '2' }))
        .status,
    ).toBe(404);
    expect(
      (await r.anna.client.post(`/registrations/${reg.id}/procedures/424242`, { status: 'todo', version: '1' })).status,
    ).toBe(404);
  });

  it('raises a task in the care queue ten working days before a procedure is due, once', async () => {
    const t = await app();
    const { r, reg } = await accepted(t);
    await r.anna.client.post(`/registrations/${reg.id}/procedures`, { kind: 'brp', dueOn: '2026-03-20' });
    expect(await raiseDeadlineTasks(t.deps)).toBe(1);
    expect(await raiseDeadlineTasks(t.deps)).toBe(0);
    const task = await t.deps.db
      .selectFrom('contacts')
      .select(['queue', 'subject'])
      .where('subject', 'like', 'Procedure %')
      .executeTakeFirstOrThrow();
    expect(task).toEqual({ queue: 'care', subject: `Procedure brp ${reg.reference} (2026-03-20)` });
  });
});

describe('closing a case', () => {
  it('closes with an outcome and a date; then procedures are frozen, and only the desk or the owner may reopen', async () => {
    const t = await app();
    const r = await regions(t);
    const desk = await signedIn(t, ['agent']);
    const reg = await register(t, desk.client, {
      careRegion: String(r.rijnmond),
      consentCare: 'yes',
      reportedOn: '2026-03-01',
    });
    await desk.client.post(`/registrations/${reg.id}/referral`);
    // Not while the referral waits.
    const waiting = await desk.client.post(`/registrations/${reg.id}/care/close`, {
      outcome: 'lost_contact',
      closedOn: '2026-03-09',
    });
    expect(waiting.status).toBe(409);
    await r.anna.client.post(`/registrations/${reg.id}/referral/accept`);
    await r.anna.client.post(`/registrations/${reg.id}/procedures`, { kind: 'legal_aid' });

    for (const bad of [
      { outcome: 'vanished', closedOn: '2026-03-09' },
      { outcome: 'lost_contact', closedOn: '2026-02-27' },
      { outcome: 'lost_contact', closedOn: '2026-03-11' },
      { outcome: 'lost_contact' },
    ] as Record<string, string>[])
      expect((await r.anna.client.post(`/registrations/${reg.id}/care/close`, bad)).status).toBe(422);
    // A coordinator of the region who does not own the case may not close it.
    expect(
      (
        await r.bea.client.post(`/registrations/${reg.id}/care/close`, {
          outcome: 'transferred',
          closedOn: '2026-03-09',
        })
      ).status,
    ).toBe(403);
    const close = await r.anna.client.post(`/registrations/${reg.id}/care/close`, {
      outcome: 'returned_home',
      closedOn: '2026-03-09',
    });
    expect(close.status).toBe(303);
    const page = await (await desk.client.get(`/registrations/${reg.id}`)).text();
    expect(page).toContain('Closed on 2026-03-09: Returned home.');
    expect((await r.anna.client.post(`/registrations/${reg.id}/procedures`, { kind: 'brp' })).status).toBe(409);
    expect((await desk.client.post(`/registrations/${reg.id}/referral`)).status).toBe(409);
    expect(await (await r.anna.client.get('/care')).text()).not.toContain(reg.reference);
    expect((await auditActions(t, 'care.close')).map((a) => a.details)).toEqual([
      { outcome: 'returned_home', closedOn: '2026-03-09' },
    ]);
    expect((await r.bea.client.post(`/registrations/${reg.id}/care/reopen`)).status).toBe(403);
    expect((await desk.client.post(`/registrations/${reg.id}/care/reopen`)).status).toBe(303);
    expect((await r.anna.client.post(`/registrations/${reg.id}/procedures`, { kind: 'brp' })).status).toBe(303);
  });

  it('lets retention count from the closing date: a closed case goes after its period even when changed since', async () => {
    const t = await app();
    const r = await regions(t);
    const desk = await signedIn(t, ['agent']);
    const closed = await register(t, desk.client, {
      careRegion: String(r.zeeland),
      consentCare: 'yes',
      name: 'Grace Okafor',
      reportedOn: '2026-03-01',
    });
    const open = await register(t, desk.client, {
      careRegion: String(r.zeeland),
      consentCare: 'yes',
      name: 'Joy Adeyemi',
      reportedOn: '2026-03-01',
      birthYear: '1990',
    });
    await t.deps.db
      .insertInto('retention_settings')
      .values({ kind: 'identifiers', days: 30, updated_at: NOW, updated_by: null })
      .execute();
    expect(
      (
        await desk.client.post(`/registrations/${closed.id}/care/close`, {
          outcome: 'transferred',
          closedOn: '2026-03-05',
        })
      ).status,
    ).toBe(303);
    // Both changed recently and have contacts still open: the inferred rule keeps them; the closing date does not.
    const later = new Date('2026-04-20T10:00:00Z');
    await t.deps.db.updateTable('registrations').set({ updated_at: '2026-04-19T10:00:00Z' }).execute();
    await runPurge(t.deps, later);
    const rows = await t.deps.db.selectFrom('registrations').select(['id', 'name_enc']).orderBy('id').execute();
    expect(rows.find((x) => x.id === closed.id)!.name_enc).toBeNull();
    expect(t.deps.crypto.decrypt(rows.find((x) => x.id === open.id)!.name_enc)).toBe('Joy Adeyemi');
  });
});
