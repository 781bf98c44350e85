import { notFound } from '../shared/app-error.js';

// Every id and version a request carries is read here, so a word, a fraction, an exponent or a number beyond
// what the database stores answers 404 or 422 and never reaches a query (PostgreSQL refuses them with an error).

/** Largest id a path or form may name: 12 digits, well inside both databases' integers. */
const ID = /^\d{1,12}$/;
/** A version is an INTEGER column: 9 digits stay inside PostgreSQL's int4. */
const VERSION = /^\d{1,9}$/;

/** A numeric id from the path; anything else (empty, signed, fractional, over 12 digits) is a 404. */
export function parseId(s: string | undefined): number {
  if (!s || !ID.test(s)) throw notFound();
  return Number(s);
}

/** A numeric id from a form field or query: the number, or null when it is missing or not a plain id. */
export function formId(v: unknown): number | null {
  return typeof v === 'string' && ID.test(v.trim()) ? Number(v.trim()) : null;
}

/** The version a form was drawn from: the number, or null when it is missing or malformed. */
export function formVersion(v: unknown): number | null {
  return typeof v === 'string' && VERSION.test(v) ? Number(v) : null;
}
