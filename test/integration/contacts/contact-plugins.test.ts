import { html } from 'hono/html';
import { afterEach, describe, expect, it } from 'vitest';
import { insertEvent } from '../../../src/contacts/contacts.queries.js';
import { createTestApp, signedIn, type TestApp } from '../../support/test-app.js';

const apps: TestApp[] = [];
afterEach(async () => {
  for (const t of apps.splice(0)) await t.close();
});

/** An app with one signed-in agent and one contact that carries an event of a kind no built-in feature owns. */
async function appWithContact() {
  const t = await createTestApp();
  apps.push(t);
  const { client } = await signedIn(t, ['agent']);
  const created = await client.post('/contacts', {
    channel: 'phone',
    direction: 'in',
    queue: 'general',
    priority: 'normal',
    subject: 'Opvang',
  });
  const id = Number(/\/contacts\/(\d+)/.exec(created.headers.get('location')!)![1]);
  await insertEvent(t.deps.db, {
    contactId: id,
    at: t.clock.now.toISOString(),
    actorId: null,
    kind: 'review.asked',
    data: { who: 'Tess' },
  });
  return { t, client, id };
}

describe('a new feature plugs into the contact page without touching the contacts feature', () => {
  it('shows a registered panel with what its service loaded, and the timeline text of its own events', async () => {
    const { t, client, id } = await appWithContact();
    const loaded: number[] = [];
    t.deps.contactPlugins.registerContactPanel({
      name: 'review',
      load: async (contact) => {
        loaded.push(contact.id);
        return { subject: contact.subject };
      },
      view: (p) => html`<section id="review-panel">Review of ${p.subject}</section>`,
    });
    t.deps.contactPlugins.registerTimelineLabels('review.', (_t, _kind, data) => `asked ${String(data.who)} to review`);
    const page = await (await client.get(`/contacts/${id}`)).text();
    expect(loaded).toEqual([id]);
    expect(page).toContain('<section id="review-panel">Review of Opvang</section>');
    expect(page).toContain('asked Tess to review');
  });

  it('leaves a panel out when its feature has nothing to show for the contact', async () => {
    const { t, client, id } = await appWithContact();
    t.deps.contactPlugins.registerContactPanel({ name: 'review', load: async () => null, view: () => 'never shown' });
    const page = await (await client.get(`/contacts/${id}`)).text();
    expect(page).not.toContain('never shown');
  });

  it('keeps what one app registered out of another app in the same process', async () => {
    const a = await appWithContact();
    const b = await appWithContact();
    a.t.deps.contactPlugins.registerContactPanel({ name: 'review', load: async () => ({}), view: () => 'only in A' });
    a.t.deps.contactPlugins.registerTimelineLabels('review.', () => 'review text of A');
    const pageA = await (await a.client.get(`/contacts/${a.id}`)).text();
    const pageB = await (await b.client.get(`/contacts/${b.id}`)).text();
    expect(pageA).toContain('only in A');
    expect(pageA).toContain('review text of A');
    expect(pageB).not.toContain('only in A');
    expect(pageB).not.toContain('review text of A');
    expect(pageB).toContain('changed the contact'); // an event kind nobody claims: the general text
  });
});
