import type { Context, Env, MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';

/**
 * Hono's bodyLimit, whose 413 also closes the connection. The refusal comes before the body was read (at once
 * when Content-Length is over the limit): the rest of it is still on the way, and a keep-alive client would have
 * its next request read after it, as if it were part of it. `Connection: close` makes Node's server close the
 * connection once the answer is out, and the client opens a new one for its next request.
 */
export function limitBody<E extends Env>(
  maxSize: number,
  refuse: (c: Context<E>) => Response | Promise<Response>,
): MiddlewareHandler<E> {
  return bodyLimit({
    maxSize,
    onError: (c) => {
      c.header('Connection', 'close');
      return refuse(c as unknown as Context<E>);
    },
  }) as unknown as MiddlewareHandler<E>;
}
