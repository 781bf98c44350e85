/**
 * The error codes the http feature answers with, each with its HTTP status (one table for the whole app in
 * src/errors.ts; src/http/errors.tsx turns an AppError into the response).
 */
export const HTTP_ERRORS = {
  bad_request: 400,
  conflict: 409,
  csrf: 403,
  csrf_origin: 403,
  forbidden: 403,
  not_found: 404,
  unauthenticated: 401,
  version_missing: 422,
} as const;
