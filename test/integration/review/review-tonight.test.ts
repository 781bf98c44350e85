import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, signedIn, type Client, type TestApp } from '../../support/test-app.js';
import { ingestComposed, makeContact } from '../../support/factories.js';
import { sid, signedTwilioPost } from '../../support/twilio.js';

// Issue 23: the morning review ranks tonight first, marks tonight apart from the backlog with full dates, shows a
// mail's subject, has a "general / information" decision, and calls back danger the same working day.

const TOKEN = 'review-tonight-twilio-token-0123456';
const PUBLIC = 'https://baken.example.org';
const ACCOUNT = `AC${'7'.repeat(32)}`;
const DESK = 'meldpunt@baken.test';
const DANGER = 'Ik heb vannacht geen veilige plek om te slapen en ik word bedreigd. Bel me terug.';

describe('the morning review ranks tonight first', () => {
  let t: TestApp;
  let eva: Client;
  let evaId: number;
  const ids = {} as Record<'oldUrgentA' | 'oldUrgentB' | 'oldPlain' | 'tonightMail' | 'danger', number>;

  let twilio: Server;
  const AUDIO = Buffer.from('ID3-fake-mp3-audio-of-the-voicemail');
  beforeAll(async () => {
    twilio = createServer((_req, res) => void res.writeHead(200, { 'Content-Type': 'audio/mpeg' }).end(AUDIO));
    await new Promise<void>((r) => twilio.listen(0, '127.0.0.1', () => r()));
  });
  afterAll(async () => {
    twilio.closeAllConnections();
    await new Promise((r) => twilio.close(r));
  });

  const post = (path: string, params: Record<string, string>) => signedTwilioPost(t.app, PUBLIC, TOKEN, path, params);
  const contact = (id: number) =>
    t.deps.db.selectFrom('contacts').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  const listed = async () => {
    const res = await eva.get('/review');
    expect(res.status).toBe(200);
    const html = await res.text();
    return { html, ids: [...html.matchAll(/<tr class="review-row[^"]*" data-id="(\d+)"/g)].map((m) => Number(m[1])) };
  };
  const rowOf = (html: string, id: number) => {
    const start = html.search(new RegExp(`<tr class="review-row[^"]*" data-id="${id}"`));
    return html.slice(start, html.indexOf('</tr>', start));
  };

  beforeEach(async () => {
    t = await createTestApp(
      {
        TWILIO_AUTH_TOKEN: TOKEN,
        TWILIO_ACCOUNT_SID: ACCOUNT,
        TWILIO_API_BASE: `http://127.0.0.1:${(twilio.address() as AddressInfo).port}`,
        PUBLIC_URL: PUBLIC,
        HELPDESK_ADDRESSES: DESK,
      },
      { now: '2026-11-23T20:00:00Z' }, // Monday 21:00: closed
    );
    // The backlog: two urgent mails weeks old and a plain one, all after hours and never decided.
    ids.oldUrgentA = (
      await makeContact(t, {
        channel: 'email',
        subject: 'Oud en dringend',
        priority: 'urgent',
        startedAt: '2026-11-02T21:00:00Z',
      })
    ).id;
    ids.oldUrgentB = (
      await makeContact(t, {
        channel: 'email',
        subject: 'Ook oud en dringend',
        priority: 'urgent',
        startedAt: '2026-11-05T22:00:00Z',
      })
    ).id;
    ids.oldPlain = (
      await makeContact(t, { channel: 'email', subject: 'Folders', startedAt: '2026-11-09T20:00:00Z' })
    ).id;
    // Tonight: a plain mail at 21:00 and the danger voicemail at 23:00.
    await ingestComposed(t, {
      from: 'jan@example.org',
      to: DESK,
      subject: 'Cijfers voor een werkstuk',
      text: 'Goedenavond,\nhoeveel meldingen waren er vorig jaar?',
    });
    ids.tonightMail = (
      await t.deps.db
        .selectFrom('mail_messages')
        .select('contact_id')
        .where('subject', '=', 'Cijfers voor een werkstuk')
        .executeTakeFirstOrThrow()
    ).contact_id;
    t.clock.set('2026-11-23T22:00:00Z');
    const call = { AccountSid: ACCOUNT, CallSid: sid('CA', 'night'), From: '+31612345678', To: '+31334481186' };
    const re = sid('RE', 'night');
    const rec = {
      ...call,
      RecordingSid: re,
      RecordingUrl: `https://api.twilio.com/2010-04-01/Accounts/${ACCOUNT}/Recordings/${re}`,
    };
    expect((await post('/twilio/voice', { ...call, Direction: 'inbound', CallStatus: 'ringing' })).status).toBe(200);
    expect(
      (await post('/twilio/recording', { ...rec, RecordingDuration: '30', RecordingStatus: 'completed' })).status,
    ).toBe(200);
    expect(
      (
        await post('/twilio/transcription', {
          ...rec,
          TranscriptionSid: sid('TR', 'night'),
          TranscriptionStatus: 'completed',
          TranscriptionText: DANGER,
        })
      ).status,
    ).toBe(200);
    ids.danger = (
      await t.deps.db
        .selectFrom('calls')
        .select('contact_id')
        .where('call_sid', '=', sid('CA', 'night'))
        .executeTakeFirstOrThrow()
    ).contact_id;
    t.clock.set('2026-11-24T08:30:00Z'); // Tuesday 09:30: open
    const a = await signedIn(t, ['agent'], 'Eva');
    eva = a.client;
    evaId = a.user.id;
  });
  afterEach(async () => {
    const logs = t.logs.join('\n');
    expect(logs).not.toContain('612345678');
    expect(logs).not.toContain('veilige plek');
    await t.close();
  });

  it('puts tonight’s danger voicemail before urgent items weeks old, then older urgent, then the rest oldest first', async () => {
    const { html, ids: order } = await listed();
    expect(order).toEqual([ids.danger, ids.oldUrgentA, ids.oldUrgentB, ids.oldPlain, ids.tonightMail]);
    // Tonight is marked apart from the backlog, every arrival with its full date in the desk's zone.
    const danger = rowOf(html, ids.danger);
    expect(danger).toContain('is-tonight');
    expect(danger).toContain('Since closing');
    expect(danger).toContain('Mon 23-11-2026 23:00');
    const old = rowOf(html, ids.oldUrgentA);
    expect(old).toContain('is-backlog');
    expect(old).toContain('Backlog');
    expect(old).toContain('Mon 02-11-2026 22:00');
    expect(rowOf(html, ids.tonightMail)).toContain('is-tonight');
    // A mail shows its subject, never its first body line.
    expect(rowOf(html, ids.tonightMail)).toMatch(/<td class="first-line"[^>]*>Cijfers voor een werkstuk<\/td>/);
    expect(html).not.toContain('Goedenavond,');
    expect(html).toContain('+316••••••78');
    expect(html).not.toContain('+31612345678');
  });

  it('opens the first item with j’s target: the danger voicemail is the next item after a decision elsewhere', async () => {
    await eva.get(`/review/${ids.oldPlain}`);
    const res = await eva.post(`/review/${ids.oldPlain}`, { decision: 'dismiss', reason: 'handled' });
    expect(res.status).toBe(303);
    expect(new URL(res.headers.get('location')!, PUBLIC).pathname).toBe(`/review/${ids.danger}`);
  });

  it('decides “general / information”: the item moves to the general queue, leaves the list, on the timeline and audited', async () => {
    const opened = await eva.get(`/review/${ids.tonightMail}`);
    expect(opened.status).toBe(200);
    const page = await opened.text();
    expect(page).toContain('value="general"');
    expect(page).toContain('General / information');
    const res = await eva.post(`/review/${ids.tonightMail}`, { decision: 'general' });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toContain('decided=general');
    expect(await contact(ids.tonightMail)).toMatchObject({ queue: 'general', status: 'open' });
    const row = await t.deps.db
      .selectFrom('review_items')
      .selectAll()
      .where('contact_id', '=', ids.tonightMail)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({ decision: 'general', decided_by: evaId });
    const audits = await t.deps.db.selectFrom('audit_log').selectAll().where('action', '=', 'review.decide').execute();
    expect(audits.map((a) => [Number(a.subject_id), a.actor_id])).toEqual([[ids.tonightMail, evaId]]);
    expect(JSON.parse(audits[0]!.details)).toMatchObject({ decision: 'general', queue: 'general' });
    expect((await listed()).ids).not.toContain(ids.tonightMail);
    const after = await (await eva.get(`/contacts/${ids.tonightMail}`)).text();
    expect(after).toContain('General / information');
    // A decision code that does not exist changes nothing.
    await eva.get(`/review/${ids.oldPlain}`);
    const before = await contact(ids.oldPlain);
    const bad = await eva.post(`/review/${ids.oldPlain}`, { decision: 'information' });
    expect(bad.status).toBe(422);
    expect(await bad.text()).toContain('Choose one of the decisions.');
    expect(await contact(ids.oldPlain)).toEqual(before);
    expect((await listed()).ids).toContain(ids.oldPlain);
  });

  it('calls back tonight’s danger voicemail the same working day, carrying its transcript and danger words', async () => {
    // Decided Monday evening by someone working late: due Tuesday 17:00, not Wednesday.
    t.clock.set('2026-11-23T22:30:00Z');
    const { client: late } = await signedIn(t, ['agent'], 'Noor');
    await late.get(`/review/${ids.danger}`);
    const rec = await t.deps.db.selectFrom('recordings').select('id').executeTakeFirstOrThrow();
    const audio = await late.get(`/calls/recordings/${rec.id}`);
    expect(audio.status).toBe(200);
    await audio.arrayBuffer();
    expect((await late.post(`/review/${ids.danger}/played`, {})).status).toBe(303);
    const res = await late.post(`/review/${ids.danger}`, { decision: 'callback' });
    expect(res.status).toBe(303);
    const cbId = Number(new URL(res.headers.get('location')!, PUBLIC).searchParams.get('callback'));
    const cb = await contact(cbId);
    expect(cb).toMatchObject({ channel: 'phone', direction: 'out', priority: 'urgent', status: 'open' });
    expect(cb.due_at).toBe('2026-11-24T16:00:00.000Z'); // Tuesday 17:00 in Amsterdam
    const notes = await t.deps.db
      .selectFrom('contact_events')
      .select('data')
      .where('contact_id', '=', cbId)
      .where('kind', '=', 'note')
      .execute();
    expect(notes).toHaveLength(1);
    const body = String(JSON.parse(notes[0]!.data as string).body);
    expect(body).toContain(DANGER);
    expect(body).toMatch(/^Overgenomen uit HD-2026-\d{6}: de transcriptie van de voicemail\./);
    expect(body).toMatch(/Signaalwoorden: .*(bedreigd|geen veilige plek)/);
    // The agent who calls back reads it on the callback's page.
    const page = await (await late.get(`/contacts/${cbId}`)).text();
    expect(page).toContain('geen veilige plek om te slapen');
  });

  it('keeps the ordinary due time for a callback of an item without danger', async () => {
    const plain = await makeContact(t, {
      channel: 'email',
      subject: 'Terugbelverzoek',
      startedAt: '2026-11-23T21:30:00Z',
      party: { phone: '0687654321' },
    });
    await eva.get(`/review/${plain.id}`);
    const res = await eva.post(`/review/${plain.id}`, { decision: 'callback' });
    expect(res.status).toBe(303);
    const cbId = Number(new URL(res.headers.get('location')!, PUBLIC).searchParams.get('callback'));
    const cb = await contact(cbId);
    expect(cb.priority).toBe('high');
    // 16 working hours from Tuesday 09:30: Wednesday 17:30 would be after closing, so Thursday 09:30.
    expect(cb.due_at).toBe('2026-11-26T08:30:00.000Z');
  });
});
