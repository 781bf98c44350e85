import { createHash } from 'node:crypto';
import { simpleParser, type AddressObject, type ParsedMail } from 'mailparser';
import { normaliseEmail } from '../crypto/field-crypto.js';
import { CharsetDecoder, decodeText } from './charset-decoder.js';
import { MAX_HTML_CHARS, sanitizeMailHtml } from './sanitize.js';
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

export interface MailPart {
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
  size: number;
}

const addresses = (a: AddressObject | AddressObject[] | undefined): string[] =>
  [a ?? []]
    .flat()
    .flatMap((o) => o.value)
    .flatMap((v) => (v.group ? v.group : [v]))
    .map((v) => normaliseEmail(v.address))
    .filter((x): x is string => !!x);

/** Plain text of already sanitised HTML: line breaks at block ends, tags dropped, the escapes sanitize-html writes undone. */
export function htmlToText(safeHtml: string): string {
  return safeHtml
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(/<\/(p|div|li|tr|h[1-6]|blockquote|pre|table|dd|dt)>/gi, '\n')
    .replace(/<[^>]*>/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&nbsp;/g, ' ')
    .replace(/&amp;/g, '&')
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
export function fingerprintOf(raw: Buffer, from: string | null, date: string | null, subject: string): string {
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
    text: decodeText(raw.subarray(0, PREVIEW_CHARS), 'utf-8'),
    htmlSafe: null,
    attachments: [{ filename: 'message.eml', contentType: 'message/rfc822', size: raw.length, content: raw }],
    malformed: true,
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

  const fromValue = p.from?.value.find((v) => normaliseEmail(v.address));
  const from = normaliseEmail(fromValue?.address);
  const subject = (p.subject ?? '').replace(/\s+/g, ' ').trim().slice(0, 500);
  const date = p.date && !Number.isNaN(p.date.getTime()) ? p.date.toISOString() : null;
  const fingerprint = fingerprintOf(raw, from, date, subject);
  const ownId = normaliseMessageId(p.messageId);
  const inReplyTo = normaliseMessageId(p.inReplyTo);
  const references = referencedIds(null, p.references).reverse();
  const htmlSafe = sanitizeMailHtml(p.html);
  const html = typeof p.html === 'string' ? p.html : '';
  // The text an agent reads and searches: the text part, else the sanitised HTML as text (never the raw HTML,
  // whose image URLs would be tracking links). HTML too long to sanitise is kept as an attachment instead.
  const text = (p.text ?? '').replace(/\r\n/g, '\n') || (htmlSafe ? htmlToText(htmlSafe) : '');
  const extra: MailPart[] =
    html && !htmlSafe && html.length > MAX_HTML_CHARS
      ? [
          {
            filename: 'message.html',
            contentType: 'text/html',
            size: Buffer.byteLength(html),
            content: Buffer.from(html),
          },
        ]
      : [];
  return {
    messageId: ownId ?? `missing.${fingerprint.slice(0, 40)}@baken.invalid`,
    hadMessageId: !!ownId,
    fingerprint,
    from,
    fromName: fromValue?.name?.trim().slice(0, 200) || null,
    to: addresses(p.to),
    cc: addresses(p.cc),
    subject,
    date,
    inReplyTo,
    references,
    referenced: referencedIds(p.inReplyTo, p.references).filter((id) => id !== ownId),
    guardHeaders: guardHeadersOf(p),
    text,
    htmlSafe,
    attachments: [
      ...extra,
      ...p.attachments.map((a) => ({
        filename: (a.filename ?? '').replace(/[\u0000-\u001f\u007f/\\]+/g, '_').slice(0, 200) || 'attachment',
        contentType: /^[\w.+-]+\/[\w.+-]+$/.test(a.contentType ?? '') ? a.contentType : 'application/octet-stream',
        size: a.content.length,
        content: a.content,
      })),
    ],
    malformed: false,
    size: raw.length,
  };
}
