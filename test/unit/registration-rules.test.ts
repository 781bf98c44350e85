import { describe, expect, it } from 'vitest';
import { missingConsents } from '../../src/registrations/consent-rule.js';
import { ageAtRegistration, ageBand } from '../../src/registrations/age-band.js';
import { duplicateKeys } from '../../src/registrations/duplicate-key.js';
import { normaliseName } from '../../src/shared/person-name.js';
import { addDays, daysLeft, deadlinesOf, workingDaysBefore } from '../../src/registrations/deadlines.js';
import { isCountryCode } from '../../src/registrations/countries.js';

describe('the consent rule (domain §1.1)', () => {
  const cases: [string, 'yes' | 'no' | '', 'yes' | 'no' | '', boolean, string[]][] = [
    ['police', '', '', false, []],
    ['kmar', 'no', '', false, []],
    ['labour_inspectorate', '', '', false, []],
    ['police', '', '', true, ['care']],
    ['police', '', 'yes', true, []],
    ['youth_care', '', '', false, ['registration']],
    ['youth_care', 'no', '', false, ['registration']],
    ['youth_care', 'yes', '', false, []],
    ['citizen', 'yes', 'no', true, ['care']],
    ['fairwork', '', '', true, ['registration', 'care']],
    ['unknown', 'yes', 'yes', true, []],
  ];
  for (const [reporter, reg, care, asksCare, missing] of cases)
    it(`a ${reporter} report (registration ${reg || '—'}, care ${care || '—'}, asks care ${asksCare}) misses [${missing}]`, () => {
      expect(
        missingConsents({ reporterType: reporter, consentRegistration: reg, consentCare: care, asksCare }),
      ).toEqual(missing);
    });
});

describe('age bands and the minor flag (domain §1.5)', () => {
  const cases: [number | null, string, boolean | null][] = [
    [0, '0-11', true],
    [11, '0-11', true],
    [12, '12-17', true],
    [17, '12-17', true],
    [18, '18-22', false],
    [22, '18-22', false],
    [23, '23-29', false],
    [29, '23-29', false],
    [30, '30-39', false],
    [49, '40-49', false],
    [50, '50+', false],
    [97, '50+', false],
    [null, 'unknown', null],
    [-1, 'unknown', null],
  ];
  for (const [age, band, minor] of cases)
    it(`age ${age} is band ${band}, minor ${minor}`, () => expect(ageBand(age)).toEqual({ band, minor }));

  const ages: [string, { dateOfBirth?: string; age?: number; birthYear?: number }, number | null, string][] = [
    ['a date of birth: the birthday has passed', { dateOfBirth: '2000-03-01' }, 26, 'date_of_birth'],
    ['a date of birth: the birthday is the day itself', { dateOfBirth: '2000-03-10' }, 26, 'date_of_birth'],
    ['a date of birth: the birthday is tomorrow', { dateOfBirth: '2008-03-11' }, 17, 'date_of_birth'],
    ['a date of birth wins over a birth year', { dateOfBirth: '2008-03-11', birthYear: 2008 }, 17, 'date_of_birth'],
    ['a leap-day birthday on 10 March of a common year', { dateOfBirth: '2004-02-29' }, 22, 'date_of_birth'],
    ['a typed age', { age: 40, birthYear: 1986 }, 40, 'age'],
    ['a birth year in March: 1 July not yet reached', { birthYear: 2008 }, 17, 'birth_year'],
    ['a birth year born this year', { birthYear: 2026 }, 0, 'birth_year'],
    ['nothing known', {}, null, 'unknown'],
  ];
  for (const [what, p, age, basis] of ages)
    it(`finds the age at registration on 2026-03-10 from ${what}: ${age} (${basis})`, () =>
      expect(
        ageAtRegistration({
          reportedOn: '2026-03-10',
          dateOfBirth: p.dateOfBirth ?? null,
          age: p.age ?? null,
          birthYear: p.birthYear ?? null,
        }),
      ).toEqual({ age, basis }));

  const midYear: [string, number][] = [
    ['2026-01-01', 17],
    ['2026-06-30', 17],
    ['2026-07-01', 18],
    ['2026-12-31', 18],
  ];
  for (const [reportedOn, age] of midYear)
    it(`takes 1 July as the birthday of someone born in 2008 and registered on ${reportedOn}: ${age}`, () =>
      expect(ageAtRegistration({ reportedOn, dateOfBirth: null, age: null, birthYear: 2008 }).age).toBe(age));

  it('no longer makes every year-only registration a year younger: over a whole year half are counted older', () => {
    const days = Array.from({ length: 365 }, (_, i) => new Date(Date.UTC(2026, 0, 1 + i)).toISOString().slice(0, 10));
    const ages = days.map((d) => ageAtRegistration({ reportedOn: d, dateOfBirth: null, age: null, birthYear: 1990 }));
    const older = ages.filter((a) => a.age === 36).length;
    expect(older).toBe(184); // 1 July to 31 December
    expect(ages.filter((a) => a.age === 35).length).toBe(181);
  });
});

