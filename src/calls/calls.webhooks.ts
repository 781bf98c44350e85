// Twilio Programmable Voice webhooks, mounted at /twilio before the session and CSRF middleware: Twilio holds
// no cookie and sends no Origin; each request is authenticated by its X-Twilio-Signature instead, computed
// over PUBLIC_URL + path + query (never the Host header) with TWILIO_AUTH_TOKEN.
//
// Set these in the Twilio console for the help desk's number (see docs/phone.md):
//   A call comes in → POST {PUBLIC_URL}/twilio/voice;  Call status changes → POST {PUBLIC_URL}/twilio/status
// The TwiML sends the caller on to /twilio/gather (menu), /twilio/dial (the agents' phones stopped ringing),
// /twilio/recording (voicemail: Record action and recording status callback) and /twilio/transcription.
import { Hono, type Context } from 'hono';
import { limitBody } from '../http/body-limit.js';
import type { Deps } from '../deps.js';
import { isSid, MENU_ATTEMPTS, seconds, type CallDecision } from './call-decision.js';
import {
  agentAnswered,
  chooseFromMenu,
  dialEnded,
  receiveCall,
  recordCallStatus,
  type CallParams,
} from './calls.service.js';
import { recordTranscription, recordVoicemail } from './voicemail.service.js';
import { renderCallbackNoted, renderEmpty, renderThanks, renderTwiml } from './twiml.js';
import { requestCallback } from './callback-request.service.js';
import { receiveTranscriptEvent } from './transcript.service.js';
import {
  CALLBACK_PATHS,
  CALLBACK_RING_SECONDS,
  callbackDialEnded,
  callbackStatus,
  outboundCall,
} from './callback.service.js';
import { renderOutbound } from './callback-twiml.js';
import { callbackMachineDetected } from './callback-amd.service.js';
import { createTranslate } from '../i18n/i18n.js';
import { isValidSignature, signedUrl, webhookAuthToken } from './twilio-signature.js';

/** Twilio's parameters are a few hundred bytes; a transcription a few kB. Anything bigger is not Twilio. */
export const WEBHOOK_MAX_BYTES = 64 * 1024;

type WebhookEnv = { Variables: { params: Record<string, string>; requestId?: string } };

const xml = (c: Context, body: string, status: 200 | 403 | 404 | 413 | 500 = 200) =>
  c.body(body, status, { 'Content-Type': 'text/xml; charset=utf-8', 'Cache-Control': 'no-store' });

/** A string parameter, cut to a sane length; null when absent or empty. */
const str = (p: Record<string, string>, key: string, max = 200) => {
  const v = p[key];
  return typeof v === 'string' && v !== '' ? v.slice(0, max) : null;
};

