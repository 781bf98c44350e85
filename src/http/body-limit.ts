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
  const onError = (c: Context) => {
    c.header('Connection', 'close');
    return refuse(c as unknown as Context<E>);
  };
  const streamed = bodyLimit({ maxSize, onError }) as unknown as MiddlewareHandler<E>;
  // Hono's bodyLimit first asks the Web Request for its body, which makes @hono/node-server build the whole
  // Request and a stream for every request (issue 28: ~7 % of a webhook). A request that states its length (and
  // is not chunked) is judged by that header alone, as bodyLimit itself does; a GET or HEAD without one has no
  // body. Only a chunked body is counted as it streams in, by bodyLimit.
  return (c, next) => {
    const length = c.req.header('content-length');
    if (length !== undefined && c.req.header('transfer-encoding') === undefined)
      return Number.parseInt(length || '0', 10) > maxSize ? (onError(c) as never) : next();
    if (length === undefined && (c.req.method === 'GET' || c.req.method === 'HEAD')) return next();
    return streamed(c, next);
  };
}
