/** The review's decisions and dismissal reasons (docs/contract.md: stable form values; `general` since 0045). */
export const DECISIONS = ['callback', 'legal', 'registration', 'care', 'general', 'merge', 'dismiss'] as const;
export const DISMISS_REASONS = ['silence', 'wrong_number', 'spam', 'handled', 'other'] as const;
export type Decision = (typeof DECISIONS)[number];
export type DismissReason = (typeof DISMISS_REASONS)[number];

/** migrations/0014_review.sql: an after-hours item an agent opened or decided. */
/** Why a voicemail could not be heard before a decision: Twilio no longer has it, or it would not load or play. */
export const UNPLAYABLE = ['gone', 'failed'] as const;
export type Unplayable = (typeof UNPLAYABLE)[number];

export interface ReviewItemTable {
  contact_id: number;
  held_by: number | null;
  held_until: string | null;
  first_reviewed_at: string | null;
  first_reviewed_by: number | null;
  recording_gone_at: string | null;
  decided_at: string | null;
  decided_by: number | null;
  decision: Decision | null;
  reason: DismissReason | null;
  callback_contact_id: number | null;
  merged_into: number | null;
  /** Why it was decided without its voicemail heard (0021). */
  unplayable: Unplayable | null;
}

export interface ReviewTables {
  review_items: ReviewItemTable;
}
