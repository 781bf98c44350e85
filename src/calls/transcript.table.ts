/** One final utterance of a real-time transcription, kept until the transcription stops (migration 0047). */
interface CallTranscriptPartTable {
  transcription_sid: string;
  sequence_id: number;
  call_sid: string;
  text_enc: string;
  created_at: string;
}

/** A finished transcript waiting for its call's recording (migration 0047). */
interface CallTranscriptPendingTable {
  call_sid: string;
  transcription_sid: string;
  text_enc: string | null;
  created_at: string;
}

export interface TranscriptTables {
  call_transcript_parts: CallTranscriptPartTable;
  call_transcripts_pending: CallTranscriptPendingTable;
}
