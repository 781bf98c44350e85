/**
 * The error codes the routing feature answers with, each with its HTTP status (one table for the whole app in
 * src/errors.ts; src/http/errors.tsx turns an AppError into the response).
 */
export const ROUTING_ERRORS = {
  answer_not_found: 404,
  answer_needs_sources: 422,
  answer_stale: 409,
} as const;
