/**
 * The error codes the email feature answers with, each with its HTTP status (one table for the whole app in
 * src/errors.ts; src/http/errors.tsx turns an AppError into the response).
 */
export const EMAIL_ERRORS = {
  source_not_found: 404,
  attachment_not_found: 404,
  contact_merged: 409,
  contact_spam: 422,
  invalid_language: 422,
  may_not_email: 422,
  no_address: 422,
  outbox_cancelled: 409,
  outbox_not_failed: 409,
  outbox_not_found: 404,
  reply_empty: 422,
  reply_stale: 409,
  reply_too_long: 422,
  via_professional_only: 422,
} as const;
