// Hearing a voicemail (issue 21): a voicemail counts as heard by an agent only when its audio reached that agent's
// browser through Baken's recording proxy from the first byte to the last without a gap, and their player then
// said it played to the end. Nothing else marks it heard: no route, no button, no start of playback.
import type { Deps } from '../deps.js';
import { writeAudit } from '../audit/audit.queries.js';
import { addEventIn } from '../contacts/contact-text.service.js';
import { assertContactVisible } from '../contacts/contacts.service.js';
import type { CurrentUser } from '../http/app-env.js';
import { AppError } from '../shared/app-error.js';
import { findPlay, findRecording, savePlay, updateRecording } from './calls.queries.js';
import { desk } from './calls.service.js';

type Actor = { id: number; ip?: string | null; user: CurrentUser };

const emptyPlay = (recordingId: number, userId: number) => ({
  recording_id: recordingId,
  user_id: userId,
  streamed_bytes: 0,
  total_bytes: null as number | null,
  streamed_at: null as string | null,
  heard_at: null as string | null,
  failed_at: null as string | null,
});

/**
 * Notes what one response of the recording proxy delivered to an agent: `bytes` from byte `start`, of a recording
 * of `total` bytes (null when Twilio did not say), `ended` when the response ran to its end. The bytes received
 * from the start without a gap grow; once they reach the end of the recording the stream is complete — audited
 * as `recording.streamed` for that agent, once. A seek ahead (a range beyond what arrived) does not count.
 */
export async function recordStreamProgress(
  deps: Deps,
  recordingId: number,
  actor: { id: number; ip?: string | null },
  sent: { start: number; bytes: number; total: number | null; ended: boolean },
): Promise<void> {
  if (sent.bytes <= 0 && !sent.ended) return;
  const now = deps.clock().toISOString();
  await deps.db.transaction().execute(async (trx) => {
    const rec = await findRecording(trx, recordingId);
    if (!rec) return;
    const play = (await findPlay(trx, recordingId, actor.id)) ?? emptyPlay(recordingId, actor.id);
    if (play.streamed_at) return; // complete already
    const before = Number(play.streamed_bytes);
    if (sent.start > before) return; // a gap: what lies between was never received
    const reached = Math.max(before, sent.start + sent.bytes);
    const total = sent.total ?? (play.total_bytes === null ? null : Number(play.total_bytes));
    const complete = total !== null ? reached >= total : sent.ended;
    await savePlay(trx, {
      ...play,
      streamed_bytes: reached,
      total_bytes: total,
      streamed_at: complete ? now : null,
    });
    if (complete)
      await writeAudit(trx, {
        at: now,
        actorId: actor.id,
        action: 'recording.streamed',
        subjectType: 'recording',
        subjectId: recordingId,
        ip: actor.ip,
        details: { contactId: rec.contact_id, bytes: reached },
      });
  });
}

/**
 * Notes that a voicemail would not play for an agent: Twilio failed to deliver it (`fetch`) or their player
 * reported an error (`player`, with the browser's MediaError code). Audited as `recording.failed`; it lets the
 * review decide the item unheard with the explicit reason `failed`.
 */
export async function recordPlayFailed(
  deps: Deps,
  recordingId: number,
  actor: Actor,
  cause: { by: 'fetch' | 'player'; code?: string | null },
): Promise<{ contactId: number }> {
  const rec = await findRecording(deps.db, recordingId);
  if (!rec) throw new AppError('recording_not_found', 'Not found');
  await assertContactVisible(deps, actor.user, rec.contact_id);
  const now = deps.clock().toISOString();
  await deps.db.transaction().execute(async (trx) => {
    const play = (await findPlay(trx, recordingId, actor.id)) ?? emptyPlay(recordingId, actor.id);
    await savePlay(trx, { ...play, failed_at: now });
    await writeAudit(trx, {
      at: now,
      actorId: actor.id,
      action: 'recording.failed',
      subjectType: 'recording',
      subjectId: recordingId,
      ip: actor.ip,
      details: { contactId: rec.contact_id, by: cause.by, code: cause.code ?? null },
    });
  });
  return { contactId: rec.contact_id };
}

/**
 * Marks a voicemail as heard by an agent, when their player said it played to the end (public/review.js on
 * `ended`, or the button beside the player). Refused with 422 unless the whole recording reached this agent
 * through the proxy (recordStreamProgress). The agent's hearing is audited once (`recording.played`); the first
 * agent's puts it on the timeline and sets the recording's played_at. Null when the recording is unknown.
 */
export async function markRecordingPlayed(deps: Deps, id: number, actor: Actor): Promise<{ contactId: number } | null> {
  const found = await findRecording(deps.db, id);
  if (!found) return null;
  await assertContactVisible(deps, actor.user, found.contact_id);
  const now = deps.clock().toISOString();
  return deps.db.transaction().execute(async (trx) => {
    const rec = await findRecording(trx, id);
    if (!rec) return null;
    const play = await findPlay(trx, id, actor.id);
    if (!play?.streamed_at) throw new AppError('recording_not_heard', 'Play the recording to the end first');
    if (play.heard_at) return { contactId: rec.contact_id };
    await savePlay(trx, { ...play, streamed_bytes: Number(play.streamed_bytes), heard_at: now });
    if (!rec.played_at) {
      await updateRecording(trx, id, { played_at: now, played_by: actor.id, updated_at: now });
      await addEventIn(deps, trx, {
        contactId: rec.contact_id,
        at: now,
        actorId: actor.id,
        kind: 'call.voicemail-played',
        data: { recordingId: id, label: desk(deps)('calls.event.played') },
      });
    }
    await writeAudit(trx, {
      at: now,
      actorId: actor.id,
      action: 'recording.played',
      subjectType: 'recording',
      subjectId: id,
      ip: actor.ip,
      details: { contactId: rec.contact_id, first: !rec.played_at },
    });
    return { contactId: rec.contact_id };
  });
}
