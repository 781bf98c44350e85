import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Client, createTestApp, signedIn, type TestApp } from '../../support/test-app.js';
import { updateUser } from '../../../src/users/users.service.js';
import { makeContact } from '../../support/factories.js';

const MIN = 60_000;

/** A contact the agent logged, through the contacts service. */
const newContact = async (t: TestApp, userId: number) =>
  (
    await makeContact(
      t,
      { channel: 'phone', direction: 'in', queue: 'general', priority: 'normal', subject: 'Sessie' },
      userId,
    )
  ).id;

/** Opens the live stream as the client and reads it as a browser's EventSource would. */
async function openStream(t: TestApp, client: Client) {
  const res = await t.app.request('http://baken.test/live/events', {
    headers: { Cookie: [...client.cookies].map(([k, v]) => `${k}=${v}`).join('; ') },
  });
  expect(res.status).toBe(200);
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  let text = '';
  /** Reads until the stream ends (true) or nothing more comes within `ms` (false). */
  let pending: ReturnType<typeof reader.read> | null = null; // a read that lost a race is kept, not lost
  const untilEnd = async (ms = 2000) => {
    const deadline = Date.now() + ms;
    while (Date.now() < deadline) {
      pending ??= reader.read();
      const next = await Promise.race([
        pending,
        new Promise<null>((r) => setTimeout(() => r(null), deadline - Date.now())),
      ]);
      if (next === null) return false;
      pending = null;
      if (next.done) return true;
      text += decoder.decode(next.value);
    }
    return false;
  };
  const read = async (ms = 300) => {
    await untilEnd(ms);
    return text;
  };
  return { untilEnd, read, cancel: () => reader.cancel().catch(() => undefined), text: () => text };
}

describe('sessions that end', () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await createTestApp({ SESSION_IDLE_MINUTES: '30', SESSION_ABSOLUTE_HOURS: '2' });
  });
  afterEach(async () => {
    await t.close();
  });

  it('ends an idle session although its contact page keeps sending presence pings', async () => {
    const { client, user } = await signedIn(t, ['agent']);
    const id = await newContact(t, user.id);
    for (let i = 0; i < 3; i++) {
      t.clock.advance(9 * MIN);
      expect((await client.post(`/live/presence/${id}`)).status).toBe(200);
    }
    t.clock.advance(4 * MIN); // 31 minutes since the agent's own last action
    const res = await client.get('/contacts');
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toContain('/login?next=%2Fcontacts&expired=1');
  });

  it('ends a session at its absolute lifetime however active the agent is', async () => {
    const { client } = await signedIn(t, ['agent']);
    for (let i = 0; i < 11; i++) {
      t.clock.advance(10 * MIN);
      expect((await client.get('/contacts')).status).toBe(200);
    }
    t.clock.advance(10 * MIN + 1000); // 2 h since sign-in
    expect((await client.get('/contacts')).status).toBe(302);
  });

  it('tells the time left without extending it, and extends it on the agent’s request', async () => {
    const { client } = await signedIn(t, ['agent']);
    t.clock.advance(20 * MIN);
    const status = await client.get('/session/status');
    expect(status.status).toBe(200);
    expect(status.headers.get('cache-control')).toBe('no-store');
    expect(await status.json()).toEqual({ idleSeconds: 10 * 60, absoluteSeconds: 100 * 60 });
    t.clock.advance(5 * MIN);
    expect(await (await client.get('/session/status')).json()).toEqual({
      idleSeconds: 5 * 60,
      absoluteSeconds: 95 * 60,
    });
    expect((await client.post('/session/extend', {}, {}, { csrf: false })).status).toBe(403);
    const extended = await client.post('/session/extend', {}, { 'X-CSRF-Token': client.csrf });
    expect(extended.status).toBe(200);
    expect(await extended.json()).toEqual({ idleSeconds: 30 * 60, absoluteSeconds: 95 * 60 });
    t.clock.advance(31 * MIN);
    const gone = await client.get('/session/status');
    expect(gone.status).toBe(401);
    expect(await gone.json()).toEqual({ error: 'no session' });
  });

  it('answers the status 401 in JSON without a session', async () => {
    const res = await new Client(t.app).get('/session/status');
    expect(res.status).toBe(401);
    expect(res.headers.get('content-type')).toContain('application/json');
  });

  it('closes the live stream at sign-out', async () => {
    const { client } = await signedIn(t, ['agent']);
    const stream = await openStream(t, client);
    expect(await stream.read()).toContain('event: ready');
    expect((await client.post('/logout')).status).toBe(303);
    expect(await stream.untilEnd()).toBe(true);
    t.deps.events.publish({ type: 'call.incoming', data: { subject: 'Na afmelden' } });
    expect(stream.text()).not.toContain('Na afmelden');
  });

  it('closes the live stream when an admin deactivates the user', async () => {
    const { client, user } = await signedIn(t, ['agent'], 'Lotte');
    const admin = await signedIn(t, ['admin']);
    const stream = await openStream(t, client);
    expect(await stream.read()).toContain('event: ready');
    await updateUser(
      t.deps,
      user.id,
      { name: 'Lotte', email: user.email, roles: ['agent'], locale: 'en', active: false, password: '' },
      admin.user.id,
      null,
    );
    expect(await stream.untilEnd()).toBe(true);
  });

  it('closes an expired session’s stream before it delivers the next event', async () => {
    const { client } = await signedIn(t, ['agent']);
    const stream = await openStream(t, client);
    expect(await stream.read()).toContain('event: ready');
    t.deps.events.publish({ type: 'call.incoming', data: { subject: 'Nog binnen de tijd' } });
    expect(await stream.read()).toContain('Nog binnen de tijd');
    t.clock.advance(31 * MIN);
    t.deps.events.publish({ type: 'call.incoming', data: { subject: 'Na verlopen' } });
    expect(await stream.untilEnd()).toBe(true);
    expect(stream.text()).not.toContain('Na verlopen');
  });

  it('does not let the inbox refreshing itself on live events keep the session alive', async () => {
    const { client } = await signedIn(t, ['agent']);
    for (let i = 0; i < 4; i++) {
      t.clock.advance(8 * MIN);
      const res = await client.get('/contacts/results', { 'HX-Request': 'true' });
      expect(res.status).toBe(i < 3 ? 200 : 401);
    }
  });

  it('does not let the stream or presence keep the session alive', async () => {
    const { client } = await signedIn(t, ['agent']);
    t.clock.advance(29 * MIN);
    const stream = await openStream(t, client);
    await stream.read();
    await stream.cancel();
    t.clock.advance(2 * MIN);
    expect((await client.get('/contacts')).status).toBe(302);
  });
});

