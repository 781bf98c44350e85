// The one place where what a browser sends is cleaned before any handler reads it: control characters (NUL and
// the rest of C0 but tab, line feed and carriage return, and DEL) are taken out of every form field — name and
// value — and every query parameter. PostgreSQL refuses a NUL in text outright, and none of these characters
// belongs in what an agent types; stripping (not refusing) keeps the rest of what was typed.
import type { MiddlewareHandler } from 'hono';

const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g;
const HAS_CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;
/** Percent-encoded control characters, as they appear in a query string or a form-encoded body. */
const ENCODED_CONTROL = /%(0[0-8BCEbce]|1[0-9A-Fa-f]|7[Ff])/;

/** A text without control characters (tab, line feed and carriage return stay). */
const stripControl = (s: string): string => (HAS_CONTROL.test(s) ? s.replace(CONTROL, '') : s);

const cleanParams = (params: URLSearchParams) => {
  const out = new URLSearchParams();
  for (const [k, v] of params) out.append(stripControl(k), stripControl(v));
  return out;
};

/** Middleware: the request's query and form body with control characters stripped (see above). */
export function cleanInput(): MiddlewareHandler {
  return async (c, next) => {
    const raw = c.req.raw;
    let url = raw.url;
    const q = url.indexOf('?');
    if (q >= 0) {
      const search = url.slice(q + 1);
      if (ENCODED_CONTROL.test(search) || HAS_CONTROL.test(search))
        url = `${url.slice(0, q + 1)}${cleanParams(new URLSearchParams(search)).toString()}`;
    }
    let body: BodyInit | null | undefined;
    const headers = new Headers(raw.headers);
    const type = (raw.headers.get('Content-Type') ?? '').toLowerCase();
    if (raw.body && type.startsWith('application/x-www-form-urlencoded')) {
      const text = await raw.clone().text();
      if (ENCODED_CONTROL.test(text) || HAS_CONTROL.test(text)) {
        body = cleanParams(new URLSearchParams(text)).toString();
        headers.delete('Content-Length');
      }
    } else if (raw.body && type.startsWith('multipart/form-data')) {
      // A body the platform cannot read is left as it is: the handler's own read answers 400 (http/errors.tsx).
      const form = await raw
        .clone()
        .formData()
        .catch(() => null);
      if (form && [...form].some(([k, v]) => HAS_CONTROL.test(k) || (typeof v === 'string' && HAS_CONTROL.test(v)))) {
        const clean = new FormData();
        for (const [k, v] of form) {
          if (typeof v === 'string') clean.append(stripControl(k), stripControl(v));
          else clean.append(stripControl(k), v, v.name);
        }
        body = clean;
        headers.delete('Content-Length');
        headers.delete('Content-Type'); // the new body brings its own boundary
      }
    }
    if (url !== raw.url || body !== undefined)
      c.req.raw = new Request(url, {
        method: raw.method,
        headers,
        body: body !== undefined ? body : raw.body,
        signal: raw.signal,
        ...(body === undefined && raw.body ? { duplex: 'half' } : {}),
      } as RequestInit);
    await next();
  };
}
