/**
 * The error codes the registrations feature answers with, each with its HTTP status (one table for the whole app in
 * src/errors.ts; src/http/errors.tsx turns an AppError into the response).
 */
export const REGISTRATIONS_ERRORS = {
  care_region_not_found: 404,
  case_closed: 409,
  case_open: 409,
  procedure_not_found: 404,
  procedure_stale: 409,
  referral_already_accepted: 409,
  referral_already_pending: 409,
  referral_closed: 409,
  referral_desk_only: 403,
  referral_no_consent: 422,
  referral_no_region: 422,
  referral_not_coordinator: 403,
  referral_not_pending: 409,
  referral_pending: 409,
  referral_reason_required: 422,
  referral_reason_too_long: 422,
  registration_not_found: 404,
  registration_reference_unknown: 422,
} as const;
