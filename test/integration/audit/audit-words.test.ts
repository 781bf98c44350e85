import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseHTML } from 'linkedom';
import { createTestApp, signedIn, type Client, type TestApp } from '../../support/test-app.js';
import { makeContact, makeUser } from '../../support/factories.js';

// Issue 23: the audit log in words (a contact as a link, a user by name, details as words), filtered by contact
// and by date. Both databases.

let t: TestApp;
let supervisor: Client;
let contact: { id: number; reference: string };
let other: { id: number; reference: string };
beforeAll(async () => {
  t = await createTestApp({}, { now: '2026-03-10T10:00:00Z' });
  const agent = await signedIn(t, ['agent'], 'Eva Agent');
  contact = await makeContact(t, { subject: 'Vraag' }, agent.user.id);
  await agent.client.get(`/contacts/${contact.id}`);
  // Two days later (a new sign-in: the first session has ended).
  t.clock.set('2026-03-12T10:00:00Z');
  const again = await signedIn(t, ['agent'], 'Eva Agent');
  other = await makeContact(t, { subject: 'Andere vraag' }, again.user.id);
  await again.client.get(`/contacts/${other.id}`);
  await makeUser(t.deps, ['legal'], 'Lotte Legal');
  supervisor = (await signedIn(t, ['supervisor'], 'Sam Supervisor')).client;
});
afterAll(async () => {
  await t.close();
});

const table = async (res: Response) => {
  const { document } = parseHTML(await res.text());
  return [...document.querySelectorAll('table.audit tbody tr')].map((tr) =>
    [...tr.querySelectorAll('td')].map((td) => ({
      text: td.textContent!.trim(),
      href: td.querySelector('a')?.getAttribute('href') ?? null,
    })),
  );
};

describe('the audit log in words', () => {
  it('shows a contact as a link with its reference, a user by name and the details as words, not JSON', async () => {
    const res = await supervisor.get('/audit');
    expect(res.status).toBe(200);
    const rows = await table(res);
    const viewed = rows.find((r) => r[2]!.text === 'Contact viewed' && r[3]!.text === contact.reference)!;
    expect(viewed).toBeDefined();
    expect(viewed[1]!.text).toBe('Eva Agent');
    expect(viewed[3]!.href).toBe(`/contacts/${contact.id}`);
    const created = rows.find((r) => r[2]!.text === 'User created' && r[3]!.text === 'User Lotte Legal')!;
    expect(created).toBeDefined();
    expect(created[5]!.text).toContain('roles: legal');
    expect(created[5]!.text).toContain('active: Yes');
    for (const r of rows) {
      expect(r[3]!.text).not.toMatch(/^contact \d+$/);
      expect(r[5]!.text).not.toMatch(/[{}]/);
    }
  });

  it('filters by contact, by its reference or number, and by date in the desk’s calendar', async () => {
    for (const q of [contact.reference, contact.reference.toLowerCase(), String(contact.id)]) {
      const res = await supervisor.get(`/audit?contact=${encodeURIComponent(q)}`);
      expect(res.status).toBe(200);
      const rows = await table(res);
      expect(rows.length).toBeGreaterThan(0);
      expect(rows.every((r) => r[3]!.text === contact.reference)).toBe(true);
    }
    const day = await table(await supervisor.get('/audit?from=2026-03-12&to=2026-03-12'));
    expect(day.length).toBeGreaterThan(0);
    expect(day.every((r) => r[0]!.text.startsWith('12-03-2026'))).toBe(true);
    expect(day.some((r) => r[3]!.text === other.reference)).toBe(true);
    const before = await table(await supervisor.get('/audit?to=2026-03-11'));
    expect(before.some((r) => r[3]!.text === other.reference)).toBe(false);
    expect(before.some((r) => r[3]!.text === contact.reference)).toBe(true);
    const both = await table(await supervisor.get(`/audit?contact=${contact.reference}&from=2026-03-11`));
    expect(both).toEqual([]);
  });

  it('answers bad filters with 422 and a message by the field, never an error page', async () => {
    for (const [q, message] of [
      ['contact=HD-2026-999999', 'No contact with this reference'],
      ['contact=%3Cscript%3E', 'No contact with this reference'],
      ['from=2026-02-30', 'Not a valid date.'],
      ['to=yesterday', 'Not a valid date.'],
      ['from=2026-03-12&to=2026-03-10', 'The end date is before the start date.'],
    ] as const) {
      const res = await supervisor.get(`/audit?${q}`);
      expect(res.status).toBe(422);
      const html = await res.text();
      expect(html).toContain(message);
      expect(html).toContain('aria-invalid="true"');
      expect(html).not.toContain('<script>');
    }
    const agent = (await signedIn(t, ['agent'])).client;
    expect((await agent.get(`/audit?contact=${contact.reference}`)).status).toBe(403);
  });
});
