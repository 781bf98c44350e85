// The SQL text of the statements Baken's voice webhook runs for a new call, in its order: the fair yardstick
// (bench/bare-server.ts) runs exactly these; test/integration/ops/bench-yardstick.test.ts fails when Baken's differ.

/** The statements of Baken's voice webhook for a new call, in its order (the test compares them with Baken's). */
export const VOICE_STATEMENTS = {
  findCall:
    'select "calls"."id", "calls"."call_sid", "calls"."contact_id", "calls"."from_hash", "calls"."in_office_hours", "calls"."menu_choice", "calls"."status", "calls"."dial_status", "calls"."answered_at", "calls"."answered_by", "calls"."duration", "calls"."started_at", "calls"."ended_at", "contacts"."reference", "contacts"."queue", "contacts"."topic", "contacts"."status" as "contact_status", "contacts"."priority", "contacts"."channel", "contacts"."party_phone_mask", "contacts"."version" from "calls" inner join "contacts" on "contacts"."id" = "calls"."contact_id" where "calls"."call_sid" = ?',
  insertContact:
    'insert into "contacts" ("channel", "direction", "started_at", "ended_at", "in_office_hours", "party_name_enc", "party_name_hash", "party_org", "party_type", "party_phone_enc", "party_phone_hash", "party_phone_mask", "party_email_enc", "party_email_hash", "party_email_mask", "language", "subject", "topic", "queue", "status", "priority", "assignee_id", "due_at", "may_call_back", "may_leave_voicemail", "may_email", "via_professional_only", "created_by", "sender_auth", "created_at", "updated_at") values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) returning "id"',
  statsRow:
    'select "started_at", "channel", "queue", "in_office_hours", "topic", "due_at", "first_action_at", "simulated_by" from "contacts" where "id" = ?',
  addCounts:
    'insert into "contact_stats" ("dimension", "day", "value", "n") values (?, ?, ?, ?), (?, ?, ?, ?), (?, ?, ?, ?), (?, ?, ?, ?), (?, ?, ?, ?) on conflict ("dimension", "day", "value") do update set "n" = "contact_stats"."n" + "excluded"."n"',
  setReference: 'update "contacts" set "reference" = ? where "id" = ?',
  insertEvent:
    'insert into "contact_events" ("contact_id", "at", "actor_id", "kind", "data", "version") values (?, ?, ?, ?, ?, ?)',
  insertText: 'INSERT INTO contact_text (rowid, subject, body) VALUES (?, ?, ?)',
  lastAudit: 'select "id", "hash" from "audit_log" order by "id" desc limit ?',
  insertAudit:
    'insert into "audit_log" ("id", "at", "actor_id", "action", "subject_type", "subject_id", "ip", "details", "prev_hash", "hash") values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
  insertCall:
    'insert into "calls" ("call_sid", "contact_id", "from_hash", "in_office_hours", "status", "started_at", "created_at", "updated_at") values (?, ?, ?, ?, ?, ?, ?, ?) returning "id"',
} as const;
