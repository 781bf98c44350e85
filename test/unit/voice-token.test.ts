import jwt from 'jsonwebtoken';
import { describe, expect, it } from 'vitest';
import { mintVoiceToken, VOICE_TOKEN_SECONDS } from '../../src/calls/voice-token.js';

const settings = {
  accountSid: `AC${'a'.repeat(32)}`,
  apiKey: `SK${'b'.repeat(32)}`,
  apiSecret: 'api-key-secret-0123456789abcdef',
  twimlAppSid: `AP${'c'.repeat(32)}`,
};
const NOW = new Date('2026-11-23T10:00:00Z');

describe('the softphone access token', () => {
  it('is a Twilio access token: signed HS256 with the API secret, cty twilio-fpa;v=1, issuer the key, subject the account', () => {
    const { token } = mintVoiceToken(settings, 42, NOW);
    const decoded = jwt.verify(token, settings.apiSecret, {
      algorithms: ['HS256'],
      clockTimestamp: NOW.getTime() / 1000,
      complete: true,
    });
    expect(decoded.header).toEqual({ alg: 'HS256', typ: 'JWT', cty: 'twilio-fpa;v=1' });
    const payload = decoded.payload as jwt.JwtPayload;
    expect(payload.iss).toBe(settings.apiKey);
    expect(payload.sub).toBe(settings.accountSid);
    expect(payload.jti).toBe(`${settings.apiKey}-${NOW.getTime() / 1000}`);
  });

  it('grants incoming calls to user<id> and outgoing ones through the TwiML App', () => {
    const { token, identity } = mintVoiceToken(settings, 42, NOW);
    const payload = jwt.verify(token, settings.apiSecret, { clockTimestamp: NOW.getTime() / 1000 }) as jwt.JwtPayload;
    expect(identity).toBe('user42');
    expect(payload.grants).toEqual({
      identity: 'user42',
      voice: { incoming: { allow: true }, outgoing: { application_sid: settings.twimlAppSid } },
    });
  });

  it('expires within the hour and is refused after that', () => {
    const { token, expiresAt } = mintVoiceToken(settings, 7, NOW);
    const payload = jwt.decode(token) as jwt.JwtPayload;
    expect(payload.exp! - payload.iat!).toBe(VOICE_TOKEN_SECONDS);
    expect(expiresAt.toISOString()).toBe('2026-11-23T11:00:00.000Z');
    expect(() => jwt.verify(token, settings.apiSecret, { clockTimestamp: payload.exp! + 1 })).toThrow(/expired/);
  });

  it.each([7200, 86_400])('never lives longer than an hour, even when asked for %i seconds', (ttl) => {
    const payload = jwt.decode(mintVoiceToken(settings, 7, NOW, ttl).token) as jwt.JwtPayload;
    expect(payload.exp! - payload.iat!).toBe(VOICE_TOKEN_SECONDS);
  });

  it('is refused when signed with another secret', () => {
    const { token } = mintVoiceToken(settings, 7, NOW);
    expect(() => jwt.verify(token, 'another-secret-0123456789', { clockTimestamp: NOW.getTime() / 1000 })).toThrow(
      /signature/,
    );
  });
});
