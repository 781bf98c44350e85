import type { Executor } from '../db/database.js';

/** Keeps one final utterance (a retried callback is stored once). */
export async function insertTranscriptPart(
  db: Executor,
  row: { transcription_sid: string; sequence_id: number; call_sid: string; text_enc: string; created_at: string },
) {
  await db
    .insertInto('call_transcript_parts')
    .values(row)
    .onConflict((oc) => oc.columns(['transcription_sid', 'sequence_id']).doNothing())
    .execute();
}

export async function listTranscriptParts(db: Executor, transcriptionSid: string) {
  return db
    .selectFrom('call_transcript_parts')
    .select(['sequence_id', 'text_enc', 'call_sid'])
    .where('transcription_sid', '=', transcriptionSid)
    .orderBy('sequence_id')
    .execute();
}

export async function deleteTranscriptParts(db: Executor, transcriptionSid: string) {
  await db.deleteFrom('call_transcript_parts').where('transcription_sid', '=', transcriptionSid).execute();
}

/** The call's latest voicemail recording, if one arrived. */
export async function latestRecordingOfCall(db: Executor, callSid: string) {
  return db
    .selectFrom('recordings')
    .select(['id'])
    .where('call_sid', '=', callSid)
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
}

export async function savePendingTranscript(
  db: Executor,
  row: { call_sid: string; transcription_sid: string; text_enc: string | null; created_at: string },
) {
  await db
    .insertInto('call_transcripts_pending')
    .values(row)
    .onConflict((oc) => oc.column('call_sid').doNothing())
    .execute();
}

export async function takePendingTranscript(db: Executor, callSid: string) {
  const row = await db
    .selectFrom('call_transcripts_pending')
    .selectAll()
    .where('call_sid', '=', callSid)
    .executeTakeFirst();
  if (row) await db.deleteFrom('call_transcripts_pending').where('call_sid', '=', callSid).execute();
  return row;
}

/** Removes what waited longer than it ever should: utterances of a transcription that never stopped, texts of a
 * voicemail whose recording never came (the caller hung up before the beep). Answers how many rows went. */
export async function deleteStaleTranscripts(db: Executor, before: string): Promise<number> {
  const a = await db.deleteFrom('call_transcript_parts').where('created_at', '<', before).executeTakeFirst();
  const b = await db.deleteFrom('call_transcripts_pending').where('created_at', '<', before).executeTakeFirst();
  return Number(a.numDeletedRows) + Number(b.numDeletedRows);
}
