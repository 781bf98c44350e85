import type { Child } from 'hono/jsx';
import { noSwapOnError } from './live/live-partial.js';
import { raw } from 'hono/html';
import type { Translate } from '../src/i18n/i18n.js';
import type { CurrentUser } from '../src/http/app-env.js';
import { ShortcutsDialog } from './components/shortcuts.js';

/** What every page needs from the request, handed to the layout as plain props. */
export interface PageContext {
  t: Translate;
  locale: 'nl' | 'en';
  user: CurrentUser | null;
  csrfToken: string;
  /** "Open now — until 17:00" or "Closed — opens Monday 09:00", already in the user's language. */
  officeLine: string;
  officeOpen: boolean;
  path: string;
  devTools: boolean;
  /** The navigation links this user's roles may open (src/http/areas.ts, the table the routes check). */
  nav?: { href: string; label: string; key?: string }[];
  /** The user's own first page (src/http/areas.ts). */
  home?: string;
  /** In the grace period for a second factor: the date it becomes required (a reminder on every page). */
  factorReminder?: string;
  /** The grace period is over and the user has no second factor: only the enrolment is open (no live stream). */
  factorRequired?: boolean;
}

/** Pages with their own navigation link: not also "in" the section above them (/contacts/new is not the inbox). */
const OWN_NAV_PAGES = ['/contacts/new'];

/** The page frame: header with navigation and office status, main content, the app's own CSS and scripts. */
export function Layout(props: { ctx: PageContext; title: string; children: Child }) {
  const { ctx } = props;
  const { t, user } = ctx;
  const nav = (href: string, label: string, key?: string) => (
    <a
      href={href}
      aria-current={
        ctx.path === href || (href !== '/' && ctx.path.startsWith(`${href}/`) && !OWN_NAV_PAGES.includes(ctx.path))
          ? 'page'
          : undefined
      }
      accesskey={key}
    >
      {label}
    </a>
  );
  return (
    <>
      {raw('<!DOCTYPE html>')}
      <html lang={ctx.locale}>
        <head>
          <meta charset="utf-8" />
          <meta name="viewport" content="width=device-width, initial-scale=1" />
          <meta
            name="htmx-config"
            content='{"defaultTimeout":15000,"noSwap":[204,304],"includeIndicatorCSS":false,"sse":{"pauseOnBackground":false}}'
          />
          <meta name="csrf-token" content={ctx.csrfToken} />
          <title>{`${props.title} · Baken`}</title>
          <link rel="stylesheet" href="/static/baken.css" />
          {/* htmx without defer: it then starts on DOMContentLoaded, after the deferred scripts below, so its SSE
              support (hx-sse.js) is there before htmx looks at the page for the first time. */}
          <script src="/static/htmx.min.js"></script>
          <script src="/static/app.js" defer></script>
          <script src="/static/drafts.js" defer></script>
          {user && <script src="/static/combobox.js" defer></script>}
          {user && ctx.path.startsWith('/contacts/') && <script src="/static/contact-page.js" defer></script>}
          <script src="/static/busy.js" defer></script>
          {user && <script src="/static/hx-sse.js" defer></script>}
          {user && <script src="/static/live.js" defer></script>}
          {user && <script src="/static/pop.js" defer></script>}
          {user && <script src="/static/softphone-remote.js" defer></script>}
          {user && <script src="/static/presence.js" defer></script>}
          {user && ctx.path === '/contacts' && <script src="/static/inbox.js" defer></script>}
          {user && <script src="/static/routing.js" defer></script>}
          {user && <script src="/static/session.js" defer></script>}
          {user && ctx.path.startsWith('/review') && <script src="/static/review.js" defer></script>}
        </head>
        <body
          hx-headers:inherited={JSON.stringify({ 'X-CSRF-Token': ctx.csrfToken })}
          data-signed-in={user && !ctx.factorRequired ? 'true' : undefined}
          data-user-id={user ? String(user.id) : undefined}
        >
          <a class="skip" href="#main">
            {t('nav.skip')}
          </a>
          <header class="top">
            <a class="brand" href={ctx.home ?? '/'}>
              Baken <span>{t('app.tagline')}</span>
            </a>
            <p class={`office ${ctx.officeOpen ? 'is-open' : 'is-closed'}`} id="office-status" role="status">
              {ctx.officeLine}
            </p>
            {user && !ctx.factorRequired && (ctx.nav ?? []).some((n) => n.href === '/voice') && (
              // The agent's availability for calls (views/calls/softphone.tsx), loaded into the header.
              <div id="availability" hx-get="/voice/availability" hx-trigger="load" hx-swap="innerHTML"></div>
            )}
            {user && (
              <nav aria-label={t('nav.main')}>
                {(ctx.nav ?? []).map((n) => nav(n.href, t(n.label as Parameters<Translate>[0]), n.key))}
                <form method="post" action="/logout" class="inline">
                  <input type="hidden" name="_csrf" value={ctx.csrfToken} />
                  <button type="submit" class="link">
                    {t('nav.signout')} ({user.name})
                  </button>
                </form>
              </nav>
            )}
          </header>
          <div id="screen-pop" aria-live="assertive"></div>
          {/* The live stream (htmx's SSE support, public/live.js): the server sends HTML in this user's language
              that htmx swaps where each piece says (pops above, presence, the inbox's notice); never this element. */}
          {user && !ctx.factorRequired && (
            <div
              id="live"
              hidden
              hx-sse:connect="/live/events"
              hx-sse:close="session-ended"
              hx-trigger="load, live:retry"
              hx-swap="none"
              {...noSwapOnError}
            ></div>
          )}
          {user && (
            <div
              id="session-warning"
              class="session-warning"
              role="status"
              data-texts={JSON.stringify({
                warning: t('session.warning'),
                absolute: t('session.warningAbsolute'),
                ended: t('session.ended'),
                stay: t('session.stay'),
              })}
            ></div>
          )}
          {user && <ShortcutsDialog t={t} />}
          <main id="main" tabindex={-1}>
            {user && ctx.factorReminder && ctx.path !== '/account/two-factor' && (
              <p class="flash flash-info factor-reminder" role="status">
                {t('twoFactor.reminder', { date: ctx.factorReminder })}{' '}
                <a href="/account/two-factor">{t('twoFactor.reminderLink')}</a>
              </p>
            )}
            {props.children}
          </main>
        </body>
      </html>
    </>
  );
}

/** A short message in a page or fragment: saved, not found, … */
export function Flash(props: { kind: 'ok' | 'error' | 'info'; children: Child }) {
  return (
    <p class={`flash flash-${props.kind}`} role={props.kind === 'error' ? 'alert' : 'status'}>
      {props.children}
    </p>
  );
}
