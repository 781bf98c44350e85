/**
 * The error codes the contacts feature answers with, each with its HTTP status (one table for the whole app in
 * src/errors.ts; src/http/errors.tsx turns an AppError into the response).
 */
export const CONTACTS_ERRORS = {
  already_merged: 409,
  assignee_unknown: 422,
  bad_filter: 400,
  contact_not_found: 404,
  contact_version_conflict: 409,
  may_not_call_back: 422,
  may_not_leave_voicemail: 422,
  merge_into_itself: 422,
  merge_target_unknown: 422,
} as const;
