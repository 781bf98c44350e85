import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordCallStatus } from '../../../src/calls/calls.service.js';
import { makeCall, makeContact } from '../../support/factories.js';
import { createTestApp, signedIn, type Client, type TestApp } from '../../support/test-app.js';
import { sid } from '../../support/twilio.js';

// The live stream over a real socket, as htmx's SSE support reads it: each event's HTML for the reader's pages
// (an unnamed message), in the reader's language, then the event by name with its ids.

/** One open live stream over HTTP: what arrived so far, and a wait for a text to arrive. */
async function openStream(url: string, client: Client) {
  const res = await fetch(`${url}/live/events`, {
    headers: { Cookie: [...client.cookies].map(([k, v]) => `${k}=${v}`).join('; '), Accept: 'text/event-stream' },
  });
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  let text = '';
  let pending: ReturnType<typeof reader.read> | null = null;
  /** Reads until `needle` has arrived (true) or nothing more comes within `ms` (false). */
  const waitFor = async (needle: string, ms = 3000) => {
    const deadline = Date.now() + ms;
    while (!text.includes(needle)) {
      pending ??= reader.read();
      const next = await Promise.race([
        pending,
        new Promise<null>((r) => setTimeout(() => r(null), Math.max(0, deadline - Date.now()))),
      ]);
      if (next === null) return false;
      pending = null;
      if (next.done) return false;
      text += decoder.decode(next.value, { stream: true });
    }
    return true;
  };
  /** The data of the unnamed messages that arrived (the HTML htmx swaps), each joined back from its data lines. */
  const fragments = () =>
    text
      .split('\n\n')
      .filter((m) => m.startsWith('data: '))
      .map((m) =>
        m
          .split('\n')
          .filter((l) => l.startsWith('data: '))
          .map((l) => l.slice(6))
          .join('\n'),
      );
  return { res, waitFor, fragments, text: () => text, close: () => reader.cancel() };
}

