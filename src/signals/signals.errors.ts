/**
 * The error codes the signals feature answers with, each with its HTTP status (one table for the whole app in
 * src/errors.ts; src/http/errors.tsx turns an AppError into the response).
 */
export const SIGNALS_ERRORS = {
  signal_note_too_long: 422,
  signal_unknown_code: 422,
} as const;
