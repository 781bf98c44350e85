import { afterEach, describe, expect, it } from 'vitest';
import { createTestApp, signedIn, type TestApp } from '../../support/test-app.js';
import { makeRegistration } from '../../support/registration-factory.js';
import { saveCareRegion, setCareRegionsOfUser } from '../../../src/registrations/care-regions.service.js';
import { raiseDeadlineTasks } from '../../../src/registrations/deadlines.service.js';
import { makeUser } from '../../support/factories.js';
import { raiseWaitingRequests } from '../../../src/cosm/cosm.service.js';

// Issue 26: COSM placement requests from a registration, the shelters an admin keeps, the waiting list in its
// order, offers accepted or declined, a wait too long raised on the care queue, and the shelter-stay deadline.

const apps: TestApp[] = [];
afterEach(async () => {
  for (const t of apps.splice(0)) await t.close();
});

async function app() {
  const t = await createTestApp({}, { now: '2026-03-10T10:00:00Z' });
  apps.push(t);
  return t;
}

async function shelter(t: TestApp, form: Record<string, string | string[]>) {
  const { client } = await signedIn(t, ['admin']);
  const res = await client.post('/admin/cosm-shelters', { active: 'yes', ...form });
  expect(res.status).toBe(303);
  const row = await t.deps.db
    .selectFrom('cosm_shelters')
    .selectAll()
    .where('name', '=', form.name as string)
    .executeTakeFirstOrThrow();
  return row.id;
}

const requestOf = (t: TestApp, registrationId: number) =>
  t.deps.db
    .selectFrom('cosm_requests')
    .selectAll()
    .where('registration_id', '=', registrationId)
    .executeTakeFirstOrThrow();

const careTasks = (t: TestApp) =>
  t.deps.db
    .selectFrom('contacts')
    .select(['id', 'subject', 'queue'])
    .where('queue', '=', 'care')
    .orderBy('id')
    .execute();

