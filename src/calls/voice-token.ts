// The softphone's Twilio Access Token, minted locally (never through Twilio's API): a JWT in Twilio's format —
// header `cty: twilio-fpa;v=1`, issuer the API key SID, subject the account SID, a Voice grant — signed HS256 with
// the API key's secret. Pure apart from the signature: the moment is passed in.
import jwt from 'jsonwebtoken';
import { clientIdentity } from './ring-decision.js';

/** A token lives this long: the page asks a fresh one before it expires (Twilio allows up to 24 hours). */
export const VOICE_TOKEN_SECONDS = 3600;

export interface VoiceTokenSettings {
  accountSid: string;
  apiKey: string;
  apiSecret: string;
  twimlAppSid: string;
}

/** Mints the access token for a user: incoming calls to `user<id>`, outgoing ones through the TwiML App. */
export function mintVoiceToken(
  settings: VoiceTokenSettings,
  userId: number,
  now: Date,
  ttlSeconds = VOICE_TOKEN_SECONDS,
): { token: string; identity: string; expiresAt: Date } {
  const identity = clientIdentity(userId);
  const iat = Math.floor(now.getTime() / 1000);
  const exp = iat + Math.min(Math.max(ttlSeconds, 60), VOICE_TOKEN_SECONDS);
  const payload = {
    jti: `${settings.apiKey}-${iat}`,
    iss: settings.apiKey,
    sub: settings.accountSid,
    iat,
    exp,
    grants: {
      identity,
      voice: { incoming: { allow: true }, outgoing: { application_sid: settings.twimlAppSid } },
    },
  };
  const token = jwt.sign(payload, settings.apiSecret, {
    algorithm: 'HS256',
    header: { alg: 'HS256', typ: 'JWT', cty: 'twilio-fpa;v=1' },
  });
  return { token, identity, expiresAt: new Date(exp * 1000) };
}

/**
 * What the page's Content-Security-Policy allows for Twilio's Voice SDK, exactly: its signalling websocket on the
 * roaming edge (Global Low Latency, `voice-js.roaming.twilio.com`, the edge public/softphone-device.js asks), its
 * event gateway (call quality reports) and its ringtones. The audio is WebRTC, outside the CSP.
 */
export const SOFTPHONE_CSP = {
  connect: ['wss://voice-js.roaming.twilio.com', 'https://eventgw.twilio.com'],
  media: ['https://sdk.twilio.com'],
} as const;
