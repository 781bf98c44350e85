import { createHash } from 'node:crypto';
import { compile } from 'html-to-text';
import { simpleParser, type AddressObject, type ParsedMail } from 'mailparser';
import { normaliseEmail } from '../../crypto/field-crypto.js';
import { cleanLine, cleanText } from '../../shared/clean-text.js';
import { CharsetDecoder, decodeText } from './charset-decoder.js';
import {
  type HtmlLimit,
  htmlLimit,
  MAX_HTML_CHARS,
  MAX_HTML_DEPTH,
  roughHtmlText,
  sanitizeMailHtml,
} from './sanitize.js';
import { normaliseMessageId, referencedIds } from './threading.js';

/** Headers the loop guard reads, lower case. */
const GUARD_HEADERS = [
  'auto-submitted',
  'precedence',
  'list-id',
  'list-unsubscribe',
  'list-post',
  'x-autoreply',
  'x-autorespond',
  'x-auto-response-suppress',
  'content-type',
];
/** Text kept for a message whose MIME structure could not be read (the whole source is kept as an .eml attachment). */
const PREVIEW_CHARS = 20_000;
/**
 * Text stored, shown and indexed per message: the first 256 K characters. A longer text (mail may be 25 MB)
 * is cut here and the whole message kept as an encrypted file, offered as a download.
 */
export const MAX_TEXT_CHARS = 262_144;
/** Header block read by the fallback parser, in bytes. */
const MAX_HEADER_BYTES = 65_536;

/**
 * Why a message is not shown whole: its HTML too large or too deep to sanitise, its text longer than
 * MAX_TEXT_CHARS, or parsing it beyond the worker's time or memory limit. The whole source is then kept.
 */
type DisplayLimit = HtmlLimit | 'text-truncated' | 'parse-limit';

interface MailPart {
  filename: string;
  contentType: string;
  size: number;
  content: Buffer;
}

/** An incoming message as the ingestion path needs it; addresses normalised, HTML already sanitised. */
export interface IncomingMail {
  messageId: string;
  hadMessageId: boolean;
  fingerprint: string;
  from: string | null;
  fromName: string | null;
  to: string[];
  cc: string[];
  subject: string;
  date: string | null;
  inReplyTo: string | null;
  references: string[];
  /** Every Message-ID it names, In-Reply-To first (for threading). */
  referenced: string[];
  guardHeaders: Record<string, string>;
  text: string;
  htmlSafe: string | null;
  attachments: MailPart[];
  malformed: boolean;
  /** Set when the message is not shown whole (see DisplayLimit); the raw source is then kept as a file. */
  limit: DisplayLimit | null;
  size: number;
}

const addresses = (a: AddressObject | AddressObject[] | undefined): string[] =>
  [a ?? []]
    .flat()
    .flatMap((o) => o.value)
    .flatMap((v) => (v.group ? v.group : [v]))
    .map((v) => normaliseEmail(v.address))
    .filter((x): x is string => !!x);

/**
 * html-to-text, set up for mail: no wrapping (the page wraps), headings and table headers as written, links as
 * `text [url]` (only the text when they are the same), images left out (sanitising already replaced them by
 * `[image]`), lists with their bullets or numbers and quoted mail as `> ` lines, as the classifier reads them.
 */
const toText = compile({
  wordwrap: false,
  // Sanitised HTML is never nested deeper than MAX_HTML_DEPTH; html-to-text walks it recursively.
  limits: { maxDepth: MAX_HTML_DEPTH },
  selectors: [
    { selector: 'a', options: { hideLinkHrefIfSameAsText: true } },
    { selector: 'img', format: 'skip' },
    ...(['h1', 'h2', 'h3', 'h4', 'h5', 'h6'] as const).map((h) => ({ selector: h, options: { uppercase: false } })),
    { selector: 'table', options: { uppercaseHeaderCells: false } },
  ],
});

