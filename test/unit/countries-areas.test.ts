import { describe, expect, it } from 'vitest';
import { countryName, countryOptions, isCountryCode } from '../../src/registrations/countries.js';
import { AREAS, homeFor, mayOpen, navFor } from '../../src/http/areas.js';
import { dayMonthYear } from '../../views/components/dates.js';

// Issue 23: countries by their common names, one table of areas and homes, DD-MM-YYYY.

describe('country names', () => {
  it.each([
    ['NG', 'Nigeria', 'Nigeria'],
    ['NL', 'Nederland', 'Netherlands'],
    ['RO', 'Roemenië', 'Romania'],
    ['GB', 'Verenigd Koninkrijk', 'United Kingdom'],
    ['US', 'Verenigde Staten', 'United States'],
    ['RU', 'Rusland', 'Russia'],
    ['SY', 'Syrië', 'Syria'],
    ['KN', 'Saint Kitts en Nevis', 'Saint Kitts and Nevis'],
    ['HK', 'Hongkong', 'Hong Kong'],
    ['XX', 'Onbekend', 'Unknown'],
    ['XS', 'Staatloos', 'Stateless'],
    ['ZZ', 'ZZ', 'ZZ'],
    ['<b>', '<b>', '<b>'],
  ])('names %s "%s" in Dutch and "%s" in English', (code, nl, en) => {
    expect(countryName(code, 'nl')).toBe(nl);
    expect(countryName(code, 'en')).toBe(en);
  });

  it('offers every country once, by common name, so typing "Nig" or "Nederl" finds the right one', () => {
    const nl = countryOptions('nl');
    expect(nl.length).toBeGreaterThan(240);
    expect(new Set(nl.map((o) => o.value)).size).toBe(nl.length);
    expect(nl.filter((o) => o.label.startsWith('Nig')).map((o) => o.label)).toEqual(['Niger', 'Nigeria']);
    expect(nl.find((o) => o.label.startsWith('Nederl'))).toEqual({ value: 'NL', label: 'Nederland', common: true });
    expect(nl.some((o) => /Roemeense Republiek|Koninkrijk der|Federale Republiek/.test(o.label))).toBe(false);
    expect(countryOptions('en').find((o) => o.value === 'GB')!.label).toBe('United Kingdom');
    expect(nl.every((o) => isCountryCode(o.value))).toBe(true);
  });
});

describe('areas and homes', () => {
  it.each([
    [['agent'], '/contacts'],
    [['legal'], '/routing/legal'],
    [['coordinator'], '/care'],
    [['supervisor'], '/statistics'],
    [['admin'], '/admin/users'],
    [['legal', 'agent'], '/routing/legal'],
    [['supervisor', 'agent', 'admin'], '/statistics'],
    [[], '/account'],
  ] as const)('sends %j home to %s', (roles, home) => {
    expect(homeFor(roles)).toBe(home);
  });

  it('shows in the navigation only what the routes let the roles open, developer tools only when on', () => {
    expect(navFor(['coordinator'], false).map((n) => n.href)).toEqual([
      '/answers',
      '/registrations',
      '/deadlines',
      '/care',
      '/account',
    ]);
    expect(navFor(['agent'], false).map((n) => n.href)).toContain('/email/outbox');
    expect(navFor(['agent'], false).map((n) => n.href)).not.toContain('/calls/simulate');
    expect(navFor(['agent'], true).map((n) => n.href)).toContain('/calls/simulate');
    expect(mayOpen(['legal'], 'outbox')).toBe(false);
    for (const n of navFor(['admin'], true)) expect(mayOpen(['admin'], n.area)).toBe(true);
    expect(Object.keys(AREAS).length).toBeGreaterThan(15);
  });
});

describe('dates', () => {
  it.each([
    ['2026-03-10', '10-03-2026'],
    ['2026-03-10T23:30:00Z', '10-03-2026'],
    ['', ''],
    [null, ''],
    ['soon', 'soon'],
  ])('writes %j as %j', (iso, shown) => {
    expect(dayMonthYear(iso)).toBe(shown);
  });
});
