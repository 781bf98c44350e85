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
  created_at: string;
  updated_at: string;
}

export interface CallbackTables {
  callback_calls: CallbackCallTable;
}
