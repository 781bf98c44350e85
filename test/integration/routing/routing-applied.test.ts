import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { DESK, emailTestApp, messages, type EmailTestApp } from '../../support/email-app.js';
import { sendMail } from '../../support/mail.js';
import { createTestApp, signedIn, type Client, type TestApp } from '../../support/test-app.js';
import { sid, signedTwilioPost } from '../../support/twilio.js';
import { suggestFor } from '../../../src/routing/routing.service.js';
import { listTopics } from '../../../src/contacts/contacts.queries.js';

const MONDAY_11 = '2026-11-23T10:00:00Z'; // Monday 11:00 in Amsterdam: open
const SATURDAY = '2026-11-28T20:00:00Z'; // Saturday 21:00: closed
const TOKEN = 'test-twilio-auth-token-0123456789';
const PUBLIC = 'https://baken.example.org';
const ACCOUNT = `AC${'1'.repeat(32)}`;
const run = promisify(execFile);

let e: EmailTestApp | undefined;
let t: TestApp | undefined;
afterEach(async () => {
  const app = e?.t ?? t;
  if (app) {
    // Personal data never goes into the logs: not the sender, not the words of the mail or the voicemail.
    const logs = app.logs.join('\n');
    expect(logs).not.toContain('jan@politie.nl');
    expect(logs).not.toContain('bedenktijd');
    expect(logs).not.toContain('meisje');
  }
  await e?.close();
  await t?.close();
  e = undefined;
  t = undefined;
});

const contactRow = (app: TestApp, id: number) =>
  app.deps.db.selectFrom('contacts').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
const topicsOf = (app: TestApp, id: number) => listTopics(app.deps.db, id);
const routingOf = (app: TestApp, id: number) =>
  app.deps.db.selectFrom('contact_routing').selectAll().where('contact_id', '=', id).executeTakeFirst();
const kindsOf = async (app: TestApp, id: number) =>
  (
    await app.deps.db.selectFrom('contact_events').select('kind').where('contact_id', '=', id).orderBy('id').execute()
  ).map((r) => r.kind);

