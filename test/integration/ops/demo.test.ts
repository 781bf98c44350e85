import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Client, createTestApp, type TestApp } from '../../support/test-app.js';
import { seedDemo } from '../../../src/demo/demo-data.js';

describe('demo data', () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await createTestApp();
  });
  afterEach(async () => {
    await t.close();
  });

  it('fills an empty desk with clearly synthetic contacts and users once, and a demo agent can work with it', async () => {
    const accounts = await seedDemo({ ...t.deps, setNow: (d) => t.clock.set(d.toISOString()) }, 40);
    expect(accounts).not.toBeNull();
    const contacts = await t.deps.db.selectFrom('contacts').select(['party_org', 'subject']).execute();
    // the demo's own contacts; registrations asking for shelter add a care-coordination task each (issue 11)
    const logged = contacts.filter((c) => !c.subject.includes('REG-'));
    expect(logged).toHaveLength(40);
    expect(logged.every((c) => !c.party_org || c.party_org.includes('(demo)'))).toBe(true);
    const regs = await t.deps.db.selectFrom('registrations').select(['id', 'name_enc']).execute();
    expect(regs.length).toBeGreaterThan(0);
    expect(regs.every((r) => t.deps.crypto.decrypt(r.name_enc)!.endsWith('(demo)'))).toBe(true);
    expect(await seedDemo({ ...t.deps, setNow: () => {} }, 40)).toBeNull();
    const c = new Client(t.app);
    await c.signIn('eva@demo.baken.test', 'demo-password');
    const inbox = await (await c.get('/contacts')).text();
    expect(inbox).toContain('HD-');
  });
});
