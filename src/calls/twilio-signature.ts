// Twilio's request signature (X-Twilio-Signature): HMAC-SHA1 with the auth token over the URL Twilio was
// configured with and the sorted POST parameters. Only twilio's webhooks module is loaded (fast).
import { getExpectedTwilioSignature, validateRequest } from 'twilio/lib/webhooks/webhooks.js';
import type { Config } from '../config.js';

/**
 * The token that signs webhooks when TWILIO_AUTH_TOKEN is not set, so a newcomer can try the phone line with
 * the "simulate an incoming call" form. Only used when development tools are on (never in production, where
 * TWILIO_AUTH_TOKEN is required); without it and without dev tools every webhook is refused.
 */
export const DEV_TWILIO_AUTH_TOKEN = 'baken-development-only-twilio-token';

/** The token webhooks are checked with: the configured one, the development token, or null (refuse all). */
export function webhookAuthToken(config: Pick<Config, 'twilio' | 'devTools'>): string | null {
  return config.twilio.authToken ?? (config.devTools ? DEV_TWILIO_AUTH_TOKEN : null);
}

/**
 * The URL Twilio signed: PUBLIC_URL plus the request's path and query. Never built from the Host header,
 * which the sender controls.
 */
export function signedUrl(publicUrl: string, requestUrl: string): string {
  const u = new URL(requestUrl);
  return `${publicUrl}${u.pathname}${u.search}`;
}

/** True when the signature matches the token, URL and parameters. */
export function isValidSignature(
  token: string,
  signature: string | undefined,
  url: string,
  params: Record<string, string>,
): boolean {
  if (!signature || signature.length > 200) return false;
  return validateRequest(token, signature, url, params);
}

/** Signs parameters the way Twilio does (the simulator and the benchmark send such requests). */
export function signParams(token: string, url: string, params: Record<string, string>): string {
  return getExpectedTwilioSignature(token, url, params);
}
