/** The one error type handlers throw: an HTTP status and a stable code; the message is safe to show. */
export class AppError extends Error {
  constructor(
    readonly status: 400 | 401 | 403 | 404 | 409 | 413 | 422 | 429 | 500 | 503,
    readonly code: string,
    message?: string,
  ) {
    super(message ?? code);
  }
}
export const notFound = (what = 'not_found') => new AppError(404, what, 'Not found');