describe('the live stream draws HTML in its reader’s language', () => {
  let t: TestApp;
  let server: ServerType;
  let url: string;
  beforeAll(async () => {
    t = await createTestApp({}, { now: '2026-11-23T10:00:00Z' });
    server = await new Promise<ServerType>((resolve) => {
      const s = serve({ fetch: t.app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s));
    });
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise<void>((r) => {
      (server as unknown as { closeAllConnections?: () => void }).closeAllConnections?.();
      server.close(() => r());
    });
    await t?.close();
  });

  /** An agent signed in with the interface in `locale`. */
  const reader = async (name: string, locale: 'nl' | 'en', roles: ('agent' | 'coordinator')[] = ['agent']) => {
    const r = await signedIn(t, roles, name);
    await t.deps.db.updateTable('users').set({ locale }).where('id', '=', r.user.id).execute();
    return r;
  };

  it('pops a call from a known number up with the caller’s last name and organisation, for a Dutch and an English reader', async () => {
    // Last time the number called, the agent wrote down a name and organisation with markup in them.
    const known = await makeContact(t, {
      channel: 'phone',
      subject: 'Vraag over opvang',
      party: { name: '<img src=x onerror=alert(1)>Anna', org: 'Stichting "Veilig" & Co', phone: '+31612345678' },
    });
    await makeCall(t, { callSid: sid('CA', 'older'), from: '+31612345678' });
    const nl = await reader('Noor', 'nl');
    const en = await reader('Emma', 'en');
    const coordinator = await reader('Cora', 'nl', ['coordinator']);
    const [a, b, c] = await Promise.all([nl, en, coordinator].map((r) => openStream(url, r.client)));
    try {
      expect(a.res.status).toBe(200);
      expect(a.res.headers.get('content-type')).toContain('text/event-stream');
      expect(await a.waitFor('event: ready')).toBe(true);
      expect(await b.waitFor('event: ready')).toBe(true);
      expect(await c.waitFor('event: ready')).toBe(true);

      const callSid = sid('CA', 'known');
      const contactId = await makeCall(t, { callSid, from: '06 1234 5678' });
      expect(await a.waitFor('event: call.incoming')).toBe(true);
      expect(await b.waitFor('event: call.incoming')).toBe(true);
      const [popNl] = a.fragments();
      const [popEn] = b.fragments();
      // Where htmx puts it: on top when the page has no pop of this call yet, else in place of it.
      expect(popNl).toContain(`hx-target="#screen-pop:not(:has(#pop-${callSid}))" hx-swap="afterbegin"`);
      expect(popNl).toContain(`hx-target="#screen-pop #pop-${callSid}" hx-swap="outerMorph"`);
      expect(popNl).toContain(`data-contact="${contactId}"`);
      expect(popNl).toContain('Inkomend gesprek');
      expect(popNl).toContain('Dit gesprek aannemen');
      expect(popNl).toContain(
        'Vorige keer: &lt;img src=x onerror=alert(1)&gt;Anna, Stichting &quot;Veilig&quot; &amp; Co',
      );
      expect(popNl).toContain('+316••••••78');
      expect(popEn).toContain('Incoming call');
      expect(popEn).toContain('Take this call');
      expect(popEn).toContain(
        'Last time: &lt;img src=x onerror=alert(1)&gt;Anna, Stichting &quot;Veilig&quot; &amp; Co',
      );
      // Earlier contacts by what they were about and when, not all "Incoming call".
      expect(popEn).toContain('Vraag over opvang');
      expect(popEn).toContain('23-11-2026 11:00');
      expect(popNl).toMatch(/HD-2026-\d+ Gesprek</);
      expect(popEn).toMatch(/HD-2026-\d+ Call</);
      for (const html of [popNl, popEn]) {
        expect(html).not.toContain('<img');
        expect(html).not.toContain('612345678');
      }
      // The event by name carries ids only; a coordinator's stream gets neither the pop nor the event.
      const named = a
        .text()
        .split('\n\n')
        .find((m) => m.startsWith('event: call.incoming'))!;
      expect(named).toContain(`"callSid":"${callSid}"`);
      expect(named).not.toContain('Anna');
      expect(await c.waitFor('call.incoming', 500)).toBe(false);
      expect(c.text()).not.toContain('Anna');
      // Showing the caller's name is a read of the earlier contact, audited for each reader who was shown it.
      const views = await t.deps.db
        .selectFrom('audit_log')
        .select(['actor_id', 'subject_id', 'details'])
        .where('action', '=', 'contact.view')
        .where('subject_id', '=', String(known.id))
        .execute();
      expect(views.map((v) => v.actor_id).sort()).toEqual([nl.user.id, en.user.id].sort());
      expect(views.every((v) => String(v.details).includes('screen-pop'))).toBe(true);

      // The call ends: the pop says so in place, and offers to take it no more.
      await recordCallStatus(t.deps, { callSid, from: '+31612345678', status: 'completed', duration: 40 });
      expect(await a.waitFor('event: call.ended')).toBe(true);
      expect(await b.waitFor('event: call.ended')).toBe(true);
      const endedNl = a.fragments().find((f) => f.includes('class="pop ended"'))!;
      const endedEn = b.fragments().find((f) => f.includes('class="pop ended"'))!;
      expect(endedNl).toContain(`hx-target="#screen-pop #pop-${callSid}" hx-swap="outerMorph"`);
      expect(endedNl).not.toContain('afterbegin'); // an ended call never pops up anew
      expect(endedNl).toContain('Gesprek beëindigd');
      expect(endedEn).toContain('Call ended');
      expect(endedEn).toContain('data-close-after="60"');
      expect(endedEn).not.toContain('Take this call');
      expect(endedEn).not.toContain('/take');
      // The update keeps the caller's line the page has (hx-preserve) and does not send the name again.
      expect(endedEn).toContain(`id="pop-${callSid}-caller" hx-preserve=""></p>`);
      expect(endedEn).not.toContain('Anna');
    } finally {
      await Promise.all([a, b, c].map((s) => s.close()));
    }
  });

  it('tells who else is on a contact, each reader without themselves, and never lets a name become markup', async () => {
    const { id } = await makeContact(t, { subject: 'Samen' });
    const nl = await reader('Noor', 'nl');
    const hostile = await reader('<b>Rik</b>', 'en');
    const a = await openStream(url, nl.client);
    const b = await openStream(url, hostile.client);
    try {
      expect(await a.waitFor('event: ready')).toBe(true);
      expect(await b.waitFor('event: ready')).toBe(true);
      const ping = await hostile.client.post(`/live/presence/${id}`, {}, { 'HX-Request': 'true' });
      expect(ping.status).toBe(200);
      expect(ping.headers.get('content-type')).toContain('text/html');
      expect(await ping.text()).toBe('');
      expect(await a.waitFor('event: presence')).toBe(true);
      expect(await b.waitFor('event: presence')).toBe(true);
      const [forNoor] = a.fragments();
      const [forRik] = b.fragments();
      expect(forNoor).toContain(`hx-target="article.contact[data-contact-id=&quot;${id}&quot;] #presence"`);
      expect(forNoor).toContain('Ook nu in dit contact: &lt;b&gt;Rik&lt;/b&gt;');
      expect(forNoor).not.toContain('<b>');
      expect(forRik).not.toContain('Rik'); // nobody else is there for him
      // Noor's own ping answers with the others there, as the presence line's HTML.
      const mine = await nl.client.post(`/live/presence/${id}`, {}, { 'HX-Request': 'true' });
      expect(await mine.text()).toBe('Ook nu in dit contact: &lt;b&gt;Rik&lt;/b&gt;');
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });

  it('announces a change to a listed contact on the inbox in the reader’s language, and new contacts on request', async () => {
    const { id } = await makeContact(t, { subject: 'Gewijzigd' });
    const nl = await reader('Noor', 'nl');
    const a = await openStream(url, nl.client);
    try {
      expect(await a.waitFor('event: ready')).toBe(true);
      t.deps.events.publish({ type: 'contact.updated', data: { id, version: 2 } });
      expect(await a.waitFor('event: contact.updated')).toBe(true);
      const [notice] = a.fragments();
      expect(notice).toContain(
        `hx-target="main:has(#inbox-results tr[data-id=&quot;${id}&quot;]) #inbox-news:not(:has(button))"`,
      );
      expect(notice).toContain('De lijst is gewijzigd — tonen');
      // A hostile id draws nothing; the event by name still passes.
      t.deps.events.publish({ type: 'contact.updated', data: { id: '"] body, x[y="' } });
      expect(await a.waitFor('body, x')).toBe(true);
      expect(a.fragments()).toHaveLength(1);
    } finally {
      await a.close();
    }
    // The inbox's notice asks for the count of new contacts as HTML: nothing new is 204, new ones a button.
    const since = (
      await t.deps.db
        .selectFrom('contacts')
        .select((eb) => eb.fn.max('id').as('max'))
        .executeTakeFirstOrThrow()
    ).max as number;
    const none = await nl.client.get(`/contacts/fresh?after=${since}`, { 'HX-Request': 'true' });
    expect(none.status).toBe(204);
    await makeContact(t, { subject: 'Nieuw' });
    const fresh = await nl.client.get(`/contacts/fresh?after=${since}`, { 'HX-Request': 'true' });
    expect(fresh.status).toBe(200);
    expect(fresh.headers.get('content-type')).toContain('text/html');
    expect(await fresh.text()).toBe('<button type="button" class="link" data-inbox-show="">1 nieuw — tonen</button>');
    expect((await nl.client.get('/contacts/fresh?after=abc', { 'HX-Request': 'true' })).status).toBe(400);
    expect(await (await nl.client.get(`/contacts/fresh?after=${since}`)).json()).toEqual({ n: 1 });
  });
});
