import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Hono } from 'hono';
import { secureHeaders } from 'hono/secure-headers';
import { requestId } from 'hono/request-id';
import { limitBody } from './http/body-limit.js';
import type { Deps } from './deps.js';
import type { AppEnv } from './http/app-env.js';
import { csrf, requireFactorEnrolment, requireUser, session } from './http/session.js';
import { cleanInput } from './http/clean-input.js';
import { clientAddress } from './http/request.js';
import { observeRequests } from './http/observe.js';
import { jobsRoutes, metricsRoutes } from './ops/ops.routes.js';
import { errorHandler, notFoundHandler } from './http/errors.js';
import { authRoutes } from './auth/auth.routes.js';
import { lookupSession } from './auth/auth.service.js';
import { sessionRoutes } from './auth/session.routes.js';
import { enrolmentRoutes, factorSignInRoutes } from './auth/two-factor.routes.js';
import { contactsRoutes } from './contacts/contacts.routes.js';
import { usersRoutes } from './users/users.routes.js';
import { accountRoutes } from './users/account.routes.js';
import { officeHoursRoutes } from './office-hours/office-hours.routes.js';
import { auditRoutes } from './audit/audit.routes.js';
import { auditVerifyRoutes } from './audit/audit-verify.routes.js';
import { liveRoutes } from './live/live.routes.js';
import { callsWebhooks } from './calls/calls.webhooks.js';
import { oncallRoutes } from './oncall/oncall.routes.js';
import { callbackRoutes } from './calls/callback.routes.js';
import { callsRoutes } from './calls/calls.routes.js';
import { emailRoutes } from './email/email.routes.js';
import { draftsRoutes } from './drafts/drafts.routes.js';
import { answersRoutes } from './routing/answers.routes.js';
import { routingRoutes } from './routing/routing.routes.js';
import { MIGRATIONS_DIR } from './db/database.js';
import { healthProbe } from './db/health.js';
import { SOFTPHONE_CSP } from './calls/voice-token.js';
import { softphoneRoutes, voiceTokenRoutes } from './calls/softphone.routes.js';
import { statisticsRoutes } from './statistics/statistics.routes.js';
import { careRegionsRoutes, deadlinesRoutes, registrationsRoutes } from './registrations/registrations.routes.js';
import { careCaseRoutes, careListRoutes } from './registrations/care-case.routes.js';
import { reviewRoutes } from './review/review.routes.js';
import { retentionRoutes } from './retention/retention.routes.js';
import { cosmRequestRoutes, cosmRoutes, sheltersRoutes } from './cosm/cosm.routes.js';
import { signalRoutes, signalsExportRoutes } from './signals/signals.routes.js';
import { homeFor } from './http/areas.js';
import { handOverRoutes } from './registrations/hand-over.routes.js';

const require = createRequire(import.meta.url);
const PUBLIC_DIR = join(MIGRATIONS_DIR, '..', 'public');

/** Files served under /static: the app's own CSS and script, and htmx from its npm package (no CDN, no copy). */
function staticFiles(): Map<string, { body: Buffer; type: string }> {
  const files = new Map<string, { body: Buffer; type: string }>();
  files.set('htmx.min.js', {
    body: readFileSync(require.resolve('htmx.org/dist/htmx.min.js')),
    type: 'text/javascript; charset=utf-8',
  });
  files.set('app.js', { body: readFileSync(join(PUBLIC_DIR, 'app.js')), type: 'text/javascript; charset=utf-8' });
  files.set('session.js', {
    body: readFileSync(join(PUBLIC_DIR, 'session.js')),
    type: 'text/javascript; charset=utf-8',
  });
  files.set('routing.js', {
    body: readFileSync(join(PUBLIC_DIR, 'routing.js')),
    type: 'text/javascript; charset=utf-8',
  });
  files.set('review.js', { body: readFileSync(join(PUBLIC_DIR, 'review.js')), type: 'text/javascript; charset=utf-8' });
  files.set('busy.js', { body: readFileSync(join(PUBLIC_DIR, 'busy.js')), type: 'text/javascript; charset=utf-8' });
  // The browser softphone: Twilio's Voice SDK from its npm package, and the page's adapter and script.
  files.set('twilio.min.js', {
    body: readFileSync(join(dirname(require.resolve('@twilio/voice-sdk')), '..', 'dist', 'twilio.min.js')),
    type: 'text/javascript; charset=utf-8',
  });
  for (const f of ['softphone-device.js', 'softphone.js', 'softphone-remote.js'])
    files.set(f, { body: readFileSync(join(PUBLIC_DIR, f)), type: 'text/javascript; charset=utf-8' });
  // The live UI: htmx's SSE support from its npm package, and the little script each live part still needs.
  files.set('hx-sse.js', {
    body: readFileSync(require.resolve('htmx.org/dist/ext/hx-sse.min.js')),
    type: 'text/javascript; charset=utf-8',
  });
  for (const name of ['live.js', 'pop.js', 'presence.js', 'inbox.js'])
    files.set(name, { body: readFileSync(join(PUBLIC_DIR, name)), type: 'text/javascript; charset=utf-8' });
  // Issue 23: the drafts and the contact page's keyboard (split out of app.js).
  for (const name of ['drafts.js', 'contact-page.js', 'combobox.js'])
    files.set(name, { body: readFileSync(join(PUBLIC_DIR, name)), type: 'text/javascript; charset=utf-8' });
  files.set('baken.css', { body: readFileSync(join(PUBLIC_DIR, 'baken.css')), type: 'text/css; charset=utf-8' });
  return files;
}

