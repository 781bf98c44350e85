import { afterEach, describe, expect, it } from 'vitest';
import type { ContactText } from '../../../src/contacts/contacts.plugin.js';
import { listEvents, lastContactId } from '../../../src/contacts/contacts.queries.js';
import { createTestApp, signedIn, type TestApp } from '../../support/test-app.js';

const apps: TestApp[] = [];
afterEach(async () => {
  for (const t of apps.splice(0)) await t.close();
});

async function desk() {
  const t = await createTestApp();
  apps.push(t);
  const { client, user } = await signedIn(t, ['agent']);
  return { t, client, user };
}

const newContact = (subject: string, notes = '') => ({
  channel: 'phone',
  direction: 'in',
  queue: 'general',
  priority: 'normal',
  subject,
  notes,
});

async function logContact(client: Awaited<ReturnType<typeof desk>>['client'], subject: string, notes = '') {
  const res = await client.post('/contacts', newContact(subject, notes));
  expect(res.status).toBe(303);
  return Number(/\/contacts\/(\d+)/.exec(res.headers.get('location')!)![1]);
}

describe('features react to contacts through hooks, in the contacts’ own transaction', () => {
  it('hands a note to the text hooks inside the note’s transaction, where the note is already on the timeline', async () => {
    const { t, client, user } = await desk();
    const id = await logContact(client, 'Vraag over opvang');
    const seen: { text: ContactText; noteInTrx: boolean }[] = [];
    t.deps.contactPlugins.registerContactHooks('probe', {
      text: async (trx, text) => {
        const events = await listEvents(trx, text.contactId);
        seen.push({ text, noteInTrx: events.some((e) => e.kind === 'note' && e.data.includes(text.body)) });
      },
    });
    const res = await client.post(`/contacts/${id}/notes`, { body: 'Belt morgen terug over de B8-regeling' });
    expect(res.status).toBe(303);
    expect(seen).toEqual([
      {
        text: { contactId: id, body: 'Belt morgen terug over de B8-regeling', source: 'note', actor: { id: user.id } },
        noteInTrx: true,
      },
    ]);
  });

  it('rolls a note back with a hook that fails: nothing saved, the agent gets an error page', async () => {
    const { t, client } = await desk();
    const id = await logContact(client, 'Vraag over opvang');
    t.deps.contactPlugins.registerContactHooks('broken', {
      text: async () => {
        throw new Error('hook failed');
      },
    });
    const res = await client.post(`/contacts/${id}/notes`, { body: 'Deze notitie mag niet blijven staan' });
    expect(res.status).toBe(500);
    expect(await res.text()).not.toContain('hook failed');
    const kinds = (await listEvents(t.deps.db, id)).map((e) => e.kind);
    expect(kinds).not.toContain('note');
  });

  it('creates no contact by hand when a hook on its words fails (routing and the contact commit together)', async () => {
    const { t, client } = await desk();
    await logContact(client, 'Eerste contact');
    const before = await lastContactId(t.deps.db);
    t.deps.contactPlugins.registerContactHooks('broken', {
      text: async (_trx, text) => {
        if (text.source === 'manual') throw new Error('hook failed');
      },
    });
    const res = await client.post('/contacts', newContact('Tweede contact', 'Zij wordt uitgebuit in een nagelstudio'));
    expect(res.status).toBe(500);
    expect(await lastContactId(t.deps.db)).toBe(before);
  });

  it('tells the hooks where words came from: a hand-made contact, a note, a callback’s note', async () => {
    const { t, client } = await desk();
    const sources: string[] = [];
    t.deps.contactPlugins.registerContactHooks('probe', {
      text: async (_trx, text) => {
        sources.push(`${text.source}:${text.subject ?? ''}|${text.body}`);
      },
    });
    const id = await logContact(client, 'Uitbuiting', 'Werkt zonder loon');
    expect((await client.post(`/contacts/${id}/notes`, { body: 'Tweede notitie' })).status).toBe(303);
    const cb = await client.post(`/contacts/${id}/update`, { intent: 'callback-no-answer', notes: 'Niet bereikt' });
    expect(cb.status).toBe(303);
    expect(sources).toEqual(['manual:Uitbuiting|Werkt zonder loon', 'note:|Tweede notitie', 'callback:|Niet bereikt']);
  });

  it('runs the row-write hooks around a change of the contact, before and after, with the columns written', async () => {
    const { t, client } = await desk();
    const id = await logContact(client, 'Vraag');
    const writes: string[] = [];
    t.deps.contactPlugins.registerContactHooks('probe', {
      beforeWrite: async (_trx, w) => {
        writes.push(`before ${w.contactId} ${w.columns.includes('queue')}`);
      },
      afterWrite: async (_trx, w) => {
        writes.push(`after ${w.contactId} ${w.columns.includes('queue')}`);
      },
    });
    const page = await (await client.get(`/contacts/${id}`)).text();
    const version = /name="version" value="(\d+)"/.exec(page)![1]!;
    const res = await client.post(`/contacts/${id}/update`, { version, queue: 'legal' });
    expect(res.status).toBe(303);
    expect(writes.slice(0, 2)).toEqual([`before ${id} true`, `after ${id} true`]);
  });
});
