import type { Generated } from 'kysely';

/** Twilio's final call statuses, reported by the status callback. */
export const FINAL_CALL_STATUSES = ['completed', 'busy', 'no-answer', 'failed', 'canceled'] as const;
/** Every CallStatus Twilio sends. */
export const CALL_STATUSES = ['queued', 'initiated', 'ringing', 'in-progress', ...FINAL_CALL_STATUSES] as const;

export interface CallTable {
  id: Generated<number>;
  call_sid: string;
  contact_id: number;
  from_hash: string | null;
  in_office_hours: number;
  menu_choice: '1' | '2' | '3' | null;
  status: string;
  dial_status: string | null;
  answered_at: string | null;
  /** The agent target Twilio connected (E.164 desk number or client:identity), when known. */
  answered_by: string | null;
  duration: number | null;
  started_at: string;
  ended_at: string | null;
  created_at: string;
  updated_at: string;
}

export interface RecordingTable {
  id: Generated<number>;
  recording_sid: string;
  call_sid: string;
  contact_id: number;
  url: string | null;
  duration: number | null;
  transcription_sid: string | null;
  transcription_status: string | null;
  transcription_text: string | null;
  played_at: string | null;
  played_by: number | null;
  created_at: string;
  updated_at: string;
}

/** The phone channel's tables, joined into DB in src/db/schema.ts. */
/** A call the simulator (development tools) is sending: its contact is marked with the agent who made it. */
interface SimulatedCallTable {
  call_sid: string;
  user_id: number;
  created_at: string;
}

/** What of a voicemail reached one agent, and whether their player played it to the end (0021). */
interface RecordingPlayTable {
  recording_id: number;
  user_id: number;
  streamed_bytes: Generated<number>;
  total_bytes: number | null;
  streamed_at: string | null;
  heard_at: string | null;
  failed_at: string | null;
}

export interface CallTables {
  simulated_calls: SimulatedCallTable;
  recording_plays: RecordingPlayTable;
  calls: CallTable;
  recordings: RecordingTable;
}