describe('routing a mail at intake', () => {
  it('puts a mail about bedenktijd in the legal queue with topic reflection, and its page shows the matched word', async () => {
    e = await emailTestApp({}, { now: MONDAY_11 });
    const info = await sendMail(e.listener.port, {
      from: 'Jan Jansen <jan@politie.nl>',
      to: DESK,
      subject: 'Vraag over bedenktijd',
      text: 'Wij hebben een mogelijk slachtoffer. Kan zij bedenktijd krijgen voordat zij aangifte doet?',
    });
    expect(info.response).toMatch(/^250 /);
    const [m] = await messages(e.t);
    const id = m!.contact_id;
    const c = await contactRow(e.t, id);
    expect(c.queue).toBe('legal');
    expect(c.topic).toBe('reflection');
    expect(await topicsOf(e.t, id)).toContain('reflection');
    // The legal queue's SLA: 16 working hours from Monday 11:00 is Wednesday 11:00.
    expect(c.due_at).toBe('2026-11-25T10:00:00.000Z');
    const r = await routingOf(e.t, id);
    expect(r).toMatchObject({ queue: 'legal', urgent: 0, source: 'email', routed_by_agent: 0 });
    expect(JSON.parse(r!.topics)[0]).toMatchObject({ topic: 'reflection', matched: ['bedenktijd'] });
    expect(await kindsOf(e.t, id)).toContain('routing.applied');
    const audit = await e.t.deps.db
      .selectFrom('audit_log')
      .select('details')
      .where('subject_id', '=', String(id))
      .where('action', '=', 'contact.update')
      .execute();
    expect(audit.some((a) => JSON.parse(a.details).via === 'routing')).toBe(true);

    const { client } = await signedIn(e.t, ['agent']);
    const html = await (await client.get(`/contacts/${id}`)).text();
    expect(html).toContain('id="routing-panel"');
    expect(html).toMatch(/<li data-topic="reflection"><strong>[^<]+<\/strong> \(\d+%\):\s*<mark>bedenktijd<\/mark>/);
    expect(html).toContain('<mark class="match-topic" title="');
    expect(html).toMatch(/Routed by the classifier|Gerouteerd door de classificatie/); // the timeline says why
  });

  it('routes a new message on a thread the classifier routed, and only suggests once an agent routed it', async () => {
    e = await emailTestApp({}, { now: MONDAY_11 });
    await sendMail(e.listener.port, {
      from: 'jan@politie.nl',
      to: DESK,
      subject: 'Vraag',
      text: 'Goedemorgen, ik heb een vraag.',
      messageId: '<first@politie.nl>',
    });
    const [first] = await messages(e.t);
    const id = first!.contact_id;
    expect((await contactRow(e.t, id)).queue).toBe('general');
    expect(await topicsOf(e.t, id)).toEqual([]);
    await sendMail(e.listener.port, {
      from: 'jan@politie.nl',
      to: DESK,
      subject: 'Re: Vraag',
      text: 'Het gaat om de verblijfsvergunning B8/3 van mijn cliënte.',
      inReplyTo: '<first@politie.nl>',
      references: '<first@politie.nl>',
    });
    expect((await messages(e.t)).map((x) => x.contact_id)).toEqual([id, id]);
    let c = await contactRow(e.t, id);
    expect(c.queue).toBe('legal');
    expect(await topicsOf(e.t, id)).toEqual(['permit']);

    // An agent routes it to registration; the next mail about a reflection period only changes the suggestion.
    const { client } = await signedIn(e.t, ['agent']);
    const res = await client.post(`/contacts/${id}/update`, {
      version: String(c.version),
      queue: 'registration',
      topics: ['registration'],
    });
    expect(res.status).toBe(303);
    await sendMail(e.listener.port, {
      from: 'jan@politie.nl',
      to: DESK,
      subject: 'Re: Vraag',
      text: 'En hoe zit het met de bedenktijd?',
      inReplyTo: '<first@politie.nl>',
    });
    c = await contactRow(e.t, id);
    expect(c.queue).toBe('registration');
    expect(await topicsOf(e.t, id)).toEqual(['registration']);
    const r = await routingOf(e.t, id);
    expect(r).toMatchObject({ routed_by_agent: 1, queue: 'legal' });
    expect(JSON.parse(r!.topics).map((x: { topic: string }) => x.topic)).toEqual(['reflection']);
    const html = await (await client.get(`/contacts/${id}`)).text();
    expect(html).toContain('class="routing-differs"');
    expect(html).toContain('Routed by an agent');
  });

  it('takes a 1 MB mail in without blocking the event loop, and classifies it within bounds', async () => {
    e = await emailTestApp({}, { now: MONDAY_11 });
    const body = `Vraag over bedenktijd.\n${'Dit is een heel lange tekst zonder veel inhoud. '.repeat(21_000)}`;
    expect(body.length).toBeGreaterThan(1_000_000);
    let last = performance.now();
    let worst = 0;
    const tick = setInterval(() => {
      const now = performance.now();
      worst = Math.max(worst, now - last);
      last = now;
    }, 5);
    try {
      const info = await sendMail(e.listener.port, { from: 'jan@politie.nl', to: DESK, subject: 'Lang', text: body });
      expect(info.response).toMatch(/^250 /);
    } finally {
      clearInterval(tick);
    }
    const [m] = await messages(e.t);
    expect((await contactRow(e.t, m!.contact_id)).queue).toBe('legal');
    const started = performance.now();
    suggestFor(body);
    const took = performance.now() - started;
    expect(took).toBeLessThan(100); // the classifier reads at most 20,000 prepared characters
    expect(worst).toBeLessThan(750); // the whole intake (parse, encrypt, store, classify) on a shared 2-core box
  });

  it.each([
    ['an empty mail', ''],
    ['a mail in another script', 'Здравствуйте, мне нужна помощь с документами для моей сестры.'],
    ['a mail that is only a signature', 'Met vriendelijke groet,\n\nJan Jansen\nPolitie Rotterdam\n010-1234567'],
  ])('gives %s no topic and leaves it in the general queue, without an error', async (_name, text) => {
    e = await emailTestApp({}, { now: MONDAY_11 });
    const info = await sendMail(e.listener.port, { from: 'jan@politie.nl', to: DESK, subject: '', text });
    expect(info.response).toMatch(/^250 /);
    const [m] = await messages(e.t);
    const c = await contactRow(e.t, m!.contact_id);
    expect(c).toMatchObject({ queue: 'general', priority: 'normal', topic: null });
    expect(await routingOf(e.t, c.id)).toMatchObject({ topics: '[]', queue: 'general', urgent: 0 });
    expect(await kindsOf(e.t, c.id)).not.toContain('routing.applied');
  });

  it('reads an HTML-only mail by its text', async () => {
    e = await emailTestApp({}, { now: MONDAY_11 });
    await sendMail(e.listener.port, {
      from: 'jan@politie.nl',
      to: DESK,
      subject: '',
      html: '<p>Wat is de <b>bedenktijd</b>?</p><script>alert(1)</script>',
    });
    const [m] = await messages(e.t);
    const c = await contactRow(e.t, m!.contact_id);
    expect(c.queue).toBe('legal');
    expect(await topicsOf(e.t, c.id)).toEqual(['reflection']);
  });

  it('keeps a mail that arrives after hours in the after-hours queue, with its topics and the suggestion', async () => {
    e = await emailTestApp({}, { now: SATURDAY });
    await sendMail(e.listener.port, { from: 'jan@politie.nl', to: DESK, subject: 'Bedenktijd', text: 'Vraag.' });
    const [m] = await messages(e.t);
    const c = await contactRow(e.t, m!.contact_id);
    expect(c.queue).toBe('after-hours');
    expect(await topicsOf(e.t, c.id)).toEqual(['reflection']);
    expect(await routingOf(e.t, c.id)).toMatchObject({ queue: 'legal' });
  });
});

