// The TwiML of a callback placed from Baken (pure): on the agent's leg once they picked up, dial the party with
// the desk's number as caller ID; or, when the flags forbid it, tell the agent why and dial nothing.
import VoiceResponse from 'twilio/lib/twiml/VoiceResponse.js';
import type { Translate } from '../i18n/i18n.js';
import type { OutboundAnswer } from './callback.service.js';
import { machineDetectionMode } from './callback-rules.js';

const VOICE: Record<'nl' | 'en', VoiceResponse.SayAttributes> = {
  nl: { language: 'nl-NL', voice: 'Polly.Lotte' },
  en: { language: 'en-GB', voice: 'Polly.Amy' },
};

export function renderOutbound(
  answer: OutboundAnswer,
  opts: { t: Translate; lang: 'nl' | 'en'; dialPath: string; amdPath: string; ringSeconds: number },
): string {
  const r = new VoiceResponse();
  if (answer.kind === 'refuse') {
    r.say(VOICE[opts.lang], opts.t(answer.reason === 'no_number' ? 'callback.say.noNumber' : 'callback.say.forbidden'));
    r.hangup();
    return r.toString();
  }
  r.say(VOICE[opts.lang], opts.t('callback.say.connecting'));
  const dial = r.dial({
    callerId: answer.callerId,
    timeout: opts.ringSeconds,
    action: `${opts.dialPath}?attempt=${answer.attemptId}`,
    method: 'POST',
  });
  // Answering machine detection on the party's leg: Twilio posts AnsweredBy to amdStatusCallback (the attempt in its
  // query, signed with the URL), so a machine is logged "voicemail" and, with "leave no voicemail", hung up on.
  dial.number(
    {
      machineDetection: machineDetectionMode(answer.noVoicemail),
      amdStatusCallback: `${opts.amdPath}?attempt=${answer.attemptId}`,
      amdStatusCallbackMethod: 'POST',
    },
    answer.number,
  );
  return r.toString();
}