/** Plain text of already sanitised HTML: paragraphs, line breaks, lists, links and quotes kept, every entity decoded. */
export function htmlToText(safeHtml: string): string {
  return toText(safeHtml)
    .replace(/[ \t]+\n/g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/** Where the header block ends: the body starts after the first empty line. */
function bodyOf(raw: Buffer): Buffer {
  const crlf = raw.indexOf('\r\n\r\n');
  const lf = raw.indexOf('\n\n');
  const at = crlf >= 0 && (lf < 0 || crlf < lf) ? crlf + 4 : lf >= 0 ? lf + 2 : raw.length;
  return raw.subarray(at);
}

/**
 * The fingerprint that, with the Message-ID, identifies a message: sha256 of the sender, Date, Subject and
 * the raw body. Trace headers (Received, DKIM, ...) are left out, so the same message relayed twice by
 * different hops is still recognised; a different message reusing a Message-ID is not.
 */
function fingerprintOf(raw: Buffer, from: string | null, date: string | null, subject: string): string {
  return createHash('sha256')
    .update(`${from ?? ''}\u0000${date ?? ''}\u0000${subject}\u0000`)
    .update(bodyOf(raw))
    .digest('hex');
}

function guardHeadersOf(p: ParsedMail): Record<string, string> {
  const out: Record<string, string> = {};
  for (const h of p.headerLines ?? []) {
    if (!GUARD_HEADERS.includes(h.key)) continue;
    const value = h.line
      .slice(h.line.indexOf(':') + 1)
      .replace(/\r?\n[ \t]+/g, ' ')
      .trim();
    out[h.key] = out[h.key] ? `${out[h.key]}, ${value}` : value;
  }
  return out;
}

/** A message that could not be read as MIME: its source becomes an attachment, a preview its text. */
function unreadable(raw: Buffer): IncomingMail {
  const fingerprint = fingerprintOf(raw, null, null, '');
  return {
    messageId: `missing.${fingerprint.slice(0, 40)}@baken.invalid`,
    hadMessageId: false,
    fingerprint,
    from: null,
    fromName: null,
    to: [],
    cc: [],
    subject: '',
    date: null,
    inReplyTo: null,
    references: [],
    referenced: [],
    guardHeaders: {},
    text: cleanText(decodeText(raw.subarray(0, PREVIEW_CHARS), 'utf-8')),
    htmlSafe: null,
    attachments: [{ filename: 'message.eml', contentType: 'message/rfc822', size: raw.length, content: raw }],
    malformed: true,
    limit: null,
    size: raw.length,
  };
}

/**
 * Parses raw message bytes with mailparser. Never throws for bad input: unreadable MIME, missing headers,
 * unknown charsets and hostile HTML all come back as a message that can be stored safely.
 */
export async function parseMail(raw: Buffer): Promise<IncomingMail> {
  let p: ParsedMail;
  try {
    p = await simpleParser(raw, {
      Iconv: CharsetDecoder,
      keepCidLinks: true,
      skipHtmlToText: true,
      skipImageLinks: true,
      skipTextLinks: true,
      skipTextToHtml: true,
      checksumAlgo: false,
      maxHtmlLengthToParse: MAX_HTML_CHARS,
    });
  } catch {
    return unreadable(raw);
  }
  const hasContent = !!(p.text?.trim() || (typeof p.html === 'string' && p.html.trim()) || p.attachments.length);
  if (!hasContent) {
    // Nothing was read, yet there are bytes: a body mailparser could not decode, or lines that are no headers.
    const body = bodyOf(raw);
    const head = raw.subarray(0, raw.length - body.length).toString('latin1');
    const notHeaders = head
      .split(/\r?\n/)
      .some((l) => l !== '' && !/^[ \t]/.test(l) && !/^[\x21-\x39\x3b-\x7e]+:/.test(l));
    if (notHeaders || body.toString('latin1').trim() !== '') return unreadable(raw);
  }

  const html = typeof p.html === 'string' ? p.html : '';
  // HTML too long or too deep is never handed to the sanitiser (its work grows with the square of the nesting).
  const tooBig = html ? htmlLimit(html) : null;
  const htmlSafe = tooBig ? null : sanitizeMailHtml(html);
  // The text an agent reads and searches: the text part, else the sanitised HTML as text (never the raw HTML,
  // whose image URLs would be tracking links), else a tag-free rendering of HTML too big to sanitise.
  const fullText =
    (p.text ?? '').replace(/\r\n/g, '\n') ||
    (htmlSafe ? htmlToText(htmlSafe) : tooBig ? roughHtmlText(html, MAX_TEXT_CHARS + 1) : '');
  const limit: DisplayLimit | null = tooBig ?? (fullText.length > MAX_TEXT_CHARS ? 'text-truncated' : null);
  const text = cleanText(fullText.slice(0, MAX_TEXT_CHARS));
  return {
    ...headerFields(raw, p),
    text,
    htmlSafe: htmlSafe === null ? null : cleanText(htmlSafe),
    attachments: [
      ...p.attachments.map((a) => ({
        filename:
          cleanLine(a.filename ?? '')
            .replace(/[/\\]+/g, '_')
            .trim()
            .slice(0, 200) || 'attachment',
        contentType: /^[\w.+-]+\/[\w.+-]+$/.test(a.contentType ?? '') ? a.contentType : 'application/octet-stream',
        size: a.content.length,
        content: a.content,
      })),
    ],
    malformed: false,
    limit,
    size: raw.length,
  };
}

/** The subject as stored: one line, cleaned, at most 500 characters. */
function subjectOf(subject: string | undefined): string {
  return cleanLine(subject ?? '')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, 500);
}

/** What every parse of a message reads from its headers: sender, subject, date, ids, fingerprint, guards. */
function headerFields(raw: Buffer, p: ParsedMail) {
  const fromValue = p.from?.value.find((v) => normaliseEmail(v.address));
  const from = normaliseEmail(fromValue?.address);
  const subject = subjectOf(p.subject);
  const date = p.date && !Number.isNaN(p.date.getTime()) ? p.date.toISOString() : null;
  const fingerprint = fingerprintOf(raw, from, date, subject);
  const ownId = normaliseMessageId(p.messageId);
  return {
    messageId: ownId ?? `missing.${fingerprint.slice(0, 40)}@baken.invalid`,
    hadMessageId: !!ownId,
    fingerprint,
    from,
    fromName:
      cleanLine(fromValue?.name ?? '')
        .trim()
        .slice(0, 200) || null,
    to: addresses(p.to),
    cc: addresses(p.cc),
    subject,
    date,
    inReplyTo: normaliseMessageId(p.inReplyTo),
    references: referencedIds(null, p.references).reverse(),
    referenced: referencedIds(p.inReplyTo, p.references).filter((id) => id !== ownId),
    guardHeaders: guardHeadersOf(p),
  };
}

/**
 * The message as far as it can be read without the parser's full work — for mail whose parsing went beyond
 * the worker's time or memory limit. Only the header block (at most 64 KB) is parsed; the text is a tag-free
 * preview of the start of the body; the caller keeps the whole source. Same fingerprint as a full parse would
 * give for the same headers, so a relay's retry of it is recognised as already stored.
 */
export async function parseHeadersOnly(raw: Buffer): Promise<IncomingMail> {
  const body = bodyOf(raw);
  const head = raw.subarray(0, Math.min(raw.length - body.length, MAX_HEADER_BYTES));
  let p: ParsedMail;
  try {
    p = await simpleParser(Buffer.concat([head, Buffer.from('\r\n\r\n')]), { Iconv: CharsetDecoder });
  } catch {
    return { ...unreadable(raw), limit: 'parse-limit' };
  }
  return {
    ...headerFields(raw, p),
    text: cleanText(roughHtmlText(decodeText(body.subarray(0, PREVIEW_CHARS), 'utf-8'), PREVIEW_CHARS)),
    htmlSafe: null,
    attachments: [],
    malformed: false,
    limit: 'parse-limit',
    size: raw.length,
  };
}
