/**
 * The error codes the cosm feature answers with, each with its HTTP status (one table for the whole app in
 * src/errors.ts; src/http/errors.tsx turns an AppError into the response).
 */
export const COSM_ERRORS = {
  cosm_invalid: 422,
  cosm_not_offered: 409,
  cosm_not_placed: 409,
  cosm_not_waiting: 409,
  cosm_request_changed: 409,
  cosm_request_not_found: 404,
  cosm_request_open: 409,
  cosm_shelter_not_found: 404,
  cosm_shelter_unknown: 422,
} as const;
