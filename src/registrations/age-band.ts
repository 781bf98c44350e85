import type { AgeBand } from './registrations.table.js';

/** The age at registration from a birth year (the person may not have had their birthday yet: the lower age). */
export function ageFromBirthYear(birthYear: number, registeredYear: number): number {
  return Math.max(0, registeredYear - birthYear - 1);
}

/**
 * domain.md §1.5's dashboard bands and the minor flag (< 18) from an age in years, or `unknown` / null when the
 * age is not known. With only a birth year the lower possible age is used: someone born in 2008 and registered
 * in 2026 may still be 17, and is counted as a minor (the safer side for a child).
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
