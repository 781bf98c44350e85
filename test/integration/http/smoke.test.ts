import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, signedIn, type TestApp } from '../../support/test-app.js';
import { createContact } from '../../../src/contacts/contacts.service.js';

describe('the app', () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await createTestApp();
  });
  afterEach(async () => {
    await t.close();
  });

  it('answers /healthz with 200 while the database is usable', async () => {
    const res = await t.app.request('/healthz');
    expect(res.status).toBe(200);
  });

  it('lets an agent log a contact and see it in the inbox', async () => {
    const { client } = await signedIn(t);
    const res = await client.post('/contacts', {
      channel: 'phone',
      direction: 'in',
      subject: 'Vraag over bedenktijd',
      notes: 'Advocaat belt over B8',
      queue: 'legal',
      priority: 'normal',
      phone: '06 12345678',
    });
    expect(res.status).toBe(303);
    const inbox = await client.get('/contacts');
    const html = await inbox.text();
    expect(html).toContain('Vraag over bedenktijd');
    expect(html).toContain('+316••••••78');
  });

  it('marks exactly one navigation link as the current page, and names the navigation in the page language', async () => {
    const { client } = await signedIn(t);
    const current = async (path: string) => {
      const html = await (await client.get(path)).text();
      const nav = html.slice(html.indexOf('<nav'), html.indexOf('</nav>'));
      return { nav, links: [...nav.matchAll(/<a [^>]*aria-current="page"[^>]*>([^<]*)</g)].map((m) => m[1]) };
    };
    expect((await current('/contacts/new')).links).toEqual(['New contact']);
    expect((await current('/contacts')).links).toEqual(['Inbox']);
    const { id } = await createContact(t.deps, { channel: 'manual', subject: 'Navigatie' }, { id: null });
    expect((await current(`/contacts/${id}`)).links).toEqual(['Inbox']);
    expect((await current('/contacts')).nav).toContain('aria-label="Main"');
    await client.post('/account', { locale: 'nl' });
    expect((await current('/contacts')).nav).toContain('aria-label="Hoofdmenu"');
  });
});
