/**
 * Text cleaning for whatever is stored from outside: bidirectional overrides and isolates (U+202A–U+202E,
 * U+2066–U+2069) can make a stored subject or file name read differently from what it is ("invoice‮fdp.exe"),
 * and NUL or other control characters break logs, exports and terminals. Letters of every script (Dutch,
 * Arabic, Hebrew, Chinese …) and the implicit direction marks (U+200E/U+200F) stay as they are.
 */

// C0 controls except tab (09), line feed (0A) and carriage return (0D), DEL, and the bidi embeddings,
// overrides and isolates.
const UNSAFE = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\u202a-\u202e\u2066-\u2069]/g;
// The same, line breaks and tabs included, for one-line values.
const UNSAFE_LINE = /[\u0000-\u001f\u007f\u202a-\u202e\u2066-\u2069]/g;

/** Removes bidi overrides/isolates, NUL and other control characters; keeps tab and line breaks. */
export function cleanText(input: string): string {
  return input.replace(UNSAFE, '');
}

/** As cleanText, for one-line values (subjects, names, file names): tabs and line breaks become spaces. */
export function cleanLine(input: string): string {
  return input.replace(UNSAFE_LINE, (ch) => (ch === '\t' || ch === '\n' || ch === '\r' ? ' ' : ''));
}
