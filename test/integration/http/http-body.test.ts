import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, signedIn, type Client, type TestApp } from '../../support/test-app.js';

let t: TestApp;
let client: Client;
beforeEach(async () => {
  t = await createTestApp();
  ({ client } = await signedIn(t));
});
afterEach(async () => {
  await t.close();
});

const cookieOf = (c: Client) => [...c.cookies].map(([k, v]) => `${k}=${v}`).join('; ');

describe('a form post the server cannot read', () => {
  it.each([
    ['multipart/form-data without a boundary', 'multipart/form-data', 'spam=1'],
    ['multipart/form-data with a boundary the body does not use', 'multipart/form-data; boundary=xyz', 'garbage'],
  ])('answers %s with a clear 400, not a 500', async (_name, type, body) => {
    for (const withToken of [true, false]) {
      const res = await t.app.request('http://baken.test/email/contacts/1/spam', {
        method: 'POST',
        body,
        headers: {
          Cookie: cookieOf(client),
          'Content-Type': type,
          ...(withToken ? { 'X-CSRF-Token': client.csrf } : {}),
        },
      });
      expect(res.status).toBe(withToken ? 400 : 403);
      if (withToken) expect(await res.text()).toContain('could not be read');
    }
    expect(t.logs.join('\n')).not.toContain('unhandled error');
  });
});