describe('routing a voicemail when its transcription arrives', () => {
  const post = (path: string, params: Record<string, string>) => signedTwilioPost(t!.app, PUBLIC, TOKEN, path, params);
  const call = (n: number, extra: Record<string, string> = {}) => ({
    AccountSid: ACCOUNT,
    CallSid: sid('CA', n),
    From: '+31612345678',
    To: '+31334481186',
    Direction: 'inbound',
    CallStatus: 'ringing',
    ...extra,
  });
  const recUrl = (re: string) => `https://api.twilio.com/2010-04-01/Accounts/${ACCOUNT}/Recordings/${re}`;
  async function voicemail(n: number, digits: string | null, text: string) {
    await post('/twilio/voice', call(n));
    if (digits) {
      await post('/twilio/gather?attempt=1', call(n, { Digits: digits }));
      await post('/twilio/dial', call(n, { DialCallStatus: 'no-answer' }));
    }
    const re = sid('RE', n);
    await post(
      '/twilio/recording',
      call(n, { CallStatus: 'completed', RecordingSid: re, RecordingUrl: recUrl(re), RecordingDuration: '40' }),
    );
    const res = await post(
      '/twilio/transcription',
      call(n, {
        RecordingSid: re,
        RecordingUrl: recUrl(re),
        TranscriptionSid: sid('TR', n),
        TranscriptionStatus: 'completed',
        TranscriptionText: text,
      }),
    );
    expect(res.status).toBe(200);
    const row = await t!.deps.db
      .selectFrom('calls')
      .select('contact_id')
      .where('call_sid', '=', sid('CA', n))
      .executeTakeFirstOrThrow();
    return row.contact_id;
  }
  const girl =
    'Hallo, ik bel over een meisje van 15 dat door haar loverboy wordt vastgehouden. Ze durft niet naar huis.';
  const twilioEnv = {
    TWILIO_AUTH_TOKEN: TOKEN,
    TWILIO_ACCOUNT_SID: ACCOUNT,
    TWILIO_AGENT_NUMBERS: '+31201234567',
    PUBLIC_URL: PUBLIC,
  };

  it('makes a voicemail about a girl of 15 urgent and sends it to care, whatever key was pressed', async () => {
    t = await createTestApp(twilioEnv, { now: MONDAY_11 });
    const id = await voicemail(1, '3', girl);
    const c = await contactRow(t, id);
    expect(c).toMatchObject({ queue: 'care', priority: 'urgent', channel: 'voicemail' });
    expect(await topicsOf(t, id)).toContain('minor');
    expect(await routingOf(t, id)).toMatchObject({ urgent: 1, minor: 1, queue: 'care', source: 'voicemail' });
    const { client } = await signedIn(t, ['agent']);
    const html = await (await client.get(`/contacts/${id}`)).text();
    expect(html).toContain('badge badge-urgent');
    expect(html).toContain('<mark class="match-minor"');
    // Urgent contacts are marked in the list and rise to the top of their queue.
    await voicemail(2, '3', 'Ik heb een vraag over de BSN van mijn cliënt.');
    await voicemail(3, '3', 'Wanneer is de volgende training over signalen?');
    const list = await (await client.get('/contacts?queue=care')).text();
    expect(list).toContain(`data-id="${id}"`);
    const all = await (await client.get('/contacts')).text();
    const rows = [...all.matchAll(/data-id="(\d+)"/g)].map((x) => Number(x[1]));
    expect(rows[0]).toBe(id);
    expect(all).toContain('tag prio-urgent');
  });

  it('takes the menu choice as a hint: a legal key with words that name no topic goes to the legal queue', async () => {
    t = await createTestApp(twilioEnv, { now: MONDAY_11 });
    const id = await voicemail(4, '1', 'Bel me alstublieft terug.');
    expect(await contactRow(t, id)).toMatchObject({ queue: 'legal', topic: null });
    expect(await routingOf(t, id)).toMatchObject({ queue: 'legal', topics: '[]' });
  });

  it('marks an after-hours voicemail about a girl of 15 urgent, and leaves it in the after-hours queue for review', async () => {
    t = await createTestApp(twilioEnv, { now: SATURDAY });
    const id = await voicemail(5, null, girl);
    expect(await contactRow(t, id)).toMatchObject({ queue: 'after-hours', priority: 'urgent' });
    expect(await routingOf(t, id)).toMatchObject({ queue: 'care', urgent: 1 });
  });
});

