import { ERROR_STATUS, type ErrorCode, type ErrorStatus } from '../errors.js';

export type { ErrorCode } from '../errors.js';

/**
 * The one error type handlers throw: a stable code from the features' tables (src/errors.ts), whose HTTP status
 * comes from that table; the message is safe to show.
 */
export class AppError extends Error {
  readonly status: ErrorStatus;
  constructor(
    readonly code: ErrorCode,
    message?: string,
  ) {
    super(message ?? code);
    this.status = ERROR_STATUS[code];
  }
}
export const notFound = (what: ErrorCode = 'not_found') => new AppError(what, 'Not found');
