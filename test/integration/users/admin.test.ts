import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Client, createTestApp, signedIn, type TestApp } from '../../support/test-app.js';
import { execSql } from '../../support/sqlite.js';

describe('roles, users, office hours and the audit log', () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await createTestApp({}, { now: '2026-11-23T10:00:00Z' });
  });
  afterEach(async () => {
    await t.close();
  });

  it.each([
    ['/admin/users', ['agent']],
    ['/admin/office-hours', ['supervisor']],
    ['/audit', ['agent']],
    ['/contacts', ['coordinator']],
  ] as const)('refuses %s to a user without the role (403)', async (path, roles) => {
    const { client } = await signedIn(t, [...roles]);
    expect((await client.get(path)).status).toBe(403);
  });

  it('refuses an admin action posted by an agent, and changes nothing', async () => {
    const { client } = await signedIn(t, ['agent']);
    const res = await client.post('/admin/users', {
      name: 'Mallory',
      email: 'm@baken.test',
      password: 'long-enough-pw',
      roles: 'admin',
    });
    expect(res.status).toBe(403);
    expect(await t.deps.db.selectFrom('users').select('id').where('email', '=', 'm@baken.test').execute()).toHaveLength(
      0,
    );
  });

  it('lets an admin add a user who can then sign in with the given roles, audited', async () => {
    const { client, user } = await signedIn(t, ['admin']);
    const res = await client.post('/admin/users', {
      name: 'Lotte',
      email: 'Lotte@Baken.test',
      password: 'lotte-password',
      roles: ['legal', 'agent'],
      locale: 'nl',
      active: 'on',
    });
    expect(res.status).toBe(303);
    const lotte = new Client(t.app);
    await lotte.signIn('lotte@baken.test', 'lotte-password');
    expect(await (await lotte.get('/contacts')).text()).toContain('Nieuw contact');
    const audit = await t.deps.db
      .selectFrom('audit_log')
      .selectAll()
      .where('action', '=', 'user.create')
      .where('actor_id', '=', user.id)
      .executeTakeFirstOrThrow();
    expect(audit.actor_id).toBe(user.id);
    expect(audit.details).not.toContain('lotte-password');
  });

  it('keeps what the admin typed and explains each error (422)', async () => {
    const { client } = await signedIn(t, ['admin']);
    const res = await client.post('/admin/users', { name: '', email: 'not-an-address', password: 'short', roles: [] });
    expect(res.status).toBe(422);
    const html = await res.text();
    for (const id of ['name-error', 'email-error', 'password-error']) expect(html).toContain(id);
    expect(html).toContain('value="not-an-address"');
  });

  it('refuses a duplicate email address', async () => {
    const { client, user } = await signedIn(t, ['admin']);
    const res = await client.post('/admin/users', {
      name: 'Dup',
      email: user.email,
      password: 'long-enough-pw',
      roles: 'agent',
    });
    expect(res.status).toBe(422);
  });

  it('deactivates a user, which ends their sessions at once', async () => {
    const { client: admin } = await signedIn(t, ['admin']);
    const { client: agent, user } = await signedIn(t, ['agent'], 'Rik');
    expect((await agent.get('/contacts')).status).toBe(200);
    const res = await admin.post(`/admin/users/${user.id}`, {
      name: 'Rik',
      email: user.email,
      password: '',
      roles: 'agent',
      locale: '',
    });
    expect(res.status).toBe(303);
    expect((await agent.get('/contacts')).status).toBe(302);
  });

  it('does not let an admin lock themself out', async () => {
    const { client, user } = await signedIn(t, ['admin']);
    const res = await client.post(`/admin/users/${user.id}`, {
      name: 'Me',
      email: user.email,
      password: '',
      roles: 'agent',
      active: 'on',
    });
    expect(res.status).toBe(422);
  });

  it('answers 404 for an unknown user', async () => {
    const { client } = await signedIn(t, ['admin']);
    expect((await client.get('/admin/users/4242')).status).toBe(404);
  });

  it('lets an admin add a closure that closes the desk, and remove it again', async () => {
    const { client } = await signedIn(t, ['admin']);
    expect(await (await client.get('/admin/office-hours')).text()).toContain('Open now');
    const res = await client.post('/admin/office-hours/closures', {
      start: '2026-11-23T10:30',
      end: '2026-11-23T14:00',
      reason: 'Team day',
    });
    expect(res.status).toBe(303);
    const page = await (await client.get('/admin/office-hours')).text();
    expect(page).toContain('Closed — opens today 14:00');
    expect(page).toContain('Team day');
    expect(t.deps.officeHours.isOpen(new Date('2026-11-23T10:00:00Z'))).toBe(false);
    const id = (await t.deps.db.selectFrom('closures').select('id').executeTakeFirstOrThrow()).id;
    expect((await client.post(`/admin/office-hours/closures/${id}/delete`)).status).toBe(303);
    expect(t.deps.officeHours.isOpen(new Date('2026-11-23T10:00:00Z'))).toBe(true);
    const actions = (await t.deps.db.selectFrom('audit_log').select('action').execute()).map((a) => a.action);
    expect(actions).toEqual(expect.arrayContaining(['closure.create', 'closure.delete']));
  });

  it.each([
    [{ start: '', end: '', reason: '' }, ['start-error', 'end-error', 'reason-error']],
    [{ start: '2026-12-01T12:00', end: '2026-12-01T09:00', reason: 'x' }, ['end-error']],
    [{ start: 'yesterday', end: '2026-12-01T09:00', reason: 'x' }, ['start-error']],
  ])('rejects a wrong closure with 422 and stores nothing (%o)', async (form, errors) => {
    const { client } = await signedIn(t, ['admin']);
    const res = await client.post('/admin/office-hours/closures', form);
    expect(res.status).toBe(422);
    const html = await res.text();
    for (const e of errors) expect(html).toContain(e);
    expect(await t.deps.db.selectFrom('closures').select('id').execute()).toHaveLength(0);
  });

  it('shows the audit log to a supervisor, and keeps it append-only', async () => {
    const { client } = await signedIn(t, ['supervisor']);
    const html = await (await client.get('/audit?action=login')).text();
    // In words, the code kept as the cell's title (issue 23).
    expect(html).toContain('<td title="login">Signed in</td>');
    await expect(execSql(t.deps, "UPDATE audit_log SET action = 'x'")).rejects.toThrow(/append-only/);
    await expect(execSql(t.deps, 'DELETE FROM audit_log')).rejects.toThrow(/append-only/);
  });

  it('shows on every page whether the desk is open', async () => {
    const { client } = await signedIn(t, ['agent']);
    expect(await (await client.get('/contacts')).text()).toContain('Open now — until 17:00');
    t.clock.set('2026-11-27T16:05:00Z'); // Friday 17:05 Amsterdam
    const fresh = await signedIn(t, ['agent']);
    expect(await (await fresh.client.get('/contacts')).text()).toContain('Closed — opens Monday 09:00');
  });
});
