/**
 * The error codes the drafts feature answers with, each with its HTTP status (one table for the whole app in
 * src/errors.ts; src/http/errors.tsx turns an AppError into the response).
 */
export const DRAFTS_ERRORS = {
  bad_field: 422,
  draft_too_large: 413,
} as const;
