import { normaliseEmail, normalisePhone } from '../crypto/field-crypto.js';

export type Search =
  | { kind: 'reference'; value: string }
  | { kind: 'phone'; value: string }
  | { kind: 'email'; value: string }
  | { kind: 'text'; value: string; prefix: string };

/**
 * Reads the inbox's search box: a reference (HD-2026-000123), an email address, a phone number, or words.
 * Words become safe FTS5 expressions, every word required: `value` matches whole words (fast: FTS5 streams
 * the index in rowid order), `prefix` matches word beginnings (slower: FTS5 merges every matching term first),
 * used when whole words find nothing. When word beginnings find nothing too, the service searches `value`'s words
 * by their Dutch and English forms (src/db/contact-search.ts; PostgreSQL only, nothing on SQLite).
 */
export function toSearch(q: string | undefined): Search | null {
  const input = (q ?? '').trim().slice(0, 200);
  if (!input) return null;
  const ref = /^#?\[?#?(HD-\d{4}-\d{1,9})\]?$/i.exec(input);
  if (ref) return { kind: 'reference', value: ref[1]!.toUpperCase() };
  if (input.includes('@')) {
    const e = normaliseEmail(input);
    if (e) return { kind: 'email', value: e };
  }
  if (/^[+(]?\d[\d\s().\-/]{5,}$/.test(input)) {
    const p = normalisePhone(input);
    if (p) return { kind: 'phone', value: p };
  }
  const words = input
    .normalize('NFC')
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean)
    .slice(0, 12);
  if (!words.length) return null;
  return {
    kind: 'text',
    value: words.map((w) => `"${w}"`).join(' AND '),
    prefix: words.map((w) => `"${w}"*`).join(' AND '),
  };
}
