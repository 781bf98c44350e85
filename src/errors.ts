// Every error code Baken answers with, and its HTTP status: each feature declares its own codes in its
// `*.errors.ts` (a typed union per feature); this is the one table that maps them to responses. An AppError takes a
// code from it, so a code matched in a route (`e.code === '…'`) is checked by the compiler, and its status is
// always the same wherever it is thrown.
import { CALLS_ERRORS } from './calls/calls.errors.js';
import { CONTACTS_ERRORS } from './contacts/contacts.errors.js';
import { COSM_ERRORS } from './cosm/cosm.errors.js';
import { DRAFTS_ERRORS } from './drafts/drafts.errors.js';
import { EMAIL_ERRORS } from './email/email.errors.js';
import { HTTP_ERRORS } from './http/http.errors.js';
import { ONCALL_ERRORS } from './oncall/oncall.errors.js';
import { REGISTRATIONS_ERRORS } from './registrations/registrations.errors.js';
import { REVIEW_ERRORS } from './review/review.errors.js';
import { ROUTING_ERRORS } from './routing/routing.errors.js';
import { SIGNALS_ERRORS } from './signals/signals.errors.js';
import { USERS_ERRORS } from './users/users.errors.js';

export const ERROR_STATUS = {
  ...CALLS_ERRORS,
  ...CONTACTS_ERRORS,
  ...COSM_ERRORS,
  ...DRAFTS_ERRORS,
  ...EMAIL_ERRORS,
  ...HTTP_ERRORS,
  ...ONCALL_ERRORS,
  ...REGISTRATIONS_ERRORS,
  ...REVIEW_ERRORS,
  ...ROUTING_ERRORS,
  ...SIGNALS_ERRORS,
  ...USERS_ERRORS,
} as const;

/** A code Baken answers with (see ERROR_STATUS). */
export type ErrorCode = keyof typeof ERROR_STATUS;
/** The statuses an error may answer with. */
export type ErrorStatus = (typeof ERROR_STATUS)[ErrorCode];
