import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, signedIn, type TestApp } from '../../support/test-app.js';
import { Presence } from '../../../src/live/presence.js';
import { makeContact } from '../../support/factories.js';

describe('who else has a contact open', () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await createTestApp();
  });
  afterEach(async () => {
    await t.close();
  });

  it('shows an agent that a colleague has the same contact open, until the colleague leaves', async () => {
    const eva = await signedIn(t, ['agent'], 'Eva');
    const rik = await signedIn(t, ['agent'], 'Rik');
    const { id } = await makeContact(
      t,
      { channel: 'phone', direction: 'in', queue: 'general', priority: 'normal', subject: 'Samen' },
      eva.user.id,
    );
    await eva.client.get(`/contacts/${id}`);
    const page = await (await rik.client.get(`/contacts/${id}`)).text();
    expect(page).toContain('Also on this contact now: Eva');
    const ping = await eva.client.post(`/live/presence/${id}`, {}, { 'X-CSRF-Token': eva.client.csrf });
    expect(await ping.json()).toEqual({ others: ['Rik'] });
    await rik.client.post(`/live/presence/${id}`, { leave: '1' });
    expect(await (await eva.client.post(`/live/presence/${id}`)).json()).toEqual({ others: [] });
  });

  it('forgets an agent who stopped saying they are there', () => {
    const p = new Presence(45_000);
    p.touch(1, { id: 1, name: 'Eva' }, 0);
    expect(p.touch(1, { id: 2, name: 'Rik' }, 10_000)).toEqual(['Eva']);
    expect(p.others(1, 2, 50_000)).toEqual([]);
  });

  it('refuses presence without the CSRF token, for an unknown contact, and without a session', async () => {
    const eva = await signedIn(t, ['agent'], 'Eva');
    expect((await eva.client.post('/live/presence/1', {}, {}, { csrf: false })).status).toBe(403);
    expect((await eva.client.post('/live/presence/99999')).status).toBe(404);
    expect((await eva.client.post('/live/presence/abc')).status).toBe(404);
    const res = await t.app.request('http://baken.test/live/presence/1', { method: 'POST' });
    expect(res.status).toBe(403);
  });
});
