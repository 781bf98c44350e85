import { getConnInfo } from '@hono/node-server/conninfo';
import type { Context, MiddlewareHandler } from 'hono';
import { clientAddressResolver, type TrustProxy } from './client-address.js';
import type { AppEnv } from './app-env.js';

/** The address of the socket the request came over ('local' for a request made in process, as tests do). */
function socketAddress(c: Context): string {
  try {
    return getConnInfo(c).remote.address ?? 'unknown';
  } catch {
    return 'local';
  }
}

/**
 * Decides the client's address once per request, from the socket and — only behind a trusted proxy (TRUST_PROXY)
 * — X-Forwarded-For; clientIp() reads it. Mounted first, so sign-in throttling and the audit agree.
 */
export function clientAddress(trust: TrustProxy): MiddlewareHandler<AppEnv> {
  const resolve = clientAddressResolver(trust);
  return async (c, next) => {
    const socket = socketAddress(c);
    const local = socket === 'local' || socket === 'unknown';
    c.set('clientIp', local ? socket : resolve(socket, c.req.header('x-forwarded-for')));
    await next();
  };
}

/** The client's address for throttling and the audit log: the socket's, or the one a trusted proxy forwarded. */
export function clientIp(c: Context): string {
  return (c as Context<AppEnv>).get('clientIp') ?? socketAddress(c);
}

/** Only a local path may be a return address after sign-in (no open redirect); else `home`, the user's own page. */
export const safeNext = (next: unknown, home = '/') =>
  typeof next === 'string' && /^\/(?![/\\])[\w\-./?=&%#:+]*$/.test(next) && !next.startsWith('/login') ? next : home;
