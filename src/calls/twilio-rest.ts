import type { Deps } from '../deps.js';

/**
 * The one way out to Twilio's REST API. Every request Baken makes to Twilio (recordings, calls, messages,
 * transcripts) goes through `twilioRequest`; access tokens are minted locally and never come here.
 *
 * The base URL is `TWILIO_API_BASE`. Left at its default (https://api.twilio.com), each product is asked on its own
 * host (api.twilio.com for the 2010-04-01 API, intelligence.twilio.com for Voice Intelligence …). Set to anything
 * else (a local stand-in in tests, a staging desk), every product is asked on that one base by the same path, so a
 * single local server speaking Twilio's REST API stands in for all of them.
 */
export type TwilioHost = 'api' | 'intelligence' | 'voice' | 'messaging';

const DEFAULT_BASE = 'https://api.twilio.com';
const HOSTS: Record<TwilioHost, string> = {
  api: 'https://api.twilio.com',
  intelligence: 'https://intelligence.twilio.com',
  voice: 'https://voice.twilio.com',
  messaging: 'https://messaging.twilio.com',
};

export interface TwilioRequest {
  method: 'GET' | 'POST' | 'DELETE';
  /** The path on the product's host, e.g. `/2010-04-01/Accounts/AC…/Calls.json` or `/v2/Transcripts`. */
  path: string;
  host?: TwilioHost;
  /** Sent as application/x-www-form-urlencoded (Twilio's request format); arrays repeat the key. */
  form?: Record<string, string | number | boolean | readonly string[] | undefined | null>;
  /** Extra request headers (e.g. Range for a recording). */
  headers?: Record<string, string>;
  /** Give up after this long (default 10 s): the caller treats it like any other failure. */
  timeoutMs?: number;
  /**
   * Tries in all (default 1). Only for requests that are safe to repeat (GET, DELETE, or a POST that Twilio
   * de-duplicates): a timeout, a network error, 429 or a 5xx is tried again after 250 ms, 500 ms …
   */
  attempts?: number;
}

/** Why a request gave no answer: `unconfigured` (no account SID or auth token), `timeout`, `network`. */
export class TwilioUnreachable extends Error {
  constructor(readonly reason: 'unconfigured' | 'timeout' | 'network') {
    super(`Twilio unreachable: ${reason}`);
    this.name = 'TwilioUnreachable';
  }
}

/** The URL a request goes to under the configured base (exported for the recording URL checks). */
export function twilioUrl(apiBase: string, host: TwilioHost, path: string): string {
  const base = apiBase.replace(/\/+$/, '');
  const origin = base === DEFAULT_BASE ? HOSTS[host] : base;
  return `${origin}${path.startsWith('/') ? path : `/${path}`}`;
}

/** The account's path on the 2010-04-01 API, e.g. `accountPath(deps, 'Calls.json')`. */
export function accountPath(deps: Deps, rest: string): string {
  return `/2010-04-01/Accounts/${encodeURIComponent(deps.config.twilio.accountSid ?? '')}/${rest}`;
}

/** True when Baken has credentials to speak to Twilio at all. */
export function twilioConfigured(deps: Deps): boolean {
  return Boolean(deps.config.twilio.accountSid && deps.config.twilio.authToken);
}

function formBody(form: NonNullable<TwilioRequest['form']>): URLSearchParams {
  const body = new URLSearchParams();
  for (const [k, v] of Object.entries(form)) {
    if (v === undefined || v === null) continue;
    if (Array.isArray(v)) for (const item of v) body.append(k, item);
    else body.append(k, String(v));
  }
  return body;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Sends one request to Twilio with the account's basic auth and answers the Response (any status: the caller
 * decides what 404 or 400 means). Throws TwilioUnreachable when there is no answer after all attempts. The
 * caller cancels or reads the body; a retried answer's body is cancelled here.
 */
export async function twilioRequest(deps: Deps, req: TwilioRequest): Promise<Response> {
  const { accountSid, authToken, apiBase } = deps.config.twilio;
  if (!accountSid || !authToken) throw new TwilioUnreachable('unconfigured');
  const url = twilioUrl(apiBase, req.host ?? 'api', req.path);
  const attempts = Math.max(1, req.attempts ?? 1);
  const headers: Record<string, string> = {
    Authorization: `Basic ${Buffer.from(`${accountSid}:${authToken}`).toString('base64')}`,
    ...req.headers,
  };
  const body = req.form ? formBody(req.form) : undefined;
  if (body) headers['Content-Type'] = 'application/x-www-form-urlencoded';
  let last: TwilioUnreachable = new TwilioUnreachable('network');
  for (let attempt = 1; attempt <= attempts; attempt++) {
    if (attempt > 1) await sleep(250 * 2 ** (attempt - 2));
    const abort = new AbortController();
    const timer = setTimeout(() => abort.abort(), req.timeoutMs ?? 10_000);
    try {
      const res = await fetch(url, {
        method: req.method,
        headers,
        body,
        signal: abort.signal,
        redirect: 'follow',
      });
      if ((res.status === 429 || res.status >= 500) && attempt < attempts) {
        await res.body?.cancel().catch(() => undefined);
        continue;
      }
      return res;
    } catch (e) {
      last = new TwilioUnreachable((e as Error).name === 'AbortError' ? 'timeout' : 'network');
    } finally {
      clearTimeout(timer);
    }
  }
  throw last;
}
