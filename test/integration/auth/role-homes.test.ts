import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, createTestApp, makeUser, signedIn, type TestApp } from '../../support/test-app.js';
import { makeRegistration } from '../../support/registration-factory.js';
import { makeContact } from '../../support/factories.js';
import { saveCareRegion, setCareRegionsOfUser } from '../../../src/registrations/care-regions.service.js';
import { AREAS, type AreaName } from '../../../src/http/areas.js';
import type { Role } from '../../../src/users/users.table.js';

// Issue 23: each role lands on its own page after sign-in and sees only the navigation it may open. Both databases.

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ DEV_TOOLS: 'true' }, { now: '2026-03-10T10:00:00Z' });
});
afterAll(async () => {
  await t.close();
});

/** The hrefs of the main navigation on a page. */
const navLinks = (html: string) => {
  const nav = /<nav aria-label="[^"]*">([\s\S]*?)<\/nav>/.exec(html)?.[1] ?? '';
  return [...nav.matchAll(/<a href="([^"]+)"/g)].map((m) => m[1]!);
};

describe('the first page after sign-in', () => {
  it.each([
    [['agent'], '/contacts'],
    [['legal'], '/routing/legal'],
    [['legal', 'agent'], '/routing/legal'],
    [['coordinator'], '/care'],
    [['supervisor'], '/statistics'],
    [['supervisor', 'agent'], '/statistics'],
    [['admin'], '/admin/users'],
    [['admin', 'supervisor', 'agent'], '/statistics'],
    [['supervisor', 'legal', 'agent'], '/statistics'],
    [['coordinator', 'agent'], '/care'],
  ] as [Role[], string][])('sends %j to %s, which opens for them', async (roles, home) => {
    const user = await makeUser(t.deps, roles);
    const c = new Client(t.app);
    const res = await c.post('/login', { email: user.email, password: user.password });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(home);
    const page = await c.get(home);
    expect(page.status).toBe(200);
    // The root and a second visit to /login answer the same home.
    const root = await c.get('/');
    expect(root.status).toBe(302);
    expect(root.headers.get('location')).toBe(home);
    const again = await c.get('/login');
    expect(again.status).toBe(302);
    expect(again.headers.get('location')).toBe(home);
  });

  it('keeps a safe return address and refuses a foreign one, falling back to the role’s home', async () => {
    const user = await makeUser(t.deps, ['coordinator']);
    const c = new Client(t.app);
    const back = await c.post('/login', { email: user.email, password: user.password, next: '/deadlines' });
    expect(back.status).toBe(303);
    expect(back.headers.get('location')).toBe('/deadlines');
    const d = new Client(t.app);
    const foreign = await d.post('/login', { email: user.email, password: user.password, next: '//evil.test/x' });
    expect(foreign.status).toBe(303);
    expect(foreign.headers.get('location')).toBe('/care');
  });

  it('sends a user without any role to the account page, never an error page', async () => {
    const user = await makeUser(t.deps, []);
    const c = new Client(t.app);
    const res = await c.post('/login', { email: user.email, password: user.password });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/account');
    const page = await c.get('/account');
    expect(page.status).toBe(200);
    expect(navLinks(await page.text())).toEqual(['/answers', '/account']);
  });
});

describe('the navigation', () => {
  const roles: Role[] = ['agent', 'legal', 'coordinator', 'supervisor', 'admin'];
  it.each(roles)('shows %s exactly the pages that open for it, the outbox among them where allowed', async (role) => {
    const { client } = await signedIn(t, [role]);
    const page = await client.get('/account');
    expect(page.status).toBe(200);
    const shown = navLinks(await page.text());
    expect(shown).toContain('/account');
    expect(shown.includes('/email/outbox')).toBe(role === 'agent' || role === 'supervisor');
    expect(shown.includes('/contacts/new')).toBe(role !== 'coordinator' && role !== 'admin');
    for (const area of Object.keys(AREAS) as AreaName[]) {
      const href = AREAS[area].href;
      const res = await client.get(href);
      if (shown.includes(href)) expect([href, res.status]).toEqual([href, 200]);
      else expect([href, res.status]).toEqual([href, 403]);
    }
  });
});

describe('a coordinator’s hand-over contact', () => {
  it('opens as the task on the registration’s page for her, and stays 404 for another region’s coordinator', async () => {
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
    const anna = await signedIn(t, ['coordinator'], 'Anna');
    await setCareRegionsOfUser(t.deps, anna.user.id, [rijnmond]);
    const tom = await signedIn(t, ['coordinator'], 'Tom');
    await setCareRegionsOfUser(t.deps, tom.user.id, [twente]);
    const agent = await makeUser(t.deps, ['agent']);
    const regId = await makeRegistration(t, agent.id, {
      careRegionId: rijnmond,
      consentCare: true,
      careRequested: true,
    });
    const task = await t.deps.db
      .selectFrom('registration_contacts')
      .innerJoin('contacts', 'contacts.id', 'registration_contacts.contact_id')
      .select(['contacts.id', 'contacts.reference'])
      .where('registration_id', '=', regId)
      .where('contacts.queue', '=', 'care')
      .executeTakeFirstOrThrow();

    const open = await anna.client.get(`/contacts/${task.id}`);
    expect(open.status).toBe(303);
    expect(open.headers.get('location')).toBe(`/registrations/${regId}#reg-contacts`);
    const reg = await anna.client.get(`/registrations/${regId}`);
    expect(reg.status).toBe(200);
    const html = await reg.text();
    expect(html).toContain('Care coordination hand-over task');
    expect(html).toContain(task.reference!);
    expect(html).not.toContain(`href="/contacts/${task.id}"`);

    expect((await tom.client.get(`/contacts/${task.id}`)).status).toBe(404);
    const other = await makeContact(t);
    expect((await anna.client.get(`/contacts/${other.id}`)).status).toBe(404);
    // Anything else under /contacts stays closed to her.
    expect((await anna.client.get('/contacts/new')).status).toBe(403);
    expect((await anna.client.get('/contacts/abc')).status).toBe(403);
    // An agent still opens the contact itself.
    const c = new Client(t.app);
    await c.signIn(agent.email, agent.password);
    expect((await c.get(`/contacts/${task.id}`)).status).toBe(200);
  });
});
