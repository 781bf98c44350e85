import type { Generated } from 'kysely';

type MailDirection = 'in' | 'out';
type MailKind = 'mail' | 'ack' | 'reply';
type MailSource = 'smtp' | 'imap' | 'agent' | 'system';
/** How a message found its contact: a new one, our own signed Message-ID, someone else's Message-ID, the subject's reference, or an agent's reply. */
type ThreadVia = 'new' | 'signed' | 'reference' | 'subject' | 'reply';
type OutboxStatus = 'queued' | 'sending' | 'sent' | 'failed';

export interface MailMessageTable {
  id: Generated<number>;
  contact_id: number;
  direction: MailDirection;
  kind: MailKind;
  source: MailSource;
  message_id: string;
  fingerprint: string;
  id_conflict: Generated<number>;
  thread_via: ThreadVia;
  thread_note: string | null;
  in_reply_to: string | null;
  refs: string;
  from_enc: string | null;
  from_name_enc: string | null;
  from_hash: string | null;
  from_mask: string | null;
  to_enc: string | null;
  cc_enc: string | null;
  subject: string;
  date_header: string | null;
  received_at: string;
  text_body: string;
  html_safe: string | null;
  auto_reason: string | null;
  malformed: Generated<number>;
  size_bytes: number;
  created_by: number | null;
  /** Why the message is not shown whole (see migration 0006); null when it is. */
  display_limit: string | null;
  /** The encrypted file holding the whole raw message, kept when it is not shown whole. */
  source_file: string | null;
  /** Who really sent it (migrations/0024_sender_auth.sql): 'verified', 'unverified' or 'failed'; null when not checked. */
  auth_verdict: string | null;
  /** The From domain the verdict is about. */
  auth_domain: string | null;
  /** JSON: the reason and each method's result (see src/email/inbound/sender-auth.ts). */
  auth_details: string | null;
}

export interface MailAttachmentTable {
  id: Generated<number>;
  message_id: number;
  filename_enc: string | null;
  content_type: string;
  size_bytes: number;
  /** The file's name in the attachment store: a keyed hash when encrypted, the plain sha256 for old files. */
  sha256: string | null;
  withheld: string | null;
  encrypted: Generated<number>;
}

interface MailParticipantTable {
  contact_id: number;
  address_hash: string;
}

interface MailOutboxTable {
  id: Generated<number>;
  mail_message_id: number;
  contact_id: number;
  kind: 'ack' | 'reply';
  status: OutboxStatus;
  attempts: number;
  next_attempt_at: string;
  last_error: string | null;
  created_at: string;
  sent_at: string | null;
  /** Set when an agent cancelled the mail before it left (its status is then 'failed'; migrations/0008_replies.sql). */
  cancelled_at: string | null;
  cancelled_by: number | null;
  /** The instance sending it and until when its claim holds (migrations/0018_instances.sql); NULL when unclaimed. */
  claimed_by: string | null;
  claim_expires_at: string | null;
}

interface MailAckLogTable {
  sender_hash: string;
  last_at: string;
}

/** The email channel's tables, joined into DB in src/db/schema.ts. */
export interface MailTables {
  mail_messages: MailMessageTable;
  mail_attachments: MailAttachmentTable;
  mail_participants: MailParticipantTable;
  mail_outbox: MailOutboxTable;
  mail_ack_log: MailAckLogTable;
}
