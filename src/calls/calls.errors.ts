/**
 * The error codes the calls feature answers with, each with its HTTP status (one table for the whole app in
 * src/errors.ts; src/http/errors.tsx turns an AppError into the response).
 */
export const CALLS_ERRORS = {
  availability_invalid: 422,
  call_ended: 409,
  call_not_found: 404,
  callback_failed: 503,
  callback_not_configured: 503,
  caller_id_missing: 422,
  colleague_unknown: 422,
  conference_not_found: 409,
  interpreter_number: 422,
  only_via_professional: 422,
  recording_gone: 503,
  recording_not_found: 404,
  recording_not_heard: 422,
  recording_unavailable: 503,
  simulation_failed: 500,
  softphone_not_configured: 503,
  taken: 409,
  twilio_not_configured: 503,
  twilio_refused: 503,
  twilio_unavailable: 503,
} as const;
