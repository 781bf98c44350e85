/**
 * The error codes the review feature answers with, each with its HTTP status (one table for the whole app in
 * src/errors.ts; src/http/errors.tsx turns an AppError into the response).
 */
export const REVIEW_ERRORS = {
  merge_target_required: 422,
  no_number: 422,
  review_already_decided: 409,
  review_held: 409,
  review_item_not_found: 404,
  review_not_played: 422,
  review_unplayable_unknown: 422,
} as const;
