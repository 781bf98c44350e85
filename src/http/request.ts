import { getConnInfo } from '@hono/node-server/conninfo';
import type { Context } from 'hono';

/** The client's address for throttling and the audit log (the socket's, never a spoofable header). */
export function clientIp(c: Context): string {
  try {
    return getConnInfo(c).remote.address ?? 'unknown';
  } catch {
    return 'local';
  }
}

/** Only a local path may be a return address after sign-in (no open redirect). */
export const safeNext = (next: unknown) =>
  typeof next === 'string' && /^\/(?![/\\])[\w\-./?=&%#:+]*$/.test(next) && !next.startsWith('/login')
    ? next
    : '/contacts';
