// The browser softphone's use cases: the access token, accepting a ringing call (the contact opens as "take this
// call" does), and the TwiML App's outgoing calls (POST /twilio/outbound).
import VoiceResponse from 'twilio/lib/twiml/VoiceResponse.js';
import type { Deps } from '../deps.js';
import { AppError } from '../shared/app-error.js';
import { writeAudit } from '../audit/audit.queries.js';
import { takeContact } from '../contacts/contacts.service.js';
import { findContact } from '../contacts/contacts.queries.js';
import { userById } from '../users/users.queries.js';
import { findCallBySid } from './calls.queries.js';
import { CALL_ROLES, userIdOfClient } from './ring-decision.js';
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
    throw new AppError(503, 'softphone_not_configured', 'The softphone is not configured');
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
  if (!call) throw new AppError(404, 'call_not_found', 'Not found');
  const result = await takeContact(deps, call.contact_id, actor);
  return { ...result, contactId: call.contact_id };
}

/** Party types whose number is not a professional's: "only via the professional" forbids calling them. */
const NOT_PROFESSIONAL = new Set(['victim', 'citizen', 'other', 'unknown']);

const SPEAK_EN = { language: 'en-GB', voice: 'Polly.Amy' } as const;
const SPEAK_NL = { language: 'nl-NL', voice: 'Polly.Lotte' } as const;

function refuse(nl: string, en: string): string {
  const r = new VoiceResponse();
  r.say(SPEAK_NL, nl);
  r.say(SPEAK_EN, en);
  r.hangup();
  return r.toString();
}

/**
 * A call the softphone places (the TwiML App's voice URL): From is the agent's `client:user<id>`, `contact` the
 * contact to call. Dials the contact's number from the desk's number, or tells the agent why not (the safe-contact
 * flags forbid it, no number, unknown agent). The number is decrypted here only: audited.
 */
export async function outboundCall(
  deps: Deps,
  p: { from: string | null; contactId: number | null; callSid: string | null },
): Promise<string> {
  const userId = userIdOfClient(p.from);
  const user = userId ? await userById(deps.db, userId) : undefined;
  const roles = (user?.roles ?? '').split(',');
  if (!user?.active || !roles.some((r) => (CALL_ROLES as readonly string[]).includes(r))) {
    deps.log.warn('twilio outbound call from an unknown client or a role that takes no calls', {});
    return refuse('Deze oproep is niet toegestaan.', 'This call is not allowed.');
  }
  const callerId = deps.config.twilio.callerId;
  if (!callerId) return refuse('Er is geen nummer van de helpdesk ingesteld.', 'The desk has no caller ID set.');
  const contact = p.contactId ? await findContact(deps.db, p.contactId) : undefined;
  if (!contact) return refuse('Dit contact bestaat niet.', 'This contact does not exist.');
  if (contact.may_call_back === 0)
    return refuse('Terugbellen mag niet bij dit contact.', 'This contact may not be called back.');
  if (contact.via_professional_only === 1 && NOT_PROFESSIONAL.has(contact.party_type ?? 'unknown'))
    return refuse(
      'Dit contact mag alleen via de professional worden benaderd.',
      'This contact may only be reached through the professional.',
    );
  const phone = deps.crypto.decrypt(contact.party_phone_enc);
  if (!phone) return refuse('Dit contact heeft geen telefoonnummer.', 'This contact has no phone number.');
  await writeAudit(deps.db, {
    at: deps.clock().toISOString(),
    actorId: user.id,
    action: 'call.outbound',
    subjectType: 'contact',
    subjectId: contact.id,
    details: { via: 'softphone', callSid: p.callSid },
  });
  const r = new VoiceResponse();
  r.dial({ callerId, answerOnBridge: true }).number(phone);
  return r.toString();
}
