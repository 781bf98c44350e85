// A properly signed Twilio voice webhook for the benchmark: one new call (unique CallSid) per i.
import { createHash } from 'node:crypto';
import { getExpectedTwilioSignature } from 'twilio/lib/webhooks/webhooks.js';

/**
 * Builds the request Twilio sends when call number `i` comes in: the path, the form body and the headers with
 * X-Twilio-Signature computed over `publicUrl` + path with `token`. Synchronous, so autocannon's
 * setupRequest can call it per request; `i` (a number or a string) makes the CallSid unique.
 */
export function voiceRequest(
  publicUrl: string,
  token: string,
  i: number | string,
): { path: string; body: string; headers: Record<string, string> } {
  const path = '/twilio/voice';
  const callSid = `CA${createHash('sha256').update(`bench-call-${i}`).digest('hex').slice(0, 32)}`;
  const n = createHash('sha256').update(`bench-from-${i}`).digest().readUInt32BE(0) % 100_000_000;
  const params: Record<string, string> = {
    AccountSid: `AC${'0'.repeat(32)}`,
    ApiVersion: '2010-04-01',
    CallSid: callSid,
    CallStatus: 'ringing',
    Direction: 'inbound',
    From: `+316${String(n).padStart(8, '0')}`,
    To: '+31334481186',
  };
  const signature = getExpectedTwilioSignature(token, `${publicUrl.replace(/\/+$/, '')}${path}`, params);
  return {
    path,
    body: new URLSearchParams(params).toString(),
    headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': signature },
  };
}
