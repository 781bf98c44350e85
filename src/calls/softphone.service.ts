import type { Deps } from '../deps.js';
import { AppError } from '../shared/app-error.js';
import { takeContact } from '../contacts/contacts.service.js';
import { findCallBySid } from './calls.queries.js';
import { mintVoiceToken } from './voice-token.js';

/** True when the softphone is configured (API key, secret and TwiML App, besides the account). */
export const softphoneConfigured = (deps: Deps) => {
  const t = deps.config.twilio;
  return Boolean(t.accountSid && t.apiKey && t.apiSecret && t.twimlAppSid);
};

/** A fresh access token for the signed-in user; 503 when the desk has no softphone configured. */
export function voiceToken(deps: Deps, userId: number) {
  const t = deps.config.twilio;
  if (!t.accountSid || !t.apiKey || !t.apiSecret || !t.twimlAppSid)
    throw new AppError('softphone_not_configured', 'The softphone is not configured');
  const minted = mintVoiceToken(
    { accountSid: t.accountSid, apiKey: t.apiKey, apiSecret: t.apiSecret, twimlAppSid: t.twimlAppSid },
    userId,
    deps.clock(),
  );
  return { token: minted.token, identity: minted.identity, expiresAt: minted.expiresAt.toISOString() };
}

/** The agent accepted a ringing call in the softphone: take the caller's contact, as "take this call" does. */
export async function takeRingingCall(deps: Deps, callSid: string, actor: { id: number; ip: string }) {
  const call = await findCallBySid(deps.db, callSid);
  if (!call) throw new AppError('call_not_found', 'Not found');
  const result = await takeContact(deps, call.contact_id, actor);
  return { ...result, contactId: call.contact_id };
}
