// Twilio's request signature (X-Twilio-Signature): HMAC-SHA1 with the auth token over the URL Twilio was
// configured with and the sorted POST parameters. Only twilio's webhooks module is loaded (fast).
import { getExpectedTwilioSignature, validateRequest } from 'twilio/lib/webhooks/webhooks.js';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Config } from '../config.js';

/**
 * The token webhooks are checked with: TWILIO_AUTH_TOKEN; without it, only while development tools are on, a
 * random token generated once per install into `<DATA_DIR>/twilio-dev.token` (owner-only), which the call
 * simulator signs with — never a constant anyone could read in the source. Null (refuse every webhook) otherwise.
 */
export function webhookAuthToken(config: Pick<Config, 'twilio' | 'devTools' | 'dataDir'>): string | null {
  if (config.twilio.authToken) return config.twilio.authToken;
  if (!config.devTools) return null;
  const file = join(config.dataDir, 'twilio-dev.token');
  const cached = devTokens.get(file);
  if (cached) return cached;
  let token = existsSync(file) ? readFileSync(file, 'utf8').trim() : '';
  if (!/^[\w-]{32,}$/.test(token)) {
    mkdirSync(config.dataDir, { recursive: true, mode: 0o700 });
    token = randomBytes(24).toString('base64url');
    writeFileSync(file, `${token}\n`, { mode: 0o600 });
  }
  devTokens.set(file, token);
  return token;
}
const devTokens = new Map<string, string>();

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
