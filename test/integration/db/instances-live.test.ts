import { afterEach, describe, expect, it } from 'vitest';
import { createTestApp, signedIn, type TestApp } from '../../support/test-app.js';
import { makeContact } from '../../support/factories.js';
import { sid, signedTwilioPost } from '../../support/twilio.js';
import { openLiveStream, secondInstance } from '../../support/two-instances.js';
import { onPostgres as testsOnPostgres } from '../../support/database.js';
import type { LiveEvent } from '../../../src/shared/event-bus.js';
import { NotifyRelay } from '../../../src/db/notify.js';
import { InProcessEventBus, RelayedEventBus } from '../../../src/shared/event-bus.js';
import { Presence, sharePresence } from '../../../src/live/presence.js';

// Live events reach agents on every instance through LISTEN/NOTIFY: only PostgreSQL lets several instances share
// a database (on SQLite one process serves the desk, and its bus stays in process).
const TOKEN = 'test-twilio-auth-token-0123456789';
const PUBLIC = 'https://baken.example.org';
const ACCOUNT = `AC${'1'.repeat(32)}`;
const TWILIO = { TWILIO_AUTH_TOKEN: TOKEN, TWILIO_ACCOUNT_SID: ACCOUNT, PUBLIC_URL: PUBLIC };
const MONDAY_11 = '2026-11-23T10:00:00Z'; // open
const SATURDAY = '2026-11-28T20:00:00Z'; // closed

const call = (n: number) => ({
  AccountSid: ACCOUNT,
  CallSid: sid('CA', n),
  From: '+31612345678',
  To: '+31334481186',
  Direction: 'inbound',
  CallStatus: 'ringing',
});

let a: TestApp;
let b: TestApp;
const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
  await b?.close();
  await a?.close();
});
const two = async (now = MONDAY_11) => {
  a = await createTestApp(TWILIO, { now });
  b = await secondInstance(a, TWILIO);
  return { a, b };
};
const collect = (t: TestApp) => {
  const events: LiveEvent[] = [];
  t.deps.events.subscribe((e) => events.push(e));
  return events;
};
const until = async (check: () => boolean, ms = 5000) => {
  const end = Date.now() + ms;
  while (!check() && Date.now() < end) await new Promise((r) => setTimeout(r, 20));
  return check();
};