describe('COSM placements', () => {
  it('a COSM request waits, is offered, accepted, and its end date raises the shelter-stay deadline', async () => {
    const t = await app();
    const haven = await shelter(t, {
      name: 'De Haven',
      region: 'Noord',
      kinds: ['women'],
      places: '4',
      freePlaces: '1',
    });
    let { client, user } = await signedIn(t, ['agent']);
    const regId = await makeRegistration(t, user.id);
    const reference = (
      await t.deps.db.selectFrom('registrations').select('reference').where('id', '=', regId).executeTakeFirstOrThrow()
    ).reference!;

    // The registration's page offers the request form, with the person's needs and no identifying field.
    const regPage = await (await client.get(`/registrations/${regId}`)).text();
    const panel = regPage.slice(regPage.indexOf('class="cosm-panel"'));
    expect(panel).toContain(`action="/registrations/${regId}/cosm"`);
    expect(panel).not.toContain('name="name"');

    const asked = await client.post(`/registrations/${regId}/cosm`, {
      urgency: 'high',
      gender: 'female',
      careNeeds: ['psychological', 'interpreter'],
      interpreter: 'Roemeens',
    });
    expect(asked.status).toBe(303);
    expect(asked.headers.get('location')).toMatch(/^\/cosm\?done=request/);
    let req = await requestOf(t, regId);
    expect(req.status).toBe('waiting');
    expect(req.care_needs).toBe('psychological,interpreter');

    // Three days on, still waiting: the list says so, and the wait is raised on the care queue once.
    t.clock.set('2026-03-13T10:00:00Z');
    ({ client, user } = await signedIn(t, ['agent'])); // the first session has run out meanwhile
    const list = await client.get('/cosm');
    expect(list.status).toBe(200);
    const html = await list.text();
    expect(html).toContain(reference);
    expect(html).toContain('waiting 3 days');
    expect(await raiseWaitingRequests(t.deps)).toBe(1);
    expect(await raiseWaitingRequests(t.deps)).toBe(0);
    const raised = (await careTasks(t)).filter((c) => c.subject?.startsWith('COSM'));
    expect(raised).toHaveLength(1);
    expect(raised[0]!.subject).toContain(reference);
    expect(raised[0]!.subject).not.toMatch(/Roemeens|psycholog/i);

    req = await requestOf(t, regId);
    const offered = await client.post(`/cosm/requests/${req.id}/offer`, {
      shelter: String(haven),
      version: String(req.version),
    });
    expect(offered.status).toBe(303);
    expect(offered.headers.get('location')).toBe('/cosm?done=offer');
    req = await requestOf(t, regId);
    expect(req.status).toBe('offered');
    expect(req.shelter_id).toBe(haven);

    const accepted = await client.post(`/cosm/requests/${req.id}/answer`, {
      answer: 'accept',
      startOn: '2026-03-13',
      endOn: '2026-04-10',
      version: String(req.version),
    });
    expect(accepted.status).toBe(303);
    req = await requestOf(t, regId);
    expect(req.status).toBe('placed');
    expect([req.start_on, req.end_on, req.placed_on]).toEqual(['2026-03-13', '2026-04-10', '2026-03-13']);
    const reg = await t.deps.db
      .selectFrom('registrations')
      .select(['placement', 'shelter_ends_on'])
      .where('id', '=', regId)
      .executeTakeFirstOrThrow();
    expect(reg).toEqual({ placement: 'cosm', shelter_ends_on: '2026-04-10' });
    const place = await t.deps.db
      .selectFrom('cosm_shelters')
      .select('free_places')
      .where('id', '=', haven)
      .executeTakeFirstOrThrow();
    expect(place.free_places).toBe(0);

    // The end date feeds the shelter-stay deadline: on the deadline list, and raised on the care queue in time.
    const deadlines = await (await client.get('/deadlines')).text();
    expect(deadlines).toContain('10-04-2026');
    t.clock.set('2026-03-30T10:00:00Z');
    ({ client, user } = await signedIn(t, ['agent']));
    expect(await raiseDeadlineTasks(t.deps, 10)).toBe(1);
    const stay = (await careTasks(t)).filter((c) => c.subject?.startsWith('Opvang eindigt'));
    expect(stay).toHaveLength(1);
    expect(stay[0]!.subject).toContain(`${reference} (2026-04-10)`);

    const actions = (
      await t.deps.db.selectFrom('audit_log').select('action').where('action', 'like', 'cosm.%').orderBy('id').execute()
    ).map((a) => a.action);
    expect(actions).toEqual(
      expect.arrayContaining(['cosm.request', 'cosm.list', 'cosm.raise', 'cosm.offer', 'cosm.accept']),
    );

    // Ending the placement frees the place again.
    req = await requestOf(t, regId);
    const ended = await client.post(`/cosm/requests/${req.id}/end`, {
      endedOn: '2026-04-01',
      version: String(req.version),
    });
    expect(ended.status).toBe(303);
    expect(
      (
        await t.deps.db
          .selectFrom('cosm_shelters')
          .select('free_places')
          .where('id', '=', haven)
          .executeTakeFirstOrThrow()
      ).free_places,
    ).toBe(1);
  });

  it('queues a placement request for a shelter with no free places instead of refusing it', async () => {
    const t = await app();
    const full = await shelter(t, { name: 'Vol', kinds: ['women'], places: '3', freePlaces: '0' });
    const { client, user } = await signedIn(t, ['agent']);
    const regId = await makeRegistration(t, user.id);
    const res = await client.post(`/registrations/${regId}/cosm`, { urgency: 'acute', shelter: String(full) });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toMatch(/^\/cosm\?done=queued/);
    const req = await requestOf(t, regId);
    expect(req.status).toBe('waiting');
    expect(req.wanted_shelter_id).toBe(full);
    const page = await (await client.get('/cosm?done=queued')).text();
    expect(page).toContain('no free place');
    expect(page).toContain('Queued for Vol');
    // Offering it there again while it is still full keeps it queued, never placed beyond the places.
    const again = await client.post(`/cosm/requests/${req.id}/offer`, {
      shelter: String(full),
      version: String(req.version),
    });
    expect(again.status).toBe(303);
    expect(again.headers.get('location')).toBe('/cosm?done=queued');
    expect((await requestOf(t, regId)).status).toBe('waiting');
  });

  it('lists the waiting in order of need, then waiting time', async () => {
    const t = await app();
    const { client, user } = await signedIn(t, ['agent']);
    const ids: number[] = [];
    for (const urgency of ['normal', 'normal', 'acute']) {
      const regId = await makeRegistration(t, user.id);
      ids.push(regId);
      expect((await client.post(`/registrations/${regId}/cosm`, { urgency })).status).toBe(303);
      t.clock.advance(60_000);
    }
    const html = await (await client.get('/cosm')).text();
    const at = (id: number) => html.indexOf(`href="/registrations/${id}"`);
    expect(at(ids[2]!)).toBeGreaterThan(-1);
    expect(at(ids[2]!)).toBeLessThan(at(ids[0]!));
    expect(at(ids[0]!)).toBeLessThan(at(ids[1]!));
  });

  it('keeps a declined request on the list in its place, and counts the refusal by its reason', async () => {
    const t = await app();
    const haven = await shelter(t, { name: 'De Haven', kinds: ['women'], places: '2', freePlaces: '2' });
    const { client, user } = await signedIn(t, ['agent']);
    const regId = await makeRegistration(t, user.id);
    await client.post(`/registrations/${regId}/cosm`, { shelter: String(haven) });
    let req = await requestOf(t, regId);
    expect(req.status).toBe('offered');
    const unknown = await client.post(`/cosm/requests/${req.id}/answer`, {
      answer: 'decline',
      reason: 'because',
      version: String(req.version),
    });
    expect(unknown.status).toBe(422);
    expect(await unknown.text()).toContain('Choose one of the listed reasons');
    expect((await requestOf(t, regId)).status).toBe('offered');
    const declined = await client.post(`/cosm/requests/${req.id}/answer`, {
      answer: 'decline',
      reason: 'addiction',
      version: String(req.version),
    });
    expect(declined.status).toBe(303);
    req = await requestOf(t, regId);
    expect(req.status).toBe('waiting');
    expect(req.requested_at).toBe('2026-03-10T10:00:00.000Z');
    const html = await (await client.get('/cosm?year=2026')).text();
    const figures = html.slice(html.indexOf('class="cosm-refusals"'));
    expect(figures).toMatch(/Addiction<\/th>\s*<td>1<\/td>/);
    expect(figures).toMatch(/No free place<\/th>\s*<td>0<\/td>/);
  });

  it('answers 409 to a change drawn from an older version, and 422 to bad input', async () => {
    const t = await app();
    const haven = await shelter(t, { name: 'De Haven', kinds: ['women'], places: '2', freePlaces: '2' });
    const { client, user } = await signedIn(t, ['agent']);
    const regId = await makeRegistration(t, user.id);
    expect((await client.post(`/registrations/${regId}/cosm`, { urgency: 'whenever' })).status).toBe(422);
    expect((await client.post(`/registrations/${regId}/cosm`, { interpreter: 'Jan Jansen 0612345678' })).status).toBe(
      422,
    );
    expect((await client.post(`/registrations/${regId}/cosm`, { careNeeds: ['<script>'] })).status).toBe(422);
    expect((await client.post('/registrations/999999/cosm', {})).status).toBe(404);
    expect((await client.post(`/registrations/${regId}/cosm`, {})).status).toBe(303);
    expect((await client.post(`/registrations/${regId}/cosm`, {})).status).toBe(409);
    const req = await requestOf(t, regId);
    const stale = await client.post(`/cosm/requests/${req.id}/offer`, {
      shelter: String(haven),
      version: String(req.version + 1),
    });
    expect(stale.status).toBe(409);
    expect((await client.post(`/cosm/requests/${req.id}/offer`, { shelter: String(haven) })).status).toBe(422);
    expect(
      (await client.post(`/cosm/requests/${req.id}/offer`, { shelter: '999', version: String(req.version) })).status,
    ).toBe(422);
    const accept = await client.post(`/cosm/requests/${req.id}/answer`, {
      answer: 'accept',
      version: String(req.version),
    });
    expect(accept.status).toBe(409); // not offered yet
  });

  it("lets a region's coordinator ask for a place for her person and follow it, never another region's", async () => {
    const t = await app();
    const admin = await makeUser(t.deps, ['admin']);
    const region = (name: string) =>
      saveCareRegion(
        t.deps,
        null,
        {
          name,
          covers: name,
          coordinatorOrg: `Zorg ${name}`,
          coordinatorEmail: `zc@${name}.test`,
          hasCoordinator: true,
        },
        { id: admin.id, ip: null },
      );
    const rijnmond = await region('rijnmond');
    const twente = await region('twente');
    const anna = await signedIn(t, ['coordinator'], 'Anna Rijnmond');
    await setCareRegionsOfUser(t.deps, anna.user.id, [rijnmond]);
    const tom = await signedIn(t, ['coordinator'], 'Tom Twente');
    await setCareRegionsOfUser(t.deps, tom.user.id, [twente]);
    const desk = await signedIn(t, ['agent']);
    const regId = await makeRegistration(t, desk.user.id, { careRegionId: rijnmond });
    const form = { urgency: 'normal', gender: 'female', careNeeds: ['medical'] };

    const page = await (await anna.client.get(`/registrations/${regId}`)).text();
    const panel = page.slice(page.indexOf('class="cosm-panel"'));
    expect(panel).toContain(`action="/registrations/${regId}/cosm"`);
    expect(panel).not.toContain('href="/cosm"');

    const other = await tom.client.post(`/registrations/${regId}/cosm`, form);
    expect(other.status).toBe(404);
    expect(await t.deps.db.selectFrom('cosm_requests').select('id').execute()).toEqual([]);

    const asked = await anna.client.post(`/registrations/${regId}/cosm`, form);
    expect(asked.status).toBe(303);
    expect(asked.headers.get('location')).toBe(`/registrations/${regId}#cosm-panel`);
    expect(await requestOf(t, regId)).toMatchObject({ status: 'waiting', created_by: anna.user.id });
    expect((await anna.client.get('/cosm')).status).toBe(403);
  });

  it('lets only agents and supervisors work the list, and only admins keep the shelters', async () => {
    const t = await app();
    for (const role of ['coordinator', 'legal', 'admin'] as const) {
      const { client } = await signedIn(t, [role]);
      expect((await client.get('/cosm')).status).toBe(403);
    }
    const { client } = await signedIn(t, ['agent']);
    expect((await client.get('/admin/cosm-shelters')).status).toBe(403);
    const admin = (await signedIn(t, ['admin'])).client;
    const bad = await admin.post('/admin/cosm-shelters', {
      name: 'Te vol',
      places: '2',
      freePlaces: '3',
      kinds: ['women'],
    });
    expect(bad.status).toBe(422);
    expect(await bad.text()).toContain('more free places than places');
    expect(
      (await admin.post('/admin/cosm-shelters', { name: 'X', places: '2', freePlaces: '1', kinds: ['castle'] })).status,
    ).toBe(422);
    expect((await admin.post('/admin/cosm-shelters', { name: '', places: '2', freePlaces: '1' })).status).toBe(422);
    expect(await t.deps.db.selectFrom('cosm_shelters').select('id').execute()).toEqual([]);
  });

  it('puts the second of two offers back on the list, queued, when the last free place went to the first', async () => {
    const t = await app();
    const one = await shelter(t, { name: 'Eén plek', kinds: ['women'], places: '5', freePlaces: '1' });
    const { client, user } = await signedIn(t, ['agent']);
    const first = await makeRegistration(t, user.id);
    const second = await makeRegistration(t, user.id);
    await client.post(`/registrations/${first}/cosm`, { shelter: String(one) });
    await client.post(`/registrations/${second}/cosm`, { shelter: String(one) });
    const [a, b] = [await requestOf(t, first), await requestOf(t, second)];
    expect([a.status, b.status]).toEqual(['offered', 'offered']);
    const accept = (id: number, version: number) =>
      client.post(`/cosm/requests/${id}/answer`, { answer: 'accept', version: String(version) });
    expect((await accept(a.id, a.version)).headers.get('location')).toBe('/cosm?done=answer');
    const late = await accept(b.id, b.version);
    expect(late.status).toBe(303);
    expect(late.headers.get('location')).toBe('/cosm?done=queued');
    const back = await requestOf(t, second);
    expect([back.status, back.wanted_shelter_id]).toEqual(['waiting', one]);
    expect((await requestOf(t, first)).end_on).toBe('2026-06-10'); // three months by default
    const place = await t.deps.db
      .selectFrom('cosm_shelters')
      .select('free_places')
      .where('id', '=', one)
      .executeTakeFirstOrThrow();
    expect(place.free_places).toBe(0);

    // The waiting one can be withdrawn; then the registration may ask again.
    const withdrawn = await client.post(`/cosm/requests/${back.id}/withdraw`, { version: String(back.version) });
    expect(withdrawn.status).toBe(303);
    expect((await requestOf(t, second)).status).toBe('withdrawn');
    expect((await client.post(`/registrations/${second}/cosm`, {})).status).toBe(303);
  });
});
