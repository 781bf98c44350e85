import { describe, expect, it } from 'vitest';
import { accountPath, twilioRequest, TwilioUnreachable, twilioUrl } from '../../src/calls/twilio-rest.js';
import type { Deps } from '../../src/deps.js';
import { startTwilioStandIn } from '../support/twilio-standin.js';

describe('the Twilio REST seam', () => {
  it.each([
    [
      'https://api.twilio.com',
      'api',
      '/2010-04-01/Accounts/AC1/Calls.json',
      'https://api.twilio.com/2010-04-01/Accounts/AC1/Calls.json',
    ],
    ['https://api.twilio.com', 'intelligence', '/v2/Transcripts', 'https://intelligence.twilio.com/v2/Transcripts'],
    ['https://api.twilio.com/', 'voice', 'v1/x', 'https://voice.twilio.com/v1/x'],
    [
      'http://127.0.0.1:4010',
      'api',
      '/2010-04-01/Accounts/AC1/Calls.json',
      'http://127.0.0.1:4010/2010-04-01/Accounts/AC1/Calls.json',
    ],
    ['http://127.0.0.1:4010/', 'intelligence', '/v2/Transcripts', 'http://127.0.0.1:4010/v2/Transcripts'],
  ] as const)('asks %s for the %s product at the right URL', (base, host, path, url) => {
    expect(twilioUrl(base, host, path)).toBe(url);
  });
});

describe('the Twilio REST client against a local stand-in', () => {
  const ACCOUNT = `AC${'7'.repeat(32)}`;
  const TOKEN = 'standin-token';
  const depsFor = (apiBase: string) =>
    ({
      config: { twilio: { accountSid: ACCOUNT, authToken: TOKEN, apiBase } },
    }) as unknown as Deps;

  it('creates a call with basic auth and a form body, and tries a 500 again when asked to', async () => {
    const twilio = await startTwilioStandIn(ACCOUNT, TOKEN);
    try {
      const deps = depsFor(twilio.url);
      const res = await twilioRequest(deps, {
        method: 'POST',
        path: accountPath(deps, 'Calls.json'),
        form: { To: '+31201234567', From: '+31850000000', StatusCallbackEvent: ['answered', 'completed'] },
      });
      expect(res.status).toBe(201);
      expect(((await res.json()) as { sid: string }).sid).toMatch(/^CA[0-9a-f]{32}$/);
      expect(twilio.requests[0]?.form).toEqual({
        To: '+31201234567',
        From: '+31850000000',
        StatusCallbackEvent: ['answered', 'completed'],
      });
      let failures = 1;
      twilio.on('DELETE', /Recordings/, () => (failures-- > 0 ? { status: 500, json: {} } : undefined));
      const del = await twilioRequest(deps, {
        method: 'DELETE',
        path: accountPath(deps, 'Recordings/RE1.json'),
        attempts: 2,
      });
      expect(del.status).toBe(204);
      twilio.on('GET', /slow/, () => ({ status: 200, hang: true }));
      await expect(twilioRequest(deps, { method: 'GET', path: '/slow', timeoutMs: 200 })).rejects.toBeInstanceOf(
        TwilioUnreachable,
      );
    } finally {
      await twilio.close();
    }
  });

  it('refuses to send anything without credentials', async () => {
    const deps = { config: { twilio: { apiBase: 'http://127.0.0.1:9' } } } as unknown as Deps;
    await expect(twilioRequest(deps, { method: 'GET', path: '/x' })).rejects.toMatchObject({ reason: 'unconfigured' });
  });
});