describe('routing what an agent types, and the agent overriding it', () => {
  let eva: Client;
  let evaId: number;
  async function logContact(subject: string, notes = '', queue = 'general') {
    const res = await eva.post('/contacts', {
      channel: 'manual',
      direction: 'in',
      subject,
      notes,
      queue,
      priority: 'normal',
    });
    expect(res.status).toBe(303);
    return Number(/\/contacts\/(\d+)/.exec(res.headers.get('location')!)![1]);
  }
  async function start() {
    t = await createTestApp({}, { now: MONDAY_11 });
    const s = await signedIn(t, ['agent'], 'Eva');
    eva = s.client;
    evaId = s.user.id;
  }

  it('routes a contact logged by hand as it is created, at version 1', async () => {
    await start();
    const id = await logContact('Vraag over bedenktijd', 'Cliënte wil weten hoe lang de bedenktijd duurt.');
    const c = await contactRow(t!, id);
    expect(c).toMatchObject({ queue: 'legal', version: 1, topic: 'reflection' });
    expect(await routingOf(t!, id)).toMatchObject({ source: 'manual', routed_by_agent: 0 });
  });

  it('keeps the queue an agent chose when logging a contact, and still sets its topics', async () => {
    await start();
    const id = await logContact('Vraag over bedenktijd', '', 'registration');
    expect(await contactRow(t!, id)).toMatchObject({ queue: 'registration' });
    expect(await topicsOf(t!, id)).toEqual(['reflection']);
  });

  it('stores an override as a correction, audits it, and the report counts it', async () => {
    await start();
    const id = await logContact('Vraag over bedenktijd');
    const res = await eva.post(`/contacts/${id}/update`, {
      version: '1',
      topics: ['permit', 'reflection'],
      queue: 'legal',
    });
    expect(res.status).toBe(303);
    const corrections = await t!.deps.db.selectFrom('routing_corrections').selectAll().execute();
    expect(corrections).toHaveLength(1);
    expect(corrections[0]).toMatchObject({
      contact_id: id,
      user_id: evaId,
      suggested_queue: 'legal',
      suggested_topics: '["reflection"]',
      chosen_queue: 'legal',
      chosen_topics: '["permit","reflection"]',
    });
    const audit = await t!.deps.db
      .selectFrom('audit_log')
      .select('details')
      .where('subject_id', '=', String(id))
      .where('action', '=', 'contact.update')
      .where('actor_id', '=', evaId)
      .execute();
    expect(JSON.parse(audit[0]!.details).fields).toContain('topics');
    expect(await kindsOf(t!, id)).toContain('topics');
    // The same choice again changes nothing and stores no second correction.
    await eva.post(`/contacts/${id}/update`, { version: '2', topics: ['permit', 'reflection'], queue: 'legal' });
    expect(await t!.deps.db.selectFrom('routing_corrections').selectAll().execute()).toHaveLength(1);

    const { stdout } = await run('npx', ['tsx', 'src/routing/report.ts'], {
      env: { ...process.env, DATABASE_URL: t!.deps.config.databaseUrl ?? t!.deps.config.databasePath },
      timeout: 60_000,
    });
    const part = stdout.slice(stdout.indexOf("agents' corrections in"));
    expect(part).toContain(t!.deps.config.databasePath || new URL(t!.deps.config.databaseUrl!).pathname.slice(1));
    expect(part).toContain('(1 texts)');
    expect(part).toContain('queue accuracy: 100');
    expect(part).toMatch(/permit\s+1\s/); // the agent's topic, missed by the classifier
  }, 90_000);

  it('stores no correction when the agent accepts the suggestion, and a later note only suggests', async () => {
    await start();
    const id = await logContact('Vraag', 'Wat is de bedenktijd?', 'registration');
    let html = await (await eva.get(`/contacts/${id}`)).text();
    expect(html).toContain('class="routing-accept"');
    expect(html).toContain('name="topics" value="reflection"');
    const res = await eva.post(`/contacts/${id}/update`, { version: '1', topics: ['reflection'], queue: 'legal' });
    expect(res.status).toBe(303);
    expect(await t!.deps.db.selectFrom('routing_corrections').selectAll().execute()).toHaveLength(0);
    expect(await routingOf(t!, id)).toMatchObject({ routed_by_agent: 1, routed_by: evaId });
    html = await (await eva.get(`/contacts/${id}`)).text();
    expect(html).not.toContain('class="routing-accept"');

    // A note about a girl of 15 on a contact the agent routed: only the suggestion changes.
    const note = await eva.post(`/contacts/${id}/notes`, { body: 'Het gaat om een meisje van 15 met een loverboy.' });
    expect(note.status).toBe(303);
    const c = await contactRow(t!, id);
    expect(c).toMatchObject({ queue: 'legal', priority: 'normal' });
    expect(await topicsOf(t!, id)).toEqual(['reflection']);
    expect(await routingOf(t!, id)).toMatchObject({ queue: 'care', urgent: 1, source: 'note', routed_by_agent: 1 });
    html = await (await eva.get(`/contacts/${id}`)).text();
    expect(html).toContain('class="routing-differs"');
    expect(html).toMatch(/<mark class="match-minor"[^>]*>meisje van 15<\/mark>/);
  });

  it('routes a contact no agent has routed when a note names its topic', async () => {
    await start();
    const id = await logContact('Telefoontje');
    expect(await contactRow(t!, id)).toMatchObject({ queue: 'general' });
    const note = await eva.post(`/contacts/${id}/update`, {
      notes: 'Beller vraagt naar de verblijfsvergunning voor slachtoffers (B8/3).',
    });
    expect(note.status).toBe(303);
    expect(await contactRow(t!, id)).toMatchObject({ queue: 'legal', topic: 'permit' });
    expect(await kindsOf(t!, id)).toEqual(expect.arrayContaining(['note', 'routing.applied']));
  });

  it('filters the inbox by ?topic= and ?urgent=1, and refuses an unknown topic', async () => {
    await start();
    const reflection = await logContact('Vraag over bedenktijd');
    const permit = await logContact('Verblijfsvergunning B8/3');
    const urgent = await logContact('Melding', 'Een meisje van 15 heeft vannacht geen slaapplek.');
    const ids = async (q: string) =>
      [...(await (await eva.get(`/contacts${q}`)).text()).matchAll(/data-id="(\d+)"/g)].map((x) => Number(x[1]));
    expect(await ids('?topic=reflection')).toEqual([reflection]);
    expect(await ids('?topic=permit')).toEqual([permit]);
    expect(await ids('?urgent=1')).toEqual([urgent]);
    expect(await ids('?topic=reflection&urgent=1')).toEqual([]);
    expect((await eva.get('/contacts?topic=legal-question')).status).toBe(400);
  });

  it('gives empty, huge, foreign and HTML notes a sensible answer and never an error', async () => {
    await start();
    const id = await logContact('Telefoontje');
    for (const body of [
      '   ',
      'ж'.repeat(19_000),
      '<div><p>Vraag over <i>aangifte</i></p></div>',
      `${'bla '.repeat(4_900)}aangifte`,
    ]) {
      const res = await eva.post(`/contacts/${id}/notes`, { body });
      expect([303, 422]).toContain(res.status);
    }
    expect(await contactRow(t!, id)).toMatchObject({ queue: 'legal', topic: 'reporting' });
    const classify = await eva.post('/routing/classify', { text: 'x'.repeat(1_000_000) });
    expect(classify.status).toBe(413);
    expect((await eva.get(`/contacts/${id}`)).status).toBe(200);
  });
});

describe('the live suggestion beside the new-contact form', () => {
  it('reads the form’s subject and notes and offers to fill the form; the API’s text gets no such button', async () => {
    t = await createTestApp({}, { now: MONDAY_11 });
    const { client } = await signedIn(t, ['agent']);
    const form = await client.post(
      '/routing/suggest',
      { subject: 'Vraag', notes: 'Een meisje van 15 heeft geen slaapplek.' },
      { 'HX-Request': 'true' },
    );
    expect(form.status).toBe(200);
    const html = await form.text();
    expect(html).toContain('data-routing-queue="care"');
    expect(html).toContain('data-routing-urgent="1"');
    expect(html).toMatch(/data-routing-topics="[^"]*minor/);
    const api = await (await client.post('/routing/suggest', { text: 'Vraag over bedenktijd' })).text();
    expect(api).toContain('data-topic="reflection"');
    expect(api).not.toContain('routing-fill');
    // Words that name nothing: no button, no error.
    const none = await client.post('/routing/suggest', { subject: '', notes: 'Goedemorgen' });
    expect(none.status).toBe(200);
    expect(await none.text()).not.toContain('routing-fill');
  });
});
