import { afterEach, describe, expect, it } from 'vitest';
import { DESK, emailTestApp, type EmailTestApp } from '../../support/email-app.js';
import { sendMail, startCatcher, type Catcher } from '../../support/mail.js';
import { sid, signedTwilioPost } from '../../support/twilio.js';
import { Client, makeUser } from '../../support/test-app.js';
import { PASSWORD } from '../../support/factories.js';
import { startOutboxWorker } from '../../../src/email/outbound/outbox-worker.js';

const TWILIO_TOKEN = 'test-twilio-auth-token-0123456789';
const PUBLIC = 'https://baken.example.org';

/** What the run below puts in: names, numbers and addresses of people, and words of their stories. */
const SEEDED = [
  'Jozefien',
  'Bakker',
  'jozefien.bakker',
  'voorbeeld.nl',
  '687654321',
  '698765432',
  '+31698765432',
  'Wilhelmina',
  'Oranje',
  '55443322',
  '55 44 33 22',
  'Zoetermeer',
  'Westland',
  'vergeten.persoon',
];

describe('the logs of a full run', () => {
  let e: EmailTestApp;
  let catcher: Catcher;
  afterEach(async () => {
    await e.close();
    await catcher.close();
  });

  it('hold no seeded name, number or address, at the most verbose level', async () => {
    catcher = await startCatcher();
    e = await emailTestApp(
      { LOG_LEVEL: 'trace', TWILIO_AUTH_TOKEN: TWILIO_TOKEN, PUBLIC_URL: PUBLIC, SMTP_URL: catcher.url },
      { now: '2026-11-23T10:00:00Z' },
    );
    const t = e.t;

    // A mail in over SMTP, acknowledged through the outbox (first refused for a while, then sent).
    await sendMail(e.listener.port, {
      from: 'Jozefien Bakker <jozefien.bakker@voorbeeld.nl>',
      to: DESK,
      subject: 'Uitbuiting in een kas in het Westland',
      text: 'Bel me op 0687654321, ik woon in Zoetermeer.',
    });
    const worker = startOutboxWorker(t.deps, { intervalMs: 3_600_000 });
    catcher.failNext(1, 451);
    await worker.runOnce();
    t.clock.advance(10 * 60_000);
    await worker.runOnce();
    await worker.stop();
    expect(catcher.messages).toHaveLength(1);

    // A call, signed as Twilio signs it.
    const voice = await signedTwilioPost(t.app, PUBLIC, TWILIO_TOKEN, '/twilio/voice', {
      AccountSid: `AC${'1'.repeat(32)}`,
      CallSid: sid('CA', 7),
      From: '+31698765432',
      To: '+31334481186',
      Direction: 'inbound',
      CallStatus: 'ringing',
    });
    expect(voice.status).toBe(200);

    // An agent signs in, logs a contact by hand, searches for the person and opens the contact.
    const user = await makeUser(t.deps, ['agent']);
    const agent = new Client(t.app);
    expect(
      await agent.post('/login', { email: 'vergeten.persoon@voorbeeld.nl', password: 'wrong-password' }),
    ).toHaveProperty('status', 422);
    await agent.signIn(user.email, PASSWORD);
    const created = await agent.post('/contacts', {
      channel: 'phone',
      direction: 'in',
      queue: 'general',
      priority: 'normal',
      subject: 'Melding',
      partyName: 'Wilhelmina Oranje',
      phone: '06-55 44 33 22',
      email: 'w.oranje@voorbeeld.nl',
      notes: 'Verblijft in Zoetermeer',
    });
    expect(created.status).toBe(303);
    const page = created.headers.get('location')!;
    expect((await agent.get('/contacts?q=Wilhelmina')).status).toBe(200);
    expect((await agent.get('/contacts?q=0655443322')).status).toBe(200);
    expect((await agent.get(page)).status).toBe(200);
    expect((await agent.get('/contacts/Wilhelmina%20Oranje')).status).toBe(404);
    expect((await agent.get('/nowhere/jozefien.bakker@voorbeeld.nl')).status).toBe(404);

    const logs = t.logs.join('\n');
    console.log(logs);
    // The run was logged: access lines, the mail's retry and the webhook, each with a request id where one applies.
    expect(logs).toContain('"route":"/twilio/voice"');
    expect(logs).toContain('"route":"/contacts/:id"');
    expect(logs).toContain('outgoing mail not sent');
    expect(t.logs.length).toBeGreaterThan(10);
    for (const seeded of SEEDED) expect(logs, seeded).not.toContain(seeded);
  });
});
