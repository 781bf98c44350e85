import type { Generated } from 'kysely';

export const CHANNELS = ['phone', 'email', 'voicemail', 'manual'] as const;
export const DIRECTIONS = ['in', 'out'] as const;
export const QUEUES = ['general', 'legal', 'registration', 'care', 'after-hours'] as const;
export const STATUSES = ['new', 'open', 'waiting', 'resolved'] as const;
export const PRIORITIES = ['low', 'normal', 'high', 'urgent'] as const;
/** Who a contact is with: the chain partners of the anti-trafficking field, widened with the help desk's callers. */
export const PARTY_TYPES = [
  'police',
  'kmar',
  'labour-inspectorate',
  'care-coordinator',
  'shelter',
  'lawyer',
  'asylum-centre',
  'municipality',
  'healthcare',
  'youth-care',
  'ngo',
  'foreign-organisation',
  'victim',
  'citizen',
  'other',
  'unknown',
] as const;
export const LANGUAGES = ['nl', 'en', 'de', 'fr', 'pl', 'ro', 'bg', 'es', 'ar', 'other'] as const;
/** Topic codes of a contact (stable: they appear in URLs, exports and the contract). */
export const TOPICS = [
  'registration',
  'shelter',
  'coordination',
  'reflection',
  'reporting',
  'permit',
  'continued',
  'eu',
  'minor',
  'asylum',
  'work',
  'benefits',
  'brp',
  'compensation',
  'return',
  'indicators',
  'privacy',
  'information',
  'training',
] as const;
/** The safe-contact flags: form field name → column. */
export const SAFE_FLAGS = {
  mayCallBack: 'may_call_back',
  mayLeaveVoicemail: 'may_leave_voicemail',
  mayEmail: 'may_email',
  viaProfessionalOnly: 'via_professional_only',
} as const;
export type SafeFlag = keyof typeof SAFE_FLAGS;
export const CALL_OUTCOMES = ['answered', 'missed', 'voicemail'] as const;

export type Channel = (typeof CHANNELS)[number];
export type Direction = (typeof DIRECTIONS)[number];
export type Queue = (typeof QUEUES)[number];
export type Status = (typeof STATUSES)[number];
export type Priority = (typeof PRIORITIES)[number];
export type PartyType = (typeof PARTY_TYPES)[number];
export type CallOutcome = (typeof CALL_OUTCOMES)[number];

export interface ContactTable {
  id: Generated<number>;
  reference: string | null;
  channel: Channel;
  direction: Direction;
  started_at: string;
  ended_at: string | null;
  in_office_hours: number;
  party_name_enc: string | null;
  /** Keyed hash of the normalised name (migrations/0005_drafts.sql): exact name search. */
  party_name_hash: string | null;
  party_org: string | null;
  party_type: string | null;
  party_phone_enc: string | null;
  party_phone_hash: string | null;
  party_phone_mask: string | null;
  party_email_enc: string | null;
  party_email_hash: string | null;
  party_email_mask: string | null;
  language: string | null;
  subject: string;
  topic: string | null;
  queue: Queue;
  status: Status;
  priority: Priority;
  assignee_id: number | null;
  due_at: string | null;
  /** The first time an agent acted on the contact, its creation aside (migrations/0017, kept by insertEvent). */
  first_action_at?: string | null;
  may_call_back: number | null;
  may_leave_voicemail: number | null;
  may_email: number | null;
  via_professional_only: number | null;
  created_by: number | null;
  created_at: string;
  updated_at: string;
  /** Set when an agent marked the contact as spam (migrations/0003_email.sql); the inbox hides it unless asked. */
  spam_at: string | null;
  /** Goes up on every change to a field an agent edits (migrations/0004_contact_log.sql). */
  version: Generated<number>;
  /** Set when an agent marked the contact as created by mistake: kept, hidden from the inbox. */
  mistaken_at: string | null;
  /** The agent whose call simulation (development tools) made this contact; never counted in a figure (0021). */
  simulated_by?: number | null;
  mistaken_by: number | null;
  /** A call's outcome for lists: answered, missed or voicemail; null otherwise. */
  call_outcome: CallOutcome | null;
  /**
   * The mail intake's mark of who really sent the party's mail (migrations/0024_sender_auth.sql): 'verified',
   * 'unverified', 'failed' or 'refused' (the least trusted of its messages); null for other channels.
   */
  sender_auth: string | null;
}
interface ContactTopicTable {
  contact_id: number;
  topic: string;
}
interface ContactTextTable {
  rowid: number;
  subject: string;
  body: string;
}
interface ContactEventTable {
  id: Generated<number>;
  contact_id: number;
  at: string;
  actor_id: number | null;
  kind: string;
  data: string;
  /** The contact's version this event's change produced (null before migration 0004, and for notes). */
  version: number | null;
}

/** A contact merged into another: mail naming the source threads into the target. */
interface ContactMergeTable {
  source_id: number;
  target_id: number;
  merged_by: number | null;
  merged_at: string;
}

/** The contacts feature's tables, joined into DB in src/db/schema.ts. */
export interface ContactTables {
  contacts: ContactTable;
  contact_text: ContactTextTable;
  contact_events: ContactEventTable;
  contact_topics: ContactTopicTable;
  contact_merges: ContactMergeTable;
}
