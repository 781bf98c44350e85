/**
 * The error codes the oncall feature answers with, each with its HTTP status (one table for the whole app in
 * src/errors.ts; src/http/errors.tsx turns an AppError into the response).
 */
export const ONCALL_ERRORS = {
  notice_not_failed: 409,
  notice_not_found: 404,
} as const;
