import type { Generated } from 'kysely';

const DESK_SETTING_KEYS = ['oncall_phone', 'oncall_email'] as const;
export type DeskSettingKey = (typeof DESK_SETTING_KEYS)[number];

/** A desk setting an admin changes in the app (migration 0047). */
interface DeskSettingTable {
  key: DeskSettingKey;
  value: string | null;
  updated_at: string;
  updated_by: number | null;
}

export type OncallChannel = 'sms' | 'email';
export type OncallStatus = 'queued' | 'sending' | 'sent' | 'failed';

/** One on-call notice for one urgent after-hours item and channel (unique): no destination, no text. */
interface OncallNoticeTable {
  id: Generated<number>;
  contact_id: number;
  channel: OncallChannel;
  status: Generated<OncallStatus>;
  attempts: Generated<number>;
  next_attempt_at: string;
  claimed_until: string | null;
  last_error: string | null;
  provider_sid: string | null;
  created_at: string;
  sent_at: string | null;
}

export interface OncallTables {
  desk_settings: DeskSettingTable;
  oncall_notices: OncallNoticeTable;
}
