import { getExpectedTwilioSignature } from 'twilio/lib/webhooks/webhooks.js';

interface Requester {
  request(input: string, init?: RequestInit): Response | Promise<Response>;
}

/** A CallSid-shaped id (CA + 32 hex), distinct per seed. */
export const sid = (prefix: 'CA' | 'RE' | 'TR', seed: number | string) =>
  `${prefix}${Buffer.from(String(seed)).toString('hex').padStart(32, '0').slice(-32)}`;

/** The signature Twilio would put in X-Twilio-Signature for these parameters on this URL. */
export const twilioSignature = (authToken: string, url: string, params: Record<string, string>) =>
  getExpectedTwilioSignature(authToken, url, params);

/**
 * Posts a webhook the way Twilio does: form-encoded parameters, signed over `publicUrl` + path (with its query)
 * using the auth token. `headers` may override the signature (tampering) or add others.
 */
export async function signedTwilioPost(
  app: Requester,
  publicUrl: string,
  authToken: string,
  path: string,
  params: Record<string, string>,
  headers: Record<string, string> = {},
) {
  const url = `${publicUrl}${path}`;
  return app.request(url, {
    method: 'POST',
    body: new URLSearchParams(params),
    headers: {
      'Content-Type': 'application/x-www-form-urlencoded',
      'X-Twilio-Signature': twilioSignature(authToken, url, params),
      ...headers,
    },
  });
}
