/**
 * The error codes the users feature answers with, each with its HTTP status (one table for the whole app in
 * src/errors.ts; src/http/errors.tsx turns an AppError into the response).
 */
export const USERS_ERRORS = {
  email_taken: 409,
  self_lockout: 422,
  user_not_found: 404,
} as const;
