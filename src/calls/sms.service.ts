import type { Deps } from '../deps.js';
import { accountPath, twilioRequest, TwilioUnreachable } from './twilio-rest.js';

/** What became of one SMS: Twilio's message SID, or why not and whether trying again may help. */
export type SmsResult = { ok: true; sid: string | null } | { ok: false; retry: boolean; error: string };

/**
 * Sends one SMS through Twilio's Messages resource (the one REST client), from the desk's number
 * (TWILIO_CALLER_ID). Never throws; tried once (a POST that creates a message is not repeated here: a timeout may
 * have sent it). The error is a code (`twilio_500`, `twilio_timeout`, `no_caller_id`), never the text or number.
 */
export async function sendSms(deps: Deps, to: string, body: string): Promise<SmsResult> {
  const from = deps.config.twilio.callerId;
  if (!from) return { ok: false, retry: false, error: 'no_caller_id' };
  try {
    const res = await twilioRequest(deps, {
      method: 'POST',
      path: accountPath(deps, 'Messages.json'),
      form: { To: to, From: from, Body: body },
      timeoutMs: 10_000,
    });
    const json = (await res.json().catch(() => null)) as { sid?: unknown } | null;
    if (res.ok) return { ok: true, sid: typeof json?.sid === 'string' ? json.sid.slice(0, 64) : null };
    return { ok: false, retry: res.status === 429 || res.status >= 500, error: `twilio_${res.status}` };
  } catch (e) {
    const reason = e instanceof TwilioUnreachable ? e.reason : 'network';
    return { ok: false, retry: reason !== 'unconfigured', error: `twilio_${reason}` };
  }
}
