import { createHash, timingSafeEqual } from 'node:crypto';
import { Hono } from 'hono';
import type { Deps } from '../deps.js';
import type { AppEnv } from '../http/app-env.js';
import { requireRole } from '../http/session.js';
import { areaRoles } from '../http/areas.js';
import { page, pageContext } from '../http/render.js';
import { JobsPage } from '../../views/ops/jobs.js';
import { jobsOverview, metricsText } from './ops.service.js';

const digest = (s: string) => createHash('sha256').update(s).digest();

/**
 * GET /metrics (docs/contract.md): Prometheus' text format to `Authorization: Bearer <METRICS_TOKEN>`, 401 to anything
 * else; without METRICS_TOKEN there is no such page (404). Outside the session middleware: a scraper has no
 * cookie. The token is compared in constant time.
 */
export function metricsRoutes(deps: Deps) {
  const r = new Hono<AppEnv>();
  const token = deps.config.metricsToken;
  r.get('/', async (c) => {
    if (!token) return c.notFound();
    const given = /^Bearer\s+(\S+)$/i.exec(c.req.header('Authorization') ?? '')?.[1] ?? '';
    if (!timingSafeEqual(digest(given), digest(token))) {
      c.header('WWW-Authenticate', 'Bearer realm="metrics"');
      c.header('Cache-Control', 'no-store');
      return c.text('Unauthorized\n', 401);
    }
    const m = await metricsText(deps);
    c.header('Content-Type', m.contentType);
    c.header('Cache-Control', 'no-store');
    return c.body(m.body);
  });
  return r;
}

/** /admin/jobs: the background jobs' last run, next run and last failure, for the whole desk (admins only). */
export function jobsRoutes(deps: Deps) {
  const r = new Hono<AppEnv>();
  r.use(requireRole(...areaRoles('jobs')));
  r.get('/', async (c) =>
    page(c, deps, c.get('t')('jobs.title'), <JobsPage ctx={pageContext(c, deps)} jobs={await jobsOverview(deps)} />),
  );
  return r;
}
