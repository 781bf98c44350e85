import type { Deps } from '../deps.js';
import type { Trx } from '../db/database.js';
import { lastAuditAt, writeAudit } from '../audit/audit.queries.js';
import { findContactForChange } from '../contacts/contacts.queries.js';
import { addTextIn, removeEventField } from '../contacts/contact-text.service.js';
import { changeContactIn, type ContactChange } from '../contacts/contacts.service.js';
import { AppError } from '../shared/app-error.js';
import { formatDuration } from '../shared/time-format.js';
import type { CurrentUser } from '../http/app-env.js';
import { assertContactVisible } from '../contacts/contacts.service.js';
import { recordingSidFromUrl } from './call-decision.js';
import { accountPath, twilioConfigured, twilioRequest } from './twilio-rest.js';
import { applyPendingTranscriptIn } from './transcript.service.js';
import {
  findRecording,
  findRecordingBySid,
  insertRecording,
  listClearTranscriptions,
  setTranscriptionText,
  updateRecording,
  type CallRow,
} from './calls.queries.js';
import {
  CALLBACK_WORKING_HOURS,
  callEvent,
  desk,
  noCallSid,
  withCall,
  type CallParams,
  type Source,
} from './calls.service.js';

// Voicemails: the recording and its transcription join the call's contact; agents play them through Baken.

/** Longest transcription kept (Twilio transcribes at most two minutes, far less than this). */
const MAX_TRANSCRIPTION = 10_000;

interface RecordingParams {
  recordingSid: string | null;
  recordingUrl: string | null;
}

/**
 * The RecordingSid a callback is about, after checking its RecordingUrl is on Twilio's API (or the configured
 * API base) and names the same recording; null (logged) when it is not to be trusted.
 */
function trustedRecordingSid(
  deps: Deps,
  p: RecordingParams & { callSid: string | null },
  source: Source,
): { sid: string; url: string | null } | null {
  const allowed = ['https://api.twilio.com', new URL(deps.config.twilio.apiBase).origin];
  const fromUrl = p.recordingUrl === null ? null : recordingSidFromUrl(p.recordingUrl, allowed);
  if (p.recordingUrl !== null && !fromUrl) {
    deps.log.warn('twilio recording callback ignored: RecordingUrl is not a recording on the Twilio API', {
      source,
      callSid: p.callSid,
    });
    return null;
  }
  if (p.recordingSid && fromUrl && p.recordingSid !== fromUrl) {
    deps.log.warn('twilio recording callback ignored: RecordingSid and RecordingUrl disagree', {
      source,
      callSid: p.callSid,
    });
    return null;
  }
  const sid = p.recordingSid ?? fromUrl;
  if (!sid) {
    deps.log.warn('twilio recording callback ignored: no RecordingSid', { source, callSid: p.callSid });
    return null;
  }
  return { sid, url: p.recordingUrl };
}

/** Stores a voicemail once; the first time it also puts the contact where voicemails belong. */
async function saveRecording(
  deps: Deps,
  trx: Trx,
  call: CallRow,
  rec: { sid: string; url: string | null; duration: number | null },
  now: string,
) {
  const existing = await findRecordingBySid(trx, rec.sid);
  if (existing) {
    if ((rec.url && !existing.url) || (rec.duration !== null && existing.duration === null)) {
      await updateRecording(trx, existing.id, {
        url: existing.url ?? rec.url,
        duration: existing.duration ?? rec.duration,
        updated_at: now,
      });
    }
    return existing.id;
  }
  const id = await insertRecording(trx, {
    recording_sid: rec.sid,
    call_sid: call.call_sid,
    contact_id: call.contact_id,
    url: rec.url,
    duration: rec.duration,
    created_at: now,
    updated_at: now,
  });
  const t = desk(deps);
  const c = await findContactForChange(trx, call.contact_id);
  if (!c) return id;
  const change: ContactChange = { channel: 'voicemail', callOutcome: 'voicemail' };
  if (c.subject === t('calls.subject.call')) change.subject = t('calls.subject.voicemail');
  if (!call.in_office_hours) {
    // After hours: into the after-hours queue, to be called back by two working hours after the next opening.
    change.queue = 'after-hours';
    change.dueAt =
      c.due_at ?? deps.officeHours.addWorkingHours(new Date(c.started_at), CALLBACK_WORKING_HOURS).toISOString();
  }
  await changeContactIn(
    deps,
    trx,
    call.contact_id,
    change,
    { id: null },
    {
      events: [
        {
          kind: 'call.voicemail',
          data: {
            recordingId: id,
            duration: rec.duration,
            label: t('calls.event.voicemail', { duration: formatDuration(rec.duration) }),
          },
        },
      ],
      auditDetails: { via: 'voicemail' },
    },
  );
  return id;
}

