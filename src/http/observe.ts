import type { MiddlewareHandler } from 'hono';
import { routePath } from 'hono/route';
import type { Deps } from '../deps.js';
import { webhookOutcome } from '../ops/metrics.js';
import { withRequestId } from '../shared/log.js';

/** Paths polled by machines (load balancer, Prometheus) and static files: logged at debug level, not info. */
const QUIET = /^\/(healthz|metrics|static\/|favicon\.ico)/;

/**
 * The route pattern that answered (`/contacts/:id`), never the path itself: a path or query may hold what an agent
 * searched for, and ids would make a label per contact. A request that a middleware answered (a redirect to
 * /login, a 404) is `other`.
 */
function routeOf(c: Parameters<MiddlewareHandler>[0]): string {
  const path = routePath(c);
  return !path || path.includes('*') ? 'other' : path;
}

/**
 * Wraps every request: its id on every log line written while it is served (pino's `req`), one access-log line
 * when it is answered (method, route pattern, status, milliseconds — no address, path or query), its latency in
 * /metrics per route pattern, and Twilio webhooks counted by outcome.
 */
export function observeRequests(deps: Deps): MiddlewareHandler {
  return (c, next) =>
    withRequestId(c.get('requestId') as string, async () => {
      const started = performance.now();
      let failed = false;
      try {
        await next();
      } catch (e) {
        failed = true;
        throw e;
      } finally {
        const status = failed ? 500 : c.res.status;
        const seconds = (performance.now() - started) / 1000;
        const route = routeOf(c);
        const method = c.req.method;
        deps.metrics.requestDuration.observe({ method, route, status: `${Math.floor(status / 100)}xx` }, seconds);
        if (c.req.path.startsWith('/twilio/'))
          deps.metrics.webhooks.inc({ hook: route, outcome: webhookOutcome(status) });
        const fields = { method, route, status, ms: Math.round(seconds * 10_000) / 10 };
        if (QUIET.test(c.req.path)) deps.log.debug('request', fields);
        else deps.log.info('request', fields);
      }
    });
}