/** Builds the whole app from its dependencies: global middleware, one route per feature, error pages. */
export function createApp(deps: Deps) {
  const app = new Hono<AppEnv>();
  const files = staticFiles();
  // The features' plug-ins (contact page panels, hooks, answer library) were registered with the deps (src/plugins.ts).

  app.use(requestId());
  app.use(clientAddress(deps.config.trustProxy));
  app.use(observeRequests(deps));
  app.use(
    secureHeaders({
      contentSecurityPolicy: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        // The softphone: the Voice SDK's ringtones, its signalling on the roaming edge and its event gateway
        // (docs/phone.md); the call's audio itself is WebRTC, which the CSP does not govern.
        mediaSrc: ["'self'", ...SOFTPHONE_CSP.media],
        connectSrc: ["'self'", ...SOFTPHONE_CSP.connect],
        fontSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'none'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
      },
      strictTransportSecurity: deps.config.publicUrl.startsWith('https://')
        ? 'max-age=31536000; includeSubDomains'
        : false,
      referrerPolicy: 'same-origin',
      crossOriginEmbedderPolicy: false,
    }),
  );

  // 200 only while the database answers and takes a write (src/db/health.ts): a full disk is a 503.
  const databaseUsable = healthProbe(deps);
  app.get('/healthz', async (c) => {
    c.header('Cache-Control', 'no-store');
    return (await databaseUsable()) ? c.json({ status: 'ok' }) : c.json({ status: 'database unavailable' }, 503);
  });
  app.get('/static/:file', (c) => {
    const f = files.get(c.req.param('file'));
    if (!f) return c.notFound();
    c.header('Content-Type', f.type);
    c.header('Cache-Control', 'public, max-age=3600');
    return c.body(new Uint8Array(f.body));
  });
  app.get('/favicon.ico', (c) => c.body(null, 204));
  app.route('/metrics', metricsRoutes(deps));

  // Webhooks and listeners of other channels are mounted here, before the session and CSRF middleware.
  app.route('/twilio', callsWebhooks(deps));

  const ui = new Hono<AppEnv>();
  ui.use(limitBody(1024 * 1024, (c) => c.text('Request too large', 413)));
  ui.use(cleanInput());
  ui.use(
    session(deps, (token, opts) => lookupSession(deps, token, opts)),
    csrf(deps),
  );
  ui.route('/', authRoutes(deps));
  ui.route('/login/two-factor', factorSignInRoutes(deps));
  ui.route('/session', sessionRoutes(deps));
  ui.route('/voice/token', voiceTokenRoutes(deps));
  ui.use(requireUser());
  // After the grace period, a user who must have a second factor and has none sees only the enrolment.
  ui.use(requireFactorEnrolment());
  ui.route('/account/two-factor', enrolmentRoutes(deps));
  ui.get('/', (c) => c.redirect(homeFor(c.get('user')?.roles ?? []), 302));
  ui.route('/contacts', handOverRoutes(deps));
  ui.route('/contacts', contactsRoutes(deps));
  ui.route('/account', accountRoutes(deps));
  ui.route('/admin/users', usersRoutes(deps));
  ui.route('/admin/office-hours', officeHoursRoutes(deps));
  ui.route('/admin/on-call', oncallRoutes(deps));
  ui.route('/callbacks', callbackRoutes(deps));
  ui.route('/audit', auditRoutes(deps));
  ui.route('/admin/audit/verify', auditVerifyRoutes(deps));
  ui.route('/live', liveRoutes(deps));
  ui.route('/email', emailRoutes(deps));
  ui.route('/drafts', draftsRoutes(deps));
  ui.route('/answers', answersRoutes(deps));
  ui.route('/routing', routingRoutes(deps));
  ui.route('/registrations', registrationsRoutes(deps));
  ui.route('/registrations', careCaseRoutes(deps));
  ui.route('/care', careListRoutes(deps));
  ui.route('/deadlines', deadlinesRoutes(deps));
  ui.route('/admin/care-regions', careRegionsRoutes(deps));
  ui.route('/admin/retention', retentionRoutes(deps));
  ui.route('/contacts', signalRoutes(deps, 'contact'));
  ui.route('/registrations', signalRoutes(deps, 'registration'));
  ui.route('/registrations', cosmRequestRoutes(deps));
  ui.route('/cosm', cosmRoutes(deps));
  ui.route('/admin/cosm-shelters', sheltersRoutes(deps));
  ui.route('/signals', signalsExportRoutes(deps));
  ui.route('/admin/jobs', jobsRoutes(deps));
  ui.route('/review', reviewRoutes(deps));
  ui.route('/statistics', statisticsRoutes(deps));
  ui.route('/voice', softphoneRoutes(deps));
  ui.route(
    '/calls',
    callsRoutes(deps, (req) => Promise.resolve(app.fetch(req))),
  );
  app.route('/', ui);

  app.notFound(notFoundHandler(deps));
  app.onError(errorHandler(deps));
  return app;
}
