/**
 * Sanitises the HTML of incoming mail before an agent sees it: text structure, tables and links survive;
 * scripts, styles, forms, frames, event handlers and every image (remote images are tracking pixels; a
 * placeholder with the alt text stays) do not. Links open in a new tab without a referrer.
 * The result is shown inside a sandboxed iframe (srcdoc, no scripts, no same origin) — see views/email.
 */
import sanitizeHtml from 'sanitize-html';

/** HTML longer than this is not sanitised (that would stall the listener); the text version is shown instead. */
export const MAX_HTML_CHARS = 2_000_000;
/**
 * HTML nested deeper than this is not sanitised either: the parser's work grows with the square of the
 * nesting (300,000 nested <div>s took minutes and all memory). Real mail nests a few dozen levels.
 */
export const MAX_HTML_DEPTH = 400;

/** Elements that never hold content, or that mail writers routinely leave open: they do not count as nesting. */
const NOT_NESTING = new Set(
  'area base br col embed hr img input link meta param source track wbr p li td th tr dt dd option'.split(' '),
);

const OPTIONS: sanitizeHtml.IOptions = {
  allowedTags: [
    'p',
    'br',
    'div',
    'span',
    'b',
    'strong',
    'i',
    'em',
    'u',
    's',
    'strike',
    'sub',
    'sup',
    'small',
    'big',
    'mark',
    'blockquote',
    'pre',
    'code',
    'q',
    'cite',
    'abbr',
    'address',
    'hr',
    'ul',
    'ol',
    'li',
    'dl',
    'dt',
    'dd',
    'h1',
    'h2',
    'h3',
    'h4',
    'h5',
    'h6',
    'table',
    'thead',
    'tbody',
    'tfoot',
    'tr',
    'th',
    'td',
    'caption',
    'a',
  ],
  allowedAttributes: {
    a: ['href', 'title', 'target', 'rel'],
    td: ['colspan', 'rowspan'],
    th: ['colspan', 'rowspan'],
    ol: ['start'],
    span: ['class'],
  },
  allowedSchemes: ['http', 'https', 'mailto', 'tel'],
  allowedSchemesAppliedToAttributes: ['href'],
  allowProtocolRelative: false,
  disallowedTagsMode: 'discard',
  nonTextTags: [
    'script',
    'style',
    'textarea',
    'option',
    'noscript',
    'title',
    'template',
    'svg',
    'math',
    'object',
    'iframe',
  ],
  transformTags: {
    a: (_tag, attribs) => ({
      tagName: 'a',
      attribs: {
        ...(attribs.href ? { href: attribs.href } : {}),
        ...(attribs.title ? { title: attribs.title } : {}),
        target: '_blank',
        rel: 'noopener noreferrer nofollow',
      },
    }),
    img: (_tag, attribs) => ({
      tagName: 'span',
      attribs: { class: 'mail-image' },
      text: `[${(attribs.alt ?? '').trim().slice(0, 80) || 'image'}]`,
    }),
  },
};

/**
 * How deeply the HTML nests, counted by one linear pass over its tags (no parser), stopping as soon as
 * `stopAt` is reached. An over-estimate for sloppy HTML, never an under-estimate of what the parser builds.
 */
export function htmlDepth(html: string, stopAt = MAX_HTML_DEPTH + 1): number {
  let depth = 0;
  let max = 0;
  let i = html.indexOf('<');
  while (i >= 0 && i < html.length - 1) {
    const close = html.charCodeAt(i + 1) === 47; // '/'
    let j = close ? i + 2 : i + 1;
    const start = j;
    while (j < html.length && /[A-Za-z0-9-]/.test(html[j]!)) j++;
    const end = html.indexOf('>', j);
    if (end < 0) break;
    if (j > start) {
      const name = html.slice(start, j).toLowerCase();
      if (!NOT_NESTING.has(name) && html.charCodeAt(end - 1) !== 47) {
        if (close) depth = Math.max(0, depth - 1);
        else {
          depth++;
          if (depth > max) max = depth;
          if (max >= stopAt) return max;
        }
      }
    }
    i = html.indexOf('<', end + 1);
  }
  return max;
}

/** Why HTML is not sanitised: too long or too deep (it is then offered as text only). */
export type HtmlLimit = 'html-too-large' | 'html-too-deep';

/** The limit this HTML is beyond, if any; checked in linear time before any parsing. */
export function htmlLimit(html: string): HtmlLimit | null {
  if (html.length > MAX_HTML_CHARS) return 'html-too-large';
  if (htmlDepth(html) > MAX_HTML_DEPTH) return 'html-too-deep';
  return null;
}

const SKIP_CONTENT = new Set(['script', 'style', 'head', 'template', 'svg', 'math', 'noscript', 'object', 'iframe']);
const BLOCK = new Set('br p div li tr h1 h2 h3 h4 h5 h6 blockquote pre table dd dt hr'.split(' '));
const ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'", nbsp: ' ' };

/**
 * A plain-text rendering of HTML that is too large or too deep to sanitise: one linear pass, tags dropped
 * (so no image or link URL survives), the content of scripts and styles left out, at most `maxChars`.
 */
export function roughHtmlText(html: string, maxChars: number): string {
  const out: string[] = [];
  let length = 0;
  const push = (s: string) => {
    out.push(s);
    length += s.length;
  };
  const lower = html.toLowerCase();
  let i = 0;
  while (i < html.length && length < maxChars) {
    const lt = html.indexOf('<', i);
    if (lt !== i) push(html.slice(i, lt < 0 ? html.length : lt));
    if (lt < 0) break;
    const gt = html.indexOf('>', lt);
    if (gt < 0) break;
    const name = /^<\/?([A-Za-z][A-Za-z0-9-]*)/.exec(html.slice(lt, Math.min(gt + 1, lt + 40)))?.[1]?.toLowerCase();
    i = gt + 1;
    if (!name) continue;
    if (BLOCK.has(name) && !out[out.length - 1]?.endsWith('\n')) push('\n');
    if (SKIP_CONTENT.has(name) && html[lt + 1] !== '/') {
      const endTag = lower.indexOf(`</${name}`, i);
      if (endTag < 0) break;
      const after = html.indexOf('>', endTag);
      if (after < 0) break;
      i = after + 1;
    }
  }
  return out
    .join('')
    .replace(/&(#x[0-9a-f]{1,6}|#\d{1,7}|[a-z]{2,6});/gi, (m, e: string) => {
      if (e[0] !== '#') return ENTITIES[e.toLowerCase()] ?? m;
      const code = e[1] === 'x' || e[1] === 'X' ? Number.parseInt(e.slice(2), 16) : Number(e.slice(1));
      return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : '';
    })
    .replace(/[ \t]+\n/g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim()
    .slice(0, maxChars);
}

/** Sanitised HTML, or null when there is no HTML or it is too long or too deep to sanitise safely. */
export function sanitizeMailHtml(html: string | false | null | undefined): string | null {
  if (!html || typeof html !== 'string') return null;
  if (htmlLimit(html)) return null;
  const clean = sanitizeHtml(html, OPTIONS).trim();
  return clean || null;
}

/** A complete document for the sandboxed iframe: a charset, a plain readable look (the parent's CSP allows no inline style, so none). */
export function mailDocument(safeHtml: string): string {
  return `<!doctype html><html><head><meta charset="utf-8"><base target="_blank"></head><body>${safeHtml}</body></html>`;
}