/** A voicemail was recorded (the Record action or the recording status callback): it joins the call's contact. */
export async function recordVoicemail(
  deps: Deps,
  p: CallParams & RecordingParams & { duration: number | null; recordingStatus: string | null },
): Promise<void> {
  if (!p.callSid) {
    noCallSid(deps, 'recording');
    return;
  }
  if (p.recordingStatus !== null && p.recordingStatus !== 'completed') {
    deps.log.info('twilio recording callback: recording not completed, nothing to keep', {
      callSid: p.callSid,
      recordingStatus: p.recordingStatus.slice(0, 20),
    });
    return;
  }
  const rec = trustedRecordingSid(deps, p, 'recording');
  if (!rec) return;
  const office = deps.officeHours.status(deps.clock());
  const { call } = await withCall(deps, p, office, 'recording', async (trx, call, now) => {
    const id = await saveRecording(deps, trx, call, { ...rec, duration: p.duration }, now);
    // A real-time transcript that stopped before the recording arrived joins it now.
    return applyPendingTranscriptIn(deps, trx, call, id, now);
  });
  deps.events.publish({ type: 'contact.updated', data: { id: call.contact_id } });
}

/** Removes control characters and caps the length of a transcription. */
export function cleanTranscription(text: string | null): string {
  // eslint-disable-next-line no-control-regex
  return (text ?? '')
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, '')
    .trim()
    .slice(0, MAX_TRANSCRIPTION);
}

/** A voicemail's transcription arrived: kept with the recording, on the timeline and in the contact's search text. */
export async function recordTranscription(
  deps: Deps,
  p: CallParams & RecordingParams & { transcriptionSid: string | null; text: string | null; status: string | null },
): Promise<void> {
  if (!p.callSid) {
    noCallSid(deps, 'transcription');
    return;
  }
  const rec = trustedRecordingSid(deps, p, 'transcription');
  if (!rec) return;
  const text = cleanTranscription(p.text);
  const status = p.status === 'failed' || !text ? 'failed' : 'completed';
  const office = deps.officeHours.status(deps.clock());
  const { call } = await withCall(deps, p, office, 'transcription', async (trx, call, now) => {
    const id = await saveRecording(deps, trx, call, { ...rec, duration: null }, now);
    return applyTranscriptIn(deps, trx, call, id, { sid: p.transcriptionSid, text, status }, now);
  });
  deps.events.publish({ type: 'contact.updated', data: { id: call.contact_id } });
}

/**
 * A voicemail's text arrived (Twilio's legacy transcription, or the real-time transcript joined when it stopped):
 * kept encrypted with the recording, in the contact's search text, classified (urgent, minor, topics) and on the
 * timeline without the words (the contacts' text hooks classify it; an urgent one after hours queues the on-call
 * notice there). Once per recording: a second text of a voicemail that has one is ignored. Answers whether the text
 * was applied.
 */
export async function applyTranscriptIn(
  deps: Deps,
  trx: Trx,
  call: CallRow,
  recordingId: number,
  tr: { sid: string | null; text: string; status: 'completed' | 'failed' },
  now: string,
): Promise<boolean> {
  const r = (await findRecording(trx, recordingId))!;
  if (r.transcription_status === 'completed') return false; // a replay, or a second transcription of the same message
  await updateRecording(trx, recordingId, {
    transcription_sid: tr.sid,
    transcription_status: tr.status,
    transcription_text: tr.status === 'completed' ? deps.crypto.encrypt(tr.text) : null,
    updated_at: now,
  });
  if (tr.status !== 'completed') {
    await callEvent(deps, trx, call.contact_id, now, 'call.transcription-failed', {
      recordingId,
      label: desk(deps)('calls.event.transcriptionFailed'),
    });
    return false;
  }
  const words = { contactId: call.contact_id, body: tr.text, source: 'voicemail' as const, actor: { id: null } };
  await addTextIn(deps, trx, { ...words, hint: { menu: call.menu_choice } });
  // The text itself stays out of the timeline (in clear there); the call panel shows it decrypted.
  await callEvent(deps, trx, call.contact_id, now, 'call.transcription', {
    recordingId,
    label: desk(deps)('calls.event.transcription'),
  });
  return true;
}