describe('the duplicate key', () => {
  const same: [string, string][] = [
    ['José Álvarez García', 'garcia jose alvarez'],
    ['Ana-Maria Popescu', 'Popescu, Ana Maria'],
    ['ZSÓFIA  Kovács', 'kovacs zsofia'],
    ['Nguyễn Văn An', 'an nguyen van'],
  ];
  for (const [a, b] of same)
    it(`reads "${a}" and "${b}" as one name`, () => expect(normaliseName(a)).toBe(normaliseName(b)));

  it('keeps different names and different birth years apart', () => {
    expect(normaliseName('Ana Popescu')).not.toBe(normaliseName('Anna Popescu'));
    expect(duplicateKeys({ name: 'Ana Popescu', birthYear: 1999 }).nameYear).not.toBe(
      duplicateKeys({ name: 'Ana Popescu', birthYear: 2000 }).nameYear,
    );
    expect(normaliseName('  ,, ')).toBeNull();
  });

  const phones = ['06 12345678', '+31 6 1234 5678', '0031612345678', '(06) 123-456-78', '+31612345678'];
  for (const p of phones)
    it(`writes the phone "${p}" as +31612345678`, () => expect(duplicateKeys({ phone: p }).phone).toBe('+31612345678'));

  it('has no key for what is not known', () => {
    expect(duplicateKeys({})).toEqual({ nameYear: null, phone: null });
    expect(duplicateKeys({ phone: 'not a number' }).phone).toBeNull();
  });
});

describe('deadline arithmetic', () => {
  // Weekends only, plus a holiday, as a calendar would answer.
  const holidays = new Set(['2026-04-27', '2026-04-03', '2026-04-06']);
  const working = (d: string) => {
    const day = new Date(`${d}T12:00:00Z`).getUTCDay();
    return day !== 0 && day !== 6 && !holidays.has(d);
  };

  it('ends the reflection period 90 or 30 calendar days after its start', () => {
    expect(addDays('2026-01-15', 90)).toBe('2026-04-15');
    expect(addDays('2026-02-01', 30)).toBe('2026-03-03');
    expect(addDays('2024-02-01', 30)).toBe('2024-03-02');
  });

  const before: [string, number, string][] = [
    ['2026-03-20', 10, '2026-03-06'], // Friday to Friday: two weeks
    ['2026-03-23', 1, '2026-03-20'], // Monday: the Friday before
    ['2026-04-28', 1, '2026-04-24'], // the day after King's Day: over the holiday and the weekend
    ['2026-04-08', 3, '2026-04-01'], // over Easter Monday and Good Friday
    ['2026-03-20', 0, '2026-03-20'],
  ];
  for (const [end, n, raise] of before)
    it(`raises ${n} working days before ${end} on ${raise}`, () =>
      expect(workingDaysBefore(end, n, working)).toBe(raise));

  it('counts the days left, negative once passed', () => {
    expect(daysLeft('2026-03-20', '2026-03-10')).toBe(10);
    expect(daysLeft('2026-03-10', '2026-03-10')).toBe(0);
    expect(daysLeft('2026-03-03', '2026-03-10')).toBe(-7);
    expect(daysLeft('2026-04-01', '2026-03-25')).toBe(7); // over the change to summer time
  });

  it('lists a registration’s deadlines only where they are known', () => {
    expect(
      deadlinesOf({
        reflection_start: '2026-01-15',
        reflection_days: 90,
        permit_expires_on: null,
        shelter_ends_on: '2026-05-01',
      }),
    ).toEqual([
      { kind: 'reflection', endsOn: '2026-04-15' },
      { kind: 'shelter', endsOn: '2026-05-01' },
    ]);
    expect(
      deadlinesOf({ reflection_start: null, reflection_days: null, permit_expires_on: null, shelter_ends_on: null }),
    ).toEqual([]);
  });
});

describe('country codes (ISO 3166-1 alpha-2)', () => {
  it('knows real codes, XX and XS only where allowed, and nothing else', () => {
    expect(isCountryCode('RO')).toBe(true);
    expect(isCountryCode('NL')).toBe(true);
    expect(isCountryCode('XX')).toBe(false);
    expect(isCountryCode('XX', true)).toBe(true);
    expect(isCountryCode('XS', true)).toBe(true);
    expect(isCountryCode('QQ', true)).toBe(false);
    expect(isCountryCode('ro')).toBe(false);
    expect(isCountryCode('ROU')).toBe(false);
  });
});
