// "Simulate an incoming call" (development only): sends the webhooks Twilio would send for one call, properly
// signed, through Baken's own HTTP stack — so a newcomer without a Twilio account can try the whole phone flow.
import { randomBytes } from 'node:crypto';
import type { Deps } from '../deps.js';
import { AppError } from '../shared/app-error.js';
import { writeAudit } from '../audit/audit.queries.js';
import { findCallBySid, insertSimulatedCall } from './calls.queries.js';
import { signParams, webhookAuthToken } from './twilio-signature.js';

export const SIMULATED_ENDINGS = ['ringing', 'answered', 'missed', 'voicemail'] as const;
export interface SimulatedCall {
  from: string;
  digits: '' | '1' | '2' | '3';
  end: (typeof SIMULATED_ENDINGS)[number];
  transcript: string;
}

/** Sends one request into the app (app.fetch), as Twilio would over the internet. */
export type SendToApp = (req: Request) => Promise<Response>;

const hex = (bytes: number) => randomBytes(bytes).toString('hex');

/**
 * Plays one call through the webhooks: voice, then the menu key, the agents' answer, a voicemail with its
 * transcription and the final status, as chosen. Returns the contact the call was logged as. Only while
 * development tools are on (never beside a real TWILIO_AUTH_TOKEN); the contact is marked as simulated by the
 * agent, which the audit log says before the first webhook is sent, and counts in no figure.
 */
export async function simulateCall(
  deps: Deps,
  send: SendToApp,
  input: SimulatedCall,
  actor: { id: number; ip: string | null },
): Promise<{ callSid: string; contactId: number; reference: string | null }> {
  const token = deps.config.devTools ? webhookAuthToken(deps.config) : null;
  if (!token || deps.config.twilio.authToken) throw new AppError('not_found', 'Not found');
  const accountSid = deps.config.twilio.accountSid ?? `AC${'0'.repeat(32)}`;
  const callSid = `CA${hex(16)}`;
  const at = deps.clock().toISOString();
  await deps.db.transaction().execute(async (trx) => {
    await insertSimulatedCall(trx, { call_sid: callSid, user_id: actor.id, created_at: at });
    await writeAudit(trx, {
      at,
      actorId: actor.id,
      action: 'call.simulate',
      subjectType: 'call',
      subjectId: callSid,
      ip: actor.ip,
      details: { end: input.end, menu: input.digits || null },
    });
  });
  const base = {
    AccountSid: accountSid,
    ApiVersion: '2010-04-01',
    CallSid: callSid,
    Direction: 'inbound',
    From: input.from.trim() || 'anonymous',
    To: '+31334481186',
  };

  const post = async (path: string, params: Record<string, string>) => {
    const url = `${deps.config.publicUrl}${path}`;
    const res = await send(
      new Request(url, {
        method: 'POST',
        body: new URLSearchParams(params),
        headers: {
          'Content-Type': 'application/x-www-form-urlencoded',
          'X-Twilio-Signature': signParams(token, url, params),
        },
      }),
    );
    const body = await res.text();
    if (res.status !== 200) throw new AppError('simulation_failed', String(res.status));
    return body;
  };

  const twiml = await post('/twilio/voice', { ...base, CallStatus: 'ringing' });
  const open = twiml.includes('<Gather');
  let dialing = false;
  if (open && input.digits)
    dialing = (
      await post('/twilio/gather?attempt=1', { ...base, CallStatus: 'in-progress', Digits: input.digits })
    ).includes('<Dial');
  if (input.end === 'answered') {
    // The first agent target picks up: Twilio requests the <Number>/<Client> url on the agent's leg.
    if (dialing)
      await post('/twilio/answered', {
        AccountSid: accountSid,
        CallSid: `CA${hex(16)}`,
        ParentCallSid: callSid,
        To: deps.config.twilio.agentTargets[0] ?? 'client:simulated-agent',
        CallStatus: 'in-progress',
      });
    if (dialing)
      await post('/twilio/dial', {
        ...base,
        CallStatus: 'in-progress',
        DialCallStatus: 'completed',
        DialCallDuration: '95',
      });
    await post('/twilio/status', { ...base, CallStatus: 'completed', CallDuration: '120' });
  } else if (input.end === 'missed') {
    if (dialing) await post('/twilio/dial', { ...base, CallStatus: 'in-progress', DialCallStatus: 'no-answer' });
    await post('/twilio/status', { ...base, CallStatus: 'completed', CallDuration: '35' });
  } else if (input.end === 'voicemail') {
    if (dialing) await post('/twilio/dial', { ...base, CallStatus: 'in-progress', DialCallStatus: 'no-answer' });
    const recordingSid = `RE${hex(16)}`;
    const recordingUrl = `${deps.config.twilio.apiBase}/2010-04-01/Accounts/${accountSid}/Recordings/${recordingSid}`;
    await post('/twilio/recording', {
      ...base,
      CallStatus: 'in-progress',
      RecordingSid: recordingSid,
      RecordingUrl: recordingUrl,
      RecordingDuration: '42',
      RecordingStatus: 'completed',
    });
    if (input.transcript.trim()) {
      // What Twilio's real-time transcription sends (docs/phone.md): started, one final utterance per sentence, stopped.
      const transcription = {
        ...base,
        TranscriptionSid: `GT${hex(16)}`,
        LanguageCode: 'nl-NL',
        Track: 'inbound_track',
      };
      await post('/twilio/transcript', { ...transcription, TranscriptionEvent: 'transcription-started' });
      const sentences = input.transcript.trim().match(/[^.!?]+[.!?]*/g) ?? [input.transcript.trim()];
      for (const [i, sentence] of sentences.entries())
        await post('/twilio/transcript', {
          ...transcription,
          TranscriptionEvent: 'transcription-content',
          SequenceId: String(i + 1),
          Final: 'true',
          TranscriptionData: JSON.stringify({ transcript: sentence.trim(), confidence: 0.9 }),
        });
      await post('/twilio/transcript', { ...transcription, TranscriptionEvent: 'transcription-stopped' });
    }
    await post('/twilio/status', { ...base, CallStatus: 'completed', CallDuration: '80' });
  }
  const call = await findCallBySid(deps.db, callSid);
  if (!call) throw new AppError('simulation_failed', 'the call was not logged');
  return { callSid, contactId: call.contact_id, reference: call.reference };
}
