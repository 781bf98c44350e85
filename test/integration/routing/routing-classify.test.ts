import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Client, createTestApp, signedIn, type TestApp } from '../../support/test-app.js';

let t: TestApp;
beforeEach(async () => {
  t = await createTestApp();
});
afterEach(async () => {
  await t.close();
});

describe('POST /routing/classify', () => {
  it('answers the contract JSON for a question about the reflection period, topics best first', async () => {
    const { client } = await signedIn(t);
    const res = await client.post('/routing/classify', {
      text: 'Heeft mijn cliënte recht op bedenktijd? Duurt die 90 dagen? Ze wil misschien ook aangifte doen.',
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('application/json');
    const body = await res.json();
    expect(Object.keys(body)).toEqual(['queue', 'urgent', 'minor', 'topics']);
    expect(body).toMatchObject({ queue: 'legal', urgent: false, minor: false });
    expect(body.topics[0]).toEqual({
      topic: 'reflection',
      score: expect.any(Number),
      matched: ['bedenktijd', '90 dagen'],
    });
    expect(body.topics[0].score).toBeGreaterThan(0.9);
    expect(body.topics.map((x: { topic: string }) => x.topic)).toContain('reporting');
    const scores = body.topics.map((x: { score: number }) => x.score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
  });

  it('flags a girl of 15 who has nowhere to sleep tonight as urgent and minor, for care', async () => {
    const { client } = await signedIn(t);
    const res = await client.post('/routing/classify', {
      text: 'Voicemail: een meisje van 15 heeft vannacht geen slaapplek, mogelijk een loverboy.',
    });
    expect(await res.json()).toMatchObject({ queue: 'care', urgent: true, minor: true });
  });

  it('takes the IVR menu choice as a hint when the text names no topic', async () => {
    const { client } = await signedIn(t);
    const res = await client.post('/routing/classify', { text: 'Graag terugbellen, dank u.', hint: '2' });
    expect(await res.json()).toEqual({ queue: 'registration', urgent: false, minor: false, topics: [] });
  });

  it('answers an empty text with no topics and the general queue', async () => {
    const { client } = await signedIn(t);
    const res = await client.post('/routing/classify', { text: '' });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ queue: 'general', urgent: false, minor: false, topics: [] });
  });

  it('refuses a missing text with 422 JSON that says what is wrong', async () => {
    const { client } = await signedIn(t);
    const res = await client.post('/routing/classify', { txt: 'bedenktijd' });
    expect(res.status).toBe(422);
    expect(await res.json()).toEqual({ error: 'text_required', message: expect.stringContaining('"text"') });
  });

  it('refuses a text over 100,000 characters with 413 JSON', async () => {
    const { client } = await signedIn(t);
    const res = await client.post('/routing/classify', { text: 'bedenktijd '.repeat(10_000) });
    expect(res.status).toBe(413);
    expect((await res.json()).error).toBe('text_too_long');
  });

  it('sends a visitor without a session to sign in, and refuses a post without the CSRF token', async () => {
    const anonymous = new Client(t.app);
    const res = await anonymous.post('/routing/classify', { text: 'bedenktijd' });
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toMatch(/^\/login/);
    const { client } = await signedIn(t);
    const forged = await client.post('/routing/classify', { text: 'bedenktijd', _csrf: 'x'.repeat(32) });
    expect(forged.status).toBe(403);
  });
});

describe('POST /routing/suggest', () => {
  it('answers an HTML fragment with the queue and the topics with their words in the user’s language', async () => {
    const { client } = await signedIn(t);
    const res = await client.post(
      '/routing/suggest',
      { text: 'My client is a Dublin claimant, reflection period 30 days?' },
      { 'HX-Request': 'true' },
    );
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).not.toContain('<html');
    expect(html).toContain('id="routing-suggestion"');
    expect(html).toContain('Legal questions');
    expect(html).toContain('data-topic="reflection"');
    expect(html).toContain('Reflection period');
    expect(html).toContain('Asylum and Dublin');
  });
});
