import type { Context } from 'hono';
import { homeFor, navFor } from './areas.js';
import type { Child } from 'hono/jsx';
import { DateTime } from 'luxon';
import type { Deps } from '../deps.js';
import type { AppEnv } from './app-env.js';
import { Layout, type PageContext } from '../../views/layout.js';
import type { Translate } from '../i18n/i18n.js';
import { varyOnHtmx } from './htmx.js';
import { formatStamp } from '../shared/time-format.js';

export { formatStamp };

/** Formats an instant in the desk's zone for people: "Monday 09:00", "today 13:00" or "Mon 2 Dec 09:00" when far off. */
function formatWhen(t: Date, now: Date, zone: string, locale: 'nl' | 'en', tr: Translate): string {
  const d = DateTime.fromJSDate(t, { zone }).setLocale(locale);
  const n = DateTime.fromJSDate(now, { zone });
  const time = d.toFormat('HH:mm');
  if (d.hasSame(n, 'day')) return `${tr('time.today')} ${time}`;
  if (d.diff(n, 'days').days < 6) return `${tr(`weekday.${d.weekday}` as 'weekday.1')} ${time}`;
  return `${d.toFormat('ccc d LLL')} ${time}`;
}

const officeLines = new WeakMap<object, Map<string, { key: string; line: string; open: boolean }>>();

/** The props the layout needs, taken from the request once here so views never see the context. */
export function pageContext(c: Context<AppEnv>, deps: Deps): PageContext {
  const t = c.get('t');
  const locale = c.get('locale');
  const now = deps.clock();
  const minute = Math.floor(now.getTime() / 60_000);
  const key = `${minute}|${deps.officeHours.version}`;
  let perDesk = officeLines.get(deps.officeHours);
  if (!perDesk) {
    perDesk = new Map();
    officeLines.set(deps.officeHours, perDesk);
  }
  let cached = perDesk.get(locale);
  if (!cached || cached.key !== key) {
    const status = deps.officeHours.status(now);
    const zone = deps.config.office.timeZone;
    const line = status.open
      ? t('office.open', { time: DateTime.fromJSDate(status.until, { zone }).toFormat('HH:mm') })
      : status.opensAt
        ? t('office.closed', { when: formatWhen(status.opensAt, now, zone, locale, t) })
        : t('office.closedNoOpening');
    cached = { key, line, open: status.open };
    perDesk.set(locale, cached);
  }
  return {
    t,
    locale,
    user: c.get('user'),
    csrfToken: c.get('csrfToken') ?? '',
    officeLine: cached.line,
    officeOpen: cached.open,
    path: new URL(c.req.url).pathname,
    devTools: deps.config.devTools,
    nav: navFor(c.get('user')?.roles ?? [], deps.config.devTools),
    home: homeFor(c.get('user')?.roles ?? []),
    factorReminder: factorReminder(c, deps),
    factorRequired: c.get('factorNotice')?.kind === 'required',
  };
}

/** The date the grace period for a second factor ends, for the reminder on every page; undefined otherwise. */
function factorReminder(c: Context<AppEnv>, deps: Deps): string | undefined {
  const notice = c.get('factorNotice');
  return notice?.kind === 'grace'
    ? formatStamp(notice.until.toISOString(), deps.config.office.timeZone).slice(0, 10)
    : undefined;
}

/** Renders a whole page in the layout. */
export function page(
  c: Context<AppEnv>,
  deps: Deps,
  title: string,
  body: Child,
  status: 200 | 403 | 404 | 409 | 422 | 429 | 500 = 200,
) {
  varyOnHtmx(c);
  c.header('Cache-Control', 'no-store');
  return c.html(
    <Layout ctx={pageContext(c, deps)} title={title}>
      {body}
    </Layout>,
    status,
  );
}

/** Renders a fragment for htmx to swap in. */
export function fragment(c: Context<AppEnv>, body: Child, status: 200 | 422 | 404 | 409 = 200) {
  varyOnHtmx(c);
  c.header('Cache-Control', 'no-store');
  // biome-ignore lint/complexity/noUselessFragments: c.html takes a JSX element, not any child
  return c.html(<>{body}</>, status);
}
