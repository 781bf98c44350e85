import type { Generated } from 'kysely';

export const CALLBACK_OUTCOMES_PLACED = [
  'reached',
  'no-answer',
  'busy',
  'voicemail',
  'failed',
  'agent-missed',
] as const;
export type PlacedCallbackOutcome = (typeof CALLBACK_OUTCOMES_PLACED)[number];

/** A call placed from Baken to call a party back (migration 0047): the agent's leg first, then the party. */
export interface CallbackCallTable {
  id: Generated<number>;
  call_sid: string | null;
  contact_id: number;
  user_id: number | null;
  status: 'placing' | 'placed' | 'dialled' | 'done' | 'failed';
  outcome: PlacedCallbackOutcome | null;
  duration: number | null;
  error: string | null;
  /** Twilio's AnsweredBy from the machine detection on the party's leg (migration 0049). */
  answered_by: Generated<string | null>;
  /** 1: Baken hung up on an answering machine because the contact says leave no voicemail. */
  machine_hangup: Generated<number>;
  created_at: string;
  updated_at: string;
}

export interface CallbackTables {
  callback_calls: CallbackCallTable;
}
