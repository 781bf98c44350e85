/**
 * Sanitises the HTML of incoming mail before an agent sees it: text structure, tables and links survive;
 * scripts, styles, forms, frames, event handlers and every image (remote images are tracking pixels; a
 * placeholder with the alt text stays) do not. Links open in a new tab without a referrer.
 * The result is shown inside a sandboxed iframe (srcdoc, no scripts, no same origin) — see views/email.
 */
import sanitizeHtml from 'sanitize-html';

/** HTML longer than this is not sanitised (that would stall the listener); the text version is shown instead. */
export const MAX_HTML_CHARS = 2_000_000;

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

/** Sanitised HTML, or null when there is no HTML or it is too long to sanitise safely. */
export function sanitizeMailHtml(html: string | false | null | undefined): string | null {
  if (!html || typeof html !== 'string') return null;
  if (html.length > MAX_HTML_CHARS) return null;
  const clean = sanitizeHtml(html, OPTIONS).trim();
  return clean || null;
}

/** A complete document for the sandboxed iframe: a charset, a plain readable look (the parent's CSP allows no inline style, so none). */
export function mailDocument(safeHtml: string): string {
  return `<!doctype html><html><head><meta charset="utf-8"><base target="_blank"></head><body>${safeHtml}</body></html>`;
}
