import type { Context } from 'hono';

/** The only reader of HX-* request headers. True when htmx asked (as opposed to a plain browser navigation). */
export function isHtmx(c: Context): boolean {
  return c.req.header('HX-Request') === 'true' && c.req.header('HX-History-Restore-Request') !== 'true';
}

/** True when htmx asked for a swap into the element with this id (`HX-Target: tag#id`). */
export function targets(c: Context, id: string): boolean {
  const t = c.req.header('HX-Target') ?? '';
  return isHtmx(c) && (t === id || t.endsWith(`#${id}`));
}

/** Marks a response as varying on HX-Request, so caches never mix pages and fragments. */
export function varyOnHtmx(c: Context): void {
  c.header('Vary', 'HX-Request, HX-Target');
}

/** Redirects a plain request with 303, and an htmx request with HX-Redirect (full navigation). */
export function seeOther(c: Context, location: string): Response {
  if (isHtmx(c)) {
    c.header('HX-Redirect', location);
    return c.body(null, 204);
  }
  return c.redirect(location, 303);
}
