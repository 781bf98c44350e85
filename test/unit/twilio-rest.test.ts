import { describe, expect, it } from 'vitest';
import { twilioUrl } from '../../src/calls/twilio-rest.js';

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
