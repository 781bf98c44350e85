import type { MiddlewareHandler } from 'hono';
import { matchedRoutes } from 'hono/route';
import type { Deps } from '../deps.js';
import { withRequestId } from '../shared/log.js';

/** Paths polled by machines (load balancer, Prometheus) and static files: logged at debug level, not info. */
const QUIET = /^\/(healthz|metrics|static\/|favicon\.ico)/;

/**
 * The route pattern the request was for (`/contacts/:id`), also when a middleware answered it (a refused webhook,
 * a redirect to /login); never the path itself: a path or query may hold what an agent searched for, and ids
 * would make a label per contact. A path no route matches (a 404) is `other`.
 */
function routeOf(c: Parameters<MiddlewareHandler>[0]): string {
  const path = matchedRoutes(c)
    .map((r) => r.path)
    .reverse()
    .find((p) => !p.includes('*'));
  return path ?? 'other';
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

/** The outcome a webhook's answer stands for: Twilio retries nothing, so a refusal must be visible. */
function webhookOutcome(status: number): 'accepted' | 'refused' | 'rejected' | 'failed' {
  if (status >= 500) return 'failed';
  if (status === 401 || status === 403) return 'refused';
  if (status >= 400) return 'rejected';
  return 'accepted';
}
