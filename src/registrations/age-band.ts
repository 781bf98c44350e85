import type { AgeBand, AgeBasis } from './registrations.table.js';

/** Completed years between a date of birth and a later date (both YYYY-MM-DD); a 29 February birthday falls on 1 March. */
function completedYears(dateOfBirth: string, on: string): number {
  const years = Number(on.slice(0, 4)) - Number(dateOfBirth.slice(0, 4));
  return on.slice(5) >= dateOfBirth.slice(5) ? years : years - 1;
}

/**
 * The age at registration (reported on `reportedOn`, YYYY-MM-DD) and how it was found, best source first:
 * - a date of birth: the actual age on that day;
 * - an age typed by the agent: as typed;
 * - only a birth year: the **mid-year rule** — the birthday is taken to be 1 July, so the age is the difference of
 *   the years from 1 July on and one less before it. Half of the people born in a year have their birthday before
 *   1 July, so the rule is right on average, where always taking the lower age made every year-only registration
 *   count as if the birthday were still to come (the figures came out younger than the people are).
 * Never below 0.
 */
export function ageAtRegistration(p: {
  reportedOn: string;
  dateOfBirth: string | null;
  age: number | null;
  birthYear: number | null;
}): { age: number | null; basis: AgeBasis } {
  if (p.dateOfBirth) return { age: Math.max(0, completedYears(p.dateOfBirth, p.reportedOn)), basis: 'date_of_birth' };
  if (p.age !== null) return { age: p.age, basis: 'age' };
  if (p.birthYear !== null) {
    const years = Number(p.reportedOn.slice(0, 4)) - p.birthYear;
    return { age: Math.max(0, p.reportedOn.slice(5) >= '07-01' ? years : years - 1), basis: 'birth_year' };
  }
  return { age: null, basis: 'unknown' };
}

/**
 * domain.md §1.5's dashboard bands and the minor flag (< 18) from an age in years (ageAtRegistration), or
 * `unknown` / null when the age is not known.
 */
export function ageBand(age: number | null): { band: AgeBand; minor: boolean | null } {
  if (age === null || !Number.isFinite(age) || age < 0) return { band: 'unknown', minor: null };
  const band: AgeBand =
    age <= 11
      ? '0-11'
      : age <= 17
        ? '12-17'
        : age <= 22
          ? '18-22'
          : age <= 29
            ? '23-29'
            : age <= 39
              ? '30-39'
              : age <= 49
                ? '40-49'
                : '50+';
  return { band, minor: age < 18 };
}

/**
 * Minor during exploitation (domain §1.2 item 12, CTDC `majorityStatusAtExploit`): exploitation comes before the
 * report, so someone who is a minor at registration was a minor then too — `unknown` becomes `yes`, and `no` is a
 * contradiction the form refuses. An adult at registration may have been either.
 */
export function minorAtExploitation(
  given: 'yes' | 'no' | 'unknown',
  minorAtRegistration: boolean | null,
): { value: 'yes' | 'no' | 'unknown'; contradiction: boolean } {
  if (minorAtRegistration !== true) return { value: given, contradiction: false };
  return { value: 'yes', contradiction: given === 'no' };
}