/** The Twilio webhooks as a Hono sub-app; its onError always answers with TwiML (apology and voicemail). */
export function callsWebhooks(deps: Deps) {
  const app = new Hono<WebhookEnv>();
  const token = webhookAuthToken(deps.config);
  if (!deps.config.twilio.authToken) {
    deps.log.warn(
      token
        ? 'TWILIO_AUTH_TOKEN is not set: Twilio webhooks accept only the random development token of this install (DATA_DIR/twilio-dev.token, for simulated calls)'
        : 'TWILIO_AUTH_TOKEN is not set: every Twilio webhook is refused',
    );
  }
  const path = (c: Context) => new URL(c.req.url).pathname;

  app.use(
    limitBody(WEBHOOK_MAX_BYTES, (c) => {
      deps.log.warn('twilio webhook refused: body too large', { path: path(c) });
      return xml(c, renderEmpty(), 413);
    }),
  );

  // Signature first: an unsigned or wrongly signed request is refused before anything is read or stored.
  app.use(async (c, next) => {
    const type = c.req.header('Content-Type') ?? '';
    const params: Record<string, string> = {};
    // The form read as text and split by URLSearchParams (parseBody's FormData goes through a Web Response).
    if (c.req.method === 'POST' && type.startsWith('application/x-www-form-urlencoded')) {
      for (const [k, v] of new URLSearchParams(await c.req.text())) params[k] = v;
    }
    const signature = c.req.header('X-Twilio-Signature');
    if (!token || !isValidSignature(token, signature, signedUrl(deps.config.publicUrl, c.req.url), params)) {
      deps.log.warn('twilio webhook refused: missing or wrong signature', {
        path: path(c),
        signed: !!signature,
        requestId: c.get('requestId'),
      });
      return xml(c, renderEmpty(), 403);
    }
    c.set('params', params);
    await next();
  });

  const call = (c: Context<WebhookEnv>): CallParams => {
    const p = c.get('params');
    return { callSid: isSid('CA', p.CallSid) ? p.CallSid : null, from: str(p, 'From', 64) };
  };
  const recording = (p: Record<string, string>) => ({
    recordingSid: isSid('RE', p.RecordingSid) ? p.RecordingSid : null,
    recordingUrl: str(p, 'RecordingUrl', 600),
  });
  // Only a voicemail prompt depends on the moment (it speaks the next opening); the few other answers are kept.
  const rendered = new Map<string, string>();
  const render = (d: CallDecision) => {
    // A voicemail speaks the moment; a connect names the caller's CallSid for the softphones: neither is kept.
    if (d.action === 'voicemail' || d.action === 'connect')
      return renderTwiml(d, { now: deps.clock(), zone: deps.config.office.timeZone, publicUrl: deps.config.publicUrl });
    const key = JSON.stringify(d);
    let xmlText = rendered.get(key);
    if (xmlText === undefined) {
      xmlText = renderTwiml(d, { now: deps.clock(), zone: deps.config.office.timeZone });
      rendered.set(key, xmlText);
    }
    return xmlText;
  };

  app.post('/voice', async (c) => xml(c, render(await receiveCall(deps, call(c)))));

  app.post('/gather', async (c) => {
    const p = c.get('params');
    const attempt = Math.min(
      Math.max(Number(/^\d{1,2}$/.test(c.req.query('attempt') ?? '') ? c.req.query('attempt') : 1), 1),
      MENU_ATTEMPTS,
    );
    const digits = p.Digits === undefined || p.Digits === '' ? null : p.Digits.slice(0, 20);
    return xml(c, render(await chooseFromMenu(deps, { ...call(c), digits, attempt })));
  });

  app.post('/dial', async (c) => {
    const dialStatus = str(c.get('params'), 'DialCallStatus', 40);
    return xml(c, render(await dialEnded(deps, { ...call(c), dialStatus, next: c.req.query('next') === '1' })));
  });

  // Nobody was available: 1 asks to be called back (a callback task); anything else goes on to the voicemail.
  app.post('/callback-request', async (c) => {
    if (c.get('params').Digits === '1' && (await requestCallback(deps, call(c)))) return xml(c, renderCallbackNoted());
    const transcribe = deps.config.twilio.transcribe;
    return xml(c, render({ action: 'voicemail', reason: 'no-agents', opensAt: null, transcribe }));
  });

  // An agent picked up (the <Number>/<Client> url, on the agent's leg): remember who; an empty answer connects.
  app.post('/answered', async (c) => {
    const p = c.get('params');
    await agentAnswered(deps, {
      parentCallSid: isSid('CA', p.ParentCallSid) ? p.ParentCallSid : null,
      to: str(p, 'To', 120),
    });
    return xml(c, renderEmpty());
  });

  app.post('/status', async (c) => {
    const p = c.get('params');
    await recordCallStatus(deps, { ...call(c), status: str(p, 'CallStatus', 40), duration: seconds(p.CallDuration) });
    return xml(c, renderEmpty());
  });

  app.post('/recording', async (c) => {
    const p = c.get('params');
    await recordVoicemail(deps, {
      ...call(c),
      ...recording(p),
      duration: seconds(p.RecordingDuration),
      recordingStatus: str(p, 'RecordingStatus', 40),
    });
    return xml(c, renderThanks());
  });

  app.post('/transcription', async (c) => {
    const p = c.get('params');
    await recordTranscription(deps, {
      ...call(c),
      ...recording(p),
      transcriptionSid: isSid('TR', p.TranscriptionSid) ? p.TranscriptionSid : null,
      text: str(p, 'TranscriptionText', 20_000),
      status: str(p, 'TranscriptionStatus', 40),
    });
    return xml(c, renderEmpty());
  });

  // Callbacks placed from Baken (src/calls/callback.service.ts): the TwiML on the agent's leg (also the TwiML App's
  // voice URL for the softphone), the <Dial> to the party ending, and the agent's leg ending.
  app.post('/outbound', async (c) => {
    const p = c.get('params');
    const id = (v: string | undefined) => (v && /^[1-9]\d{0,9}$/.test(v) ? Number(v) : null);
    const answer = await outboundCall(deps, {
      callSid: isSid('CA', p.CallSid) ? p.CallSid : null,
      contactId: id(c.req.query('contact') ?? p.contact),
      attemptId: id(c.req.query('attempt')),
      from: str(p, 'From', 64),
    });
    return xml(
      c,
      renderOutbound(answer, {
        t: createTranslate(deps.config.defaultLocale),
        lang: deps.config.defaultLocale,
        dialPath: CALLBACK_PATHS.dial,
        amdPath: CALLBACK_PATHS.amd,
        ringSeconds: CALLBACK_RING_SECONDS,
      }),
    );
  });

  app.post('/callback-dial', async (c) => {
    const p = c.get('params');
    await callbackDialEnded(deps, {
      callSid: isSid('CA', p.CallSid) ? p.CallSid : null,
      dialStatus: str(p, 'DialCallStatus', 40),
      duration: seconds(p.DialCallDuration),
      answeredBy: str(p, 'AnsweredBy', 40),
    });
    return xml(c, renderEmpty());
  });

  // The answering machine detection on the party's leg (src/calls/callback-amd.service.ts).
  app.post('/callback-amd', async (c) => {
    const p = c.get('params');
    const attempt = c.req.query('attempt');
    await callbackMachineDetected(deps, {
      attemptId: attempt && /^[1-9]\d{0,9}$/.test(attempt) ? Number(attempt) : null,
      partyCallSid: isSid('CA', p.CallSid) ? p.CallSid : null,
      answeredBy: str(p, 'AnsweredBy', 40),
    });
    return xml(c, renderEmpty());
  });

  app.post('/callback-status', async (c) => {
    const p = c.get('params');
    await callbackStatus(deps, {
      callSid: isSid('CA', p.CallSid) ? p.CallSid : null,
      status: str(p, 'CallStatus', 40),
    });
    return xml(c, renderEmpty());
  });

  // The voicemail's real-time transcription (src/calls/transcript.service.ts): Twilio ignores the answer.
  app.post('/transcript', async (c) => {
    const p = c.get('params');
    await receiveTranscriptEvent(deps, {
      callSid: isSid('CA', p.CallSid) ? p.CallSid : null,
      transcriptionSid: isSid('GT', p.TranscriptionSid) ? p.TranscriptionSid : null,
      event: str(p, 'TranscriptionEvent', 40),
      sequenceId: /^\d{1,9}$/.test(p.SequenceId ?? '') ? Number(p.SequenceId) : null,
      track: str(p, 'Track', 40),
      final: p.Final === 'true',
      data: str(p, 'TranscriptionData', 20_000),
    });
    return xml(c, renderEmpty());
  });

  app.all('*', (c) => xml(c, renderEmpty(), 404));

  // Never an HTML error page for Twilio, and never a 200 for a request whose data was not stored: a 500 makes
  // Twilio count the request as failed — it calls the number's Fallback URL for a call (docs/phone.md) and shows
  // the failure in its debugger — instead of believing the call or voicemail was logged. The body is still TwiML
  // (an apology and the voicemail prompt) for a caller whose request is answered anyway.
  app.onError((err, c) => {
    deps.log.error('twilio webhook failed: answered 500 with the voicemail prompt', {
      path: path(c),
      requestId: c.get('requestId'),
      err,
    });
    return xml(
      c,
      render({ action: 'voicemail', reason: 'error', opensAt: null, transcribe: deps.config.twilio.transcribe }),
      500,
    );
  });
  return app;
}
