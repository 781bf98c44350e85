import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, signedIn, type TestApp } from '../support/test-app.js';

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
});
