import { notFound } from '../shared/app-error.js';

/** A numeric id from the path; anything else (empty, signed, fractional, over 12 digits) is a 404. */
export function parseId(s: string | undefined): number {
  if (!s || !/^\d{1,12}$/.test(s)) throw notFound();
  return Number(s);
}
