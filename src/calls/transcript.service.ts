// The voicemail's text from Twilio's real-time transcription (<Start><Transcription languageCode> started just
// before the <Record>; docs/phone.md says why this product). Twilio posts its status callback to
// /twilio/transcript: `transcription-started`, one `transcription-content` per final utterance of the caller
// (TranscriptionData: JSON with `transcript`), then `transcription-stopped` (or `transcription-error`) when the
// call ends. Utterances are kept encrypted until it stops; then the whole text joins the voicemail exactly as the
// legacy transcription does (applyTranscriptIn: encrypted, classified, urgent/minor, the on-call notice) — or
// waits for the recording when that callback comes later. Real-time transcripts are not stored at Twilio (no
// intelligenceService is named), so there is nothing to delete there.
import type { Deps } from '../deps.js';
import { serializeOn } from '../db/locks.js';
import { findCallBySid } from './calls.queries.js';
import type { CallRow } from './calls.queries.js';
import type { Trx } from '../db/database.js';
import {
  deleteStaleTranscripts,
  deleteTranscriptParts,
  insertTranscriptPart,
  latestRecordingOfCall,
  listTranscriptParts,
  savePendingTranscript,
  takePendingTranscript,
} from './transcript.queries.js';
import { applyTranscriptIn, cleanTranscription } from './voicemail.service.js';

export interface TranscriptEvent {
  callSid: string | null;
  transcriptionSid: string | null;
  event: string | null;
  sequenceId: number | null;
  track: string | null;
  final: boolean;
  /** TranscriptionData as sent: a JSON object with `transcript` (and `confidence`). */
  data: string | null;
}

/** The utterance's text from TranscriptionData, or null when it is not Twilio's JSON. */
function utteranceText(data: string | null): string | null {
  if (!data) return null;
  try {
    const v = JSON.parse(data) as unknown;
    const text = v && typeof v === 'object' ? (v as { transcript?: unknown }).transcript : null;
    return typeof text === 'string' ? text : null;
  } catch {
    return null;
  }
}

/** Handles one status callback of a real-time transcription. Never throws for bad input: it is logged and ignored. */
export async function receiveTranscriptEvent(deps: Deps, e: TranscriptEvent): Promise<void> {
  if (!e.callSid || !e.transcriptionSid) {
    deps.log.warn('twilio transcript callback ignored: no valid CallSid or TranscriptionSid', { event: e.event });
    return;
  }
  const call = await findCallBySid(deps.db, e.callSid);
  if (!call) {
    deps.log.warn('twilio transcript callback ignored: a call Baken does not know', {
      callSid: e.callSid,
      event: e.event,
    });
    return;
  }
  switch (e.event) {
    case 'transcription-started':
      return;
    case 'transcription-content': {
      // Partial results are not asked for; only the caller's own track is transcribed.
      if (!e.final || e.sequenceId === null || (e.track !== null && e.track !== 'inbound_track')) return;
      const text = cleanTranscription(utteranceText(e.data));
      if (!text) return;
      await insertTranscriptPart(deps.db, {
        transcription_sid: e.transcriptionSid,
        sequence_id: e.sequenceId,
        call_sid: e.callSid,
        text_enc: deps.crypto.encrypt(text)!,
        created_at: deps.clock().toISOString(),
      });
      return;
    }
    case 'transcription-stopped':
    case 'transcription-error': {
      if (e.event === 'transcription-error')
        deps.log.warn('twilio real-time transcription reported an error', { callSid: e.callSid });
      await finishTranscript(deps, call, e.transcriptionSid);
      deps.events.publish({ type: 'contact.updated', data: { id: call.contact_id } });
      return;
    }
    default:
      deps.log.info('twilio transcript callback: an event Baken does not use', {
        callSid: e.callSid,
        event: (e.event ?? '').slice(0, 40),
      });
  }
}

/** Joins the utterances; the voicemail gets the text now, or when its recording arrives. */
async function finishTranscript(deps: Deps, call: CallRow, transcriptionSid: string): Promise<boolean> {
  return deps.db.transaction().execute(async (trx) => {
    await serializeOn(trx, `call:${call.call_sid}`);
    const parts = await listTranscriptParts(trx, transcriptionSid);
    const text = cleanTranscription(parts.map((p) => deps.crypto.decrypt(p.text_enc) ?? '').join(' '));
    await deleteTranscriptParts(trx, transcriptionSid);
    const now = deps.clock().toISOString();
    const rec = await latestRecordingOfCall(trx, call.call_sid);
    if (!rec) {
      // The recording callback is still on its way (or the caller hung up before the beep: then it never comes,
      // and retention removes the row with the call).
      await savePendingTranscript(trx, {
        call_sid: call.call_sid,
        transcription_sid: transcriptionSid,
        text_enc: text ? deps.crypto.encrypt(text) : null,
        created_at: now,
      });
      return false;
    }
    return applyTranscriptIn(
      deps,
      trx,
      call,
      rec.id,
      { sid: transcriptionSid, text, status: text ? 'completed' : 'failed' },
      now,
    );
  });
}

/** A voicemail's recording arrived: a transcript that was waiting for it joins it (in the recording's transaction). */
export async function applyPendingTranscriptIn(
  deps: Deps,
  trx: Trx,
  call: CallRow,
  recordingId: number,
  now: string,
): Promise<boolean> {
  const pending = await takePendingTranscript(trx, call.call_sid);
  if (!pending) return false;
  const text = cleanTranscription(pending.text_enc ? deps.crypto.decrypt(pending.text_enc) : '');
  return applyTranscriptIn(
    deps,
    trx,
    call,
    recordingId,
    { sid: pending.transcription_sid, text, status: text ? 'completed' : 'failed' },
    now,
  );
}

/** How long an unfinished transcript may wait for its end or its recording (both come within minutes). */
const STALE_TRANSCRIPT_MS = 24 * 60 * 60_000;

/** Deletes transcript pieces that will never join a voicemail (the `oncall` job runs it). */
export async function purgeStaleTranscripts(deps: Deps): Promise<number> {
  return deleteStaleTranscripts(deps.db, new Date(deps.clock().getTime() - STALE_TRANSCRIPT_MS).toISOString());
}