describe.skipIf(!testsOnPostgres())('live events across instances (PostgreSQL)', () => {
  it('pops up a call that arrived on instance A for an agent whose live stream is on instance B', async () => {
    const { a, b } = await two();
    const { client } = await signedIn(b, ['agent'], 'Rik');
    const stream = await openLiveStream(b, client);
    cleanups.push(stream.close);
    expect(await stream.waitFor('event: ready')).toBe(true);
    const res = await signedTwilioPost(a.app, PUBLIC, TOKEN, '/twilio/voice', call(1));
    expect(res.status).toBe(200);
    expect(await stream.waitFor('event: call.incoming')).toBe(true);
    expect(stream.text()).toContain('+316••••••78');
    expect(stream.text()).not.toContain('612345678');
    expect(await stream.waitFor('event: contact.created')).toBe(true);
  });

  it("closes an agent's live stream on instance B when they sign out on instance A", async () => {
    const { a, b } = await two();
    const eva = await signedIn(a, ['agent'], 'Eva');
    const stream = await openLiveStream(b, eva.client);
    cleanups.push(stream.close);
    expect(await stream.waitFor('event: ready')).toBe(true);
    expect((await eva.client.post('/logout')).status).toBe(303);
    expect(await stream.waitFor('event: session-ended', 3000)).toBe(true);
  });

  it('delivers an event once on the instance that published it and once on every other', async () => {
    const { a, b } = await two();
    const onA = collect(a);
    const onB = collect(b);
    await makeContact(a, { subject: 'Eenmaal' });
    expect(await until(() => onB.some((e) => e.type === 'contact.created'))).toBe(true);
    await new Promise((r) => setTimeout(r, 300));
    expect(onA.filter((e) => e.type === 'contact.created')).toHaveLength(1);
    expect(onA[0]!.remote).toBeUndefined();
    expect(onB.filter((e) => e.type === 'contact.created')).toHaveLength(1);
    expect(onB.find((e) => e.type === 'contact.created')!.remote).toBe(true);
  });

  it('refreshes the review list on instance B once when a call arrives on A after hours', async () => {
    const { a, b } = await two(SATURDAY);
    const onB = collect(b);
    expect((await signedTwilioPost(a.app, PUBLIC, TOKEN, '/twilio/voice', call(2))).status).toBe(200);
    expect(await until(() => onB.some((e) => e.type === 'review.changed'))).toBe(true);
    await new Promise((r) => setTimeout(r, 300));
    // A derives it once from its own contact event and B hears it; B derives nothing from A's event.
    const ids = onB.filter((e) => e.type === 'review.changed').map((e) => e.data.id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('shows an agent on instance B that a colleague on instance A has the same contact open, until they leave', async () => {
    const { a, b } = await two();
    const eva = await signedIn(a, ['agent'], 'Eva');
    const rik = await signedIn(b, ['agent'], 'Rik');
    const { id } = await makeContact(a, { subject: 'Samen' }, eva.user.id);
    const onB = collect(b);
    await eva.client.post(`/live/presence/${id}`);
    expect(await until(() => onB.some((e) => e.type === 'presence'))).toBe(true);
    const ping = await rik.client.post(`/live/presence/${id}`);
    expect(await ping.json()).toEqual({ others: ['Eva'] });
    expect(
      await (await b.app.request(`http://baken.test/contacts/${id}`, { headers: cookie(rik.client) })).text(),
    ).toContain('Eva');
    onB.length = 0;
    await eva.client.post(`/live/presence/${id}`, { leave: '1' });
    expect(await until(() => onB.some((e) => e.type === 'presence'))).toBe(true);
    expect(await (await rik.client.post(`/live/presence/${id}`)).json()).toEqual({ others: [] });
  });
});

describe("an instance's copy of who is on a contact", () => {
  it('takes in what other instances saw, keeps the latest ping of each agent, and forgets one who left', () => {
    const events = new InProcessEventBus();
    const here = new Presence(45_000);
    sharePresence(events, here);
    here.touch(7, { id: 1, name: 'Eva' }, 10_000);
    const remote = (data: Record<string, unknown>) => events.publish({ type: 'presence', data, remote: true });
    remote({
      contactId: 7,
      present: [
        { id: 2, name: 'Rik', at: 12_000 },
        { id: 1, name: 'Eva', at: 5_000 },
      ],
    });
    expect(here.present(7, 20_000)).toEqual([
      { id: 1, name: 'Eva', at: 10_000 }, // an older report never moves a later ping back
      { id: 2, name: 'Rik', at: 12_000 },
    ]);
    // Its own events (not remote) and malformed ones change nothing.
    events.publish({ type: 'presence', data: { contactId: 7, present: [{ id: 3, name: 'Sam', at: 20_000 }] } });
    remote({ contactId: '7', present: [{ id: 4, name: 'X', at: 20_000 }] });
    remote({ contactId: 7, present: [{ id: 'x', name: 'Y', at: 20_000 }] });
    expect(here.others(7, 1, 20_000)).toEqual(['Rik']);
    remote({ contactId: 7, present: [{ id: 1, name: 'Eva', at: 21_000 }], left: 2 });
    expect(here.others(7, 1, 22_000)).toEqual([]);
    // Nobody pings again: after the ttl nobody is there.
    expect(here.present(7, 21_000 + 45_001)).toEqual([]);
  });
});

const cookie = (c: { cookies: Map<string, string> }) => ({
  Cookie: [...c.cookies].map(([k, v]) => `${k}=${v}`).join('; '),
});

describe.skipIf(!testsOnPostgres())('the LISTEN/NOTIFY relay (PostgreSQL)', () => {
  const quiet = { info: () => {}, warn: () => {} };
  const bus = async (t: TestApp) => {
    const relay = new NotifyRelay({ connectionString: t.deps.config.databaseUrl!, log: quiet, reconnectMs: 50 });
    const b = new RelayedEventBus(relay);
    await b.start();
    cleanups.push(() => b.close());
    return { relay, bus: b };
  };

  it('carries an event too large for one notification through the spill table, in order with the small ones', async () => {
    a = await createTestApp();
    const one = await bus(a);
    const other = await bus(a);
    const got: LiveEvent[] = [];
    other.bus.subscribe((e) => got.push(e));
    const big = 'x'.repeat(20_000);
    one.bus.publish({ type: 'first', data: { n: 1 } });
    one.bus.publish({ type: 'big', data: { big } });
    one.bus.publish({ type: 'last', data: { n: 3 } });
    expect(await until(() => got.length === 3)).toBe(true);
    expect(got.map((e) => e.type)).toEqual(['first', 'big', 'last']);
    expect(got[1]!.data.big).toBe(big);
  });

  it('comes back by itself after its connection dropped, and carries events again', async () => {
    a = await createTestApp();
    const one = await bus(a);
    const other = await bus(a);
    const got: string[] = [];
    other.bus.subscribe((e) => got.push(e.type));
    other.relay.dropConnection();
    expect(await until(() => !other.relay.listening, 2000)).toBe(true);
    expect(await until(() => other.relay.listening, 5000)).toBe(true);
    one.bus.publish({ type: 'after-reconnect', data: {} });
    expect(await until(() => got.includes('after-reconnect'))).toBe(true);
  });
});