/** Two requests of one user for one recording this close together are one play (the player seeking). */
const PLAY_AUDIT_GAP_MS = 30_000;

/**
 * Fetches a voicemail from Twilio for an agent (basic auth with the account SID and token) and returns its
 * audio stream; the page never holds a Twilio link. A byte range (the player seeking) is passed on. Every
 * request that delivers audio is audited — whatever its range — except a repeat of the same user's play
 * within half a minute; fetching never marks the voicemail as reviewed (that is markRecordingPlayed, a POST).
 */
export async function openRecording(
  deps: Deps,
  id: number,
  actor: { id: number; ip?: string | null; user: CurrentUser },
  range?: string,
) {
  const byteRange = range && /^bytes=\d{1,12}-\d{0,12}$/.test(range) ? range : undefined;
  const rec = await findRecording(deps.db, id);
  if (!rec) throw new AppError('recording_not_found', 'Not found');
  await assertContactVisible(deps, actor.user, rec.contact_id);
  if (!twilioConfigured(deps)) throw new AppError('twilio_not_configured');
  let res: Response;
  try {
    res = await twilioRequest(deps, {
      method: 'GET',
      path: accountPath(deps, `Recordings/${encodeURIComponent(rec.recording_sid)}.mp3`),
      headers: byteRange ? { Range: byteRange } : {},
    });
  } catch (e) {
    deps.log.warn('voicemail could not be fetched from Twilio', { recordingId: id, reason: (e as Error).message });
    throw new AppError('recording_unavailable');
  }
  if (!res.ok || !res.body) {
    deps.log.warn('voicemail could not be fetched from Twilio', { recordingId: id, status: res.status });
    await res.body?.cancel().catch(() => undefined);
    // 404: Twilio no longer has the recording (deleted or expired) — the review may then decide it unplayed.
    throw new AppError(res.status === 404 ? 'recording_gone' : 'recording_unavailable');
  }
  const now = deps.clock();
  const recent = await lastAuditAt(deps.db, {
    action: 'recording.play',
    actorId: actor.id,
    subjectType: 'recording',
    subjectId: id,
    since: new Date(now.getTime() - PLAY_AUDIT_GAP_MS).toISOString(),
  });
  if (!recent)
    await writeAudit(deps.db, {
      at: now.toISOString(),
      actorId: actor.id,
      action: 'recording.play',
      subjectType: 'recording',
      subjectId: id,
      ip: actor.ip,
      details: { contactId: rec.contact_id, range: byteRange ? byteRange.slice(6) : null },
    });
  const type = res.headers.get('Content-Type') ?? '';
  const contentRange = res.status === 206 ? res.headers.get('Content-Range') : null;
  return {
    body: res.body,
    type: /^audio\/[\w.+-]+$/.test(type) ? type : 'audio/mpeg',
    length: res.headers.get('Content-Length'),
    status: contentRange && /^bytes \d+-\d+\/\d+$/.test(contentRange) ? (206 as const) : (200 as const),
    contentRange,
  };
}

/**
 * A stored transcription as text. Transcriptions are encrypted with the field key; one written before that
 * (in clear, until encryptClearTranscriptions has run) is read as it is.
 */
export function readTranscription(deps: Pick<Deps, 'crypto'>, stored: string | null): string | null {
  if (stored === null || !stored.startsWith('v1.')) return stored;
  try {
    return deps.crypto.decrypt(stored);
  } catch {
    return stored; // a clear text that happens to start with "v1."
  }
}

/** Encrypts transcriptions kept in clear by older versions, and takes their text out of the timeline; at start. */
export async function encryptClearTranscriptions(deps: Pick<Deps, 'db' | 'crypto'>): Promise<number> {
  let done = 0;
  for (;;) {
    const rows = await listClearTranscriptions(deps.db, 500);
    if (!rows.length) break;
    await deps.db.transaction().execute(async (trx) => {
      for (const r of rows) await setTranscriptionText(trx, r.id, deps.crypto.encrypt(r.transcription_text)!);
    });
    done += rows.length;
  }
  await removeEventField(deps, 'call.transcription', 'body');
  return done;
}