describe('CSRF tied to the session', () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await createTestApp();
  });
  afterEach(async () => {
    await t.close();
  });
  const form = { channel: 'phone', direction: 'in', queue: 'general', priority: 'normal', subject: 'x' };

  it('refuses a CSRF token of another session', async () => {
    const eva = await signedIn(t, ['agent']);
    const mallory = await signedIn(t, ['agent']);
    expect(eva.client.csrf).not.toBe(mallory.client.csrf);
    expect((await eva.client.post('/contacts', { ...form, _csrf: mallory.client.csrf })).status).toBe(403);
    // Even with the cookie planted as well (a double-submit cookie alone would accept the pair).
    eva.client.cookies.set('baken_csrf', mallory.client.csrf);
    const res = await t.app.request('http://baken.test/contacts', {
      method: 'POST',
      body: new URLSearchParams({ ...form, _csrf: mallory.client.csrf }),
      headers: {
        'Content-Type': 'application/x-www-form-urlencoded',
        Cookie: [...eva.client.cookies].map(([k, v]) => `${k}=${v}`).join('; '),
      },
    });
    expect(res.status).toBe(403);
    expect(await t.deps.db.selectFrom('contacts').select('id').execute()).toHaveLength(0);
  });

  it('refuses the token from before sign-in once signed in (rotated at sign-in)', async () => {
    const anon = new Client(t.app);
    await anon.get('/login');
    const before = anon.csrf;
    const eva = await signedIn(t, ['agent']);
    eva.client.cookies.set('baken_csrf', before);
    expect((await eva.client.post('/contacts', { ...form, _csrf: before })).status).toBe(403);
  });

  it('refuses a state-changing request with Origin: null', async () => {
    const eva = await signedIn(t, ['agent']);
    const res = await eva.client.post('/contacts', form, { Origin: 'null' });
    expect(res.status).toBe(403);
    expect(await t.deps.db.selectFrom('contacts').select('id').execute()).toHaveLength(0);
  });

  it('refuses presence to a coordinator', async () => {
    const eva = await signedIn(t, ['agent']);
    const id = await newContact(t, eva.user.id);
    const coordinator = await signedIn(t, ['coordinator']);
    expect((await coordinator.client.post(`/live/presence/${id}`)).status).toBe(403);
    expect((await coordinator.client.post(`/live/presence/${id}`, { leave: '1' })).status).toBe(403);
  });
});
