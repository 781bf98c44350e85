import { compile } from 'html-to-text';
import lexicon from './lexicon.json' with { type: 'json' };

/** Raw input read at most (characters): a 1 MB paste is cut here before anything else looks at it. */
const MAX_INPUT_CHARS = 64_000;
/** Prepared text classified at most (characters): about ten long emails; the rest of a huge text is not read. */
const MAX_CLASSIFIED_CHARS = 20_000;

/** A stretch of the prepared text with the weight its words count with (1 body, 0.3 quoted, 0 signature). */
interface Region {
  start: number;
  end: number;
  weight: number;
}

export interface PreparedText {
  /** The text the classifier reads and the spans point into: HTML stripped, cut to the bound. */
  text: string;
  regions: Region[];
}

/** Nesting read at most: html-to-text walks the tree recursively, and a pasted text may nest without end. */
const MAX_DEPTH = 200;

/**
 * html-to-text as the classifier reads HTML: scripts and styles dropped, blocks become lines, quoted mail becomes
 * `> ` lines (weighed down below), link addresses and images left out (their words are no question's words).
 */
const toText = compile({
  wordwrap: false,
  limits: { maxDepth: MAX_DEPTH, ellipsis: '' },
  selectors: [
    { selector: 'a', options: { ignoreHref: true } },
    { selector: 'img', format: 'skip' },
    ...(['h1', 'h2', 'h3', 'h4', 'h5', 'h6'] as const).map((h) => ({ selector: h, options: { uppercase: false } })),
    { selector: 'table', options: { uppercaseHeaderCells: false } },
  ],
});

/** Strips HTML to text: scripts and styles dropped, blocks become lines, blockquotes become quoted lines. */
function htmlToText(html: string): string {
  return toText(html);
}

const looksLikeHtml = (s: string) => /<(html|body|p|div|br|span|table|blockquote|a)\b[^>]*>/i.test(s);

/** Lower case without diacritics: "Cliënté" → "cliente", so text without accents matches the lexicon and back. */
export function fold(s: string): string {
  return s
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase();
}

const signatureStarts = lexicon.signatureStarts.map(fold);
const quoteHeaders = lexicon.quoteHeaders.map(
  (h) => new RegExp(`^${fold(h).replace(/[.*+?^${}()|[\]\\]/g, (c) => (c === '*' ? '.*' : `\\${c}`))}`),
);

function isSignatureLine(line: string): boolean {
  const l = fold(line.trim());
  if (l === '--' || line.startsWith('-- ')) return true;
  if (l.length > 40) return false;
  return signatureStarts.some(
    (s) => l === s || (l.startsWith(s) && /^[\s,.!:;-]*$|^[\s,.!]+\p{L}/u.test(l.slice(s.length))),
  );
}
const isQuoteHeader = (line: string) => {
  const l = fold(line.trim());
  return quoteHeaders.some((r) => r.test(l));
};

/**
 * Prepares any input for the classifier, quickly and never failing: HTML stripped, the input bounded, and each
 * line weighted — quoted lines (`> …`) and what follows a quote header ("Op … schreef:", "-----Original
 * Message-----") count for little, a signature (from "Met vriendelijke groet" / "Kind regards" / "-- " on) not at
 * all, unless a quoted thread starts again below it.
 */
export function prepareText(input: string): PreparedText {
  let text = typeof input === 'string' ? input.slice(0, MAX_INPUT_CHARS) : '';
  if (looksLikeHtml(text)) text = htmlToText(text);
  text = text.replace(/\r\n?/g, '\n').slice(0, MAX_CLASSIFIED_CHARS);
  const regions: Region[] = [];
  let mode: 'body' | 'signature' | 'quoted' = 'body';
  let pos = 0;
  let seenText = false;
  for (const line of text.split('\n')) {
    const start = pos;
    pos += line.length + 1;
    const trimmed = line.trimStart();
    let weight: number;
    if (trimmed.startsWith('>')) weight = lexicon.quotedWeight;
    else {
      if (mode !== 'quoted' && seenText && isQuoteHeader(line)) mode = 'quoted';
      else if (mode === 'body' && seenText && isSignatureLine(line)) mode = 'signature';
      weight = mode === 'body' ? 1 : mode === 'quoted' ? lexicon.quotedWeight : 0;
    }
    if (trimmed.length > 0) seenText = true;
    const last = regions[regions.length - 1];
    if (last && last.weight === weight) last.end = Math.min(pos, text.length);
    else regions.push({ start, end: Math.min(pos, text.length), weight });
  }
  return { text, regions };
}
