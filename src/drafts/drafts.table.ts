/** An agent's unsaved text (migrations/0005_drafts.sql): per user, contact ('new' for the new-contact form) and field. */
interface DraftTable {
  user_id: number;
  contact_key: string;
  field: string;
  text_enc: string;
  updated_at: string;
}

export interface DraftTables {
  drafts: DraftTable;
}
