/** Whether an agent takes calls now (migrations/0048_agent_availability.sql); no row means away. */
export type Availability = 'available' | 'busy' | 'away';
export const AVAILABILITIES: readonly Availability[] = ['available', 'busy', 'away'];

interface AgentAvailabilityTable {
  user_id: number;
  status: Availability;
  updated_at: string;
}

/** A call moved into a conference (transfer, interpreter): migrations/0048. */
interface CallConferenceTable {
  call_sid: string;
  name: string;
  started_by: number | null;
  started_at: string;
}

export interface SoftphoneTables {
  agent_availability: AgentAvailabilityTable;
  call_conferences: CallConferenceTable;
}
