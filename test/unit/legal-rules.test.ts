import { describe, expect, it } from 'vitest';
import { EU_EEA_CH, EU_MEMBER_STATES, nationalityGroup } from '../../src/registrations/nationality-group.js';
import {
  decideReflection,
  reflectionDaysFor,
  reflectionNationalityRule,
  type ReflectionInput,
} from '../../src/registrations/reflection-rule.js';
import { addDays, deadlinesOf } from '../../src/registrations/deadlines.js';
import { minorAtExploitation } from '../../src/registrations/age-band.js';
import { EU_OTHER, nationalityGroup as statsGroup } from '../../src/statistics/dimensions.js';
import { classify } from '../../src/routing/classifier.js';

const topicsOf = (text: string) => classify(text).topics.map((t) => t.topic);

// reference/domain.md §3.1.1 (Vc B8/3, WBV 2023/11) and §1.2 item 14.

describe('the reflection period’s length', () => {
  it.each([
    ['dublin', 30],
    ['asylum', 90],
    ['unlawful', 90],
    ['lawful_other', 90], // since 18 May 2023: lawful residence does not take the 90 days away
    ['unknown', 90],
  ] as const)('a person with residence status %s gets %i days', (status, days) => {
    expect(reflectionDaysFor(status)).toBe(days);
  });

  it('ends a Dublin claimant’s period starting 2026-12-01 on 2026-12-31, not on 2027-03-01', () => {
    const days = reflectionDaysFor('dublin');
    expect(addDays('2026-12-01', days)).toBe('2026-12-31');
    expect(
      deadlinesOf({
        reflection_start: '2026-12-01',
        reflection_days: days,
        permit_expires_on: null,
        shelter_ends_on: null,
      }),
    ).toEqual([{ kind: 'reflection', endsOn: '2026-12-31' }]);
  });
});

describe('which nationalities a reflection period fits', () => {
  it.each([
    [['NG'], 'unlawful', 'ok'],
    [['UA'], 'lawful_other', 'ok'],
    [['XS'], 'unknown', 'ok'],
    [['XX'], 'unknown', 'ok'],
    [[], 'unknown', 'ok'],
    [['NL'], 'unknown', 'refuse'],
    [['NG', 'NL'], 'unlawful', 'refuse'], // a second, Dutch, nationality: B8/3 is for aliens
    [[], 'nl', 'refuse'],
    [['PL'], 'unknown', 'warn'],
    [['RO', 'NG'], 'unlawful', 'warn'], // EU law first
    [['NO'], 'unknown', 'warn'],
    [['IS'], 'unknown', 'warn'],
    [['LI'], 'unknown', 'warn'],
    [['CH'], 'unknown', 'warn'],
    [[], 'eu', 'warn'],
    [['GB'], 'unknown', 'ok'], // no longer in the EU or the EEA
  ] as const)('nationalities %j with residence status %s: %s', (nationalities, status, rule) => {
    expect(reflectionNationalityRule(nationalities, status)).toBe(rule);
  });
});

describe('deciding a reflection period', () => {
  const base: ReflectionInput = {
    start: '2026-12-01',
    days: null,
    residenceStatus: 'unlawful',
    nationalities: ['NG'],
    overrideReason: '',
    euConfirmed: false,
    offered: 'unknown',
  };
  const cases: [
    string,
    Partial<ReflectionInput>,
    { days: 30 | 90 | null; problems: string[]; reason?: string | null },
  ][] = [
    ['a third-country national, length left to the rule', {}, { days: 90, problems: [] }],
    ['a Dublin claimant, length left to the rule', { residenceStatus: 'dublin' }, { days: 30, problems: [] }],
    ['a Dublin claimant given 30 days', { residenceStatus: 'dublin', days: 30 }, { days: 30, problems: [] }],
    [
      'a Dublin claimant given 90 days without a reason',
      { residenceStatus: 'dublin', days: 90 },
      { days: 90, problems: ['dublinNeedsReason'] },
    ],
    [
      'a Dublin claimant given 90 days with a blank reason',
      { residenceStatus: 'dublin', days: 90, overrideReason: '   ' },
      { days: 90, problems: ['dublinNeedsReason'] },
    ],
    [
      'a Dublin claimant given 90 days with a reason',
      { residenceStatus: 'dublin', days: 90, overrideReason: 'OM needs the person here' },
      { days: 90, problems: [], reason: 'OM needs the person here' },
    ],
    [
      'a reason without a Dublin override is not kept',
      { days: 90, overrideReason: 'why not' },
      { days: 90, problems: [], reason: null },
    ],
    [
      'an asylum seeker given 30 days',
      { residenceStatus: 'asylum', days: 30 },
      { days: 30, problems: ['thirtyNotDublin'] },
    ],
    [
      '30 days while the residence status is unknown',
      { residenceStatus: 'unknown', days: 30 },
      { days: 30, problems: [] },
    ],
    ['a Dutch national', { nationalities: ['NL'] }, { days: 90, problems: ['dutchNational'] }],
    ['a Polish national, not confirmed', { nationalities: ['PL'] }, { days: 90, problems: ['euNational'] }],
    ['a Polish national, confirmed', { nationalities: ['PL'], euConfirmed: true }, { days: 90, problems: [] }],
    ['a Swiss national, not confirmed', { nationalities: ['CH'] }, { days: 90, problems: ['euNational'] }],
    ['a start while marked not offered', { offered: 'no' }, { days: 90, problems: ['notOffered'] }],
    ['no start at all', { start: null, nationalities: ['NL'], days: 90 }, { days: null, problems: [] }],
    [
      'an override reason of 501 characters',
      { residenceStatus: 'dublin', days: 90, overrideReason: 'x'.repeat(501) },
      { days: 90, problems: ['reasonTooLong'] },
    ],
  ];
  for (const [what, change, want] of cases)
    it(`${what}: ${want.days ?? 'no'} days${want.problems.length ? `, refused (${want.problems})` : ''}`, () => {
      const d = decideReflection({ ...base, ...change });
      expect(d.days).toBe(want.days);
      expect(d.problems).toEqual(want.problems);
      if (want.reason !== undefined) expect(d.overrideReason).toBe(want.reason);
    });

  it('records a start date as offered, and keeps the EU/EEA/CH confirmation only where it applies', () => {
    expect(decideReflection(base).offered).toBe('yes');
    expect(decideReflection({ ...base, start: null, offered: 'no' }).offered).toBe('no');
    expect(decideReflection({ ...base, nationalities: ['DE'], euConfirmed: true }).euFallback).toBe(true);
    expect(decideReflection({ ...base, euConfirmed: true }).euFallback).toBe(false);
  });
});

describe('EU/EEA/CH as one nationality group', () => {
  it('holds the 27 member states, Iceland, Liechtenstein, Norway and Switzerland', () => {
    expect(EU_MEMBER_STATES).toHaveLength(27);
    expect(EU_EEA_CH).toHaveLength(31);
    expect(new Set(EU_EEA_CH).size).toBe(31);
    expect(EU_OTHER).toHaveLength(30);
    expect(EU_OTHER).not.toContain('NL');
  });

  it.each([
    ['NL', 'nl'],
    ['RO', 'eu'],
    ['GR', 'eu'],
    ['NO', 'eu'],
    ['IS', 'eu'],
    ['LI', 'eu'],
    ['CH', 'eu'],
    ['GB', 'non_eu'],
    ['TR', 'non_eu'],
    ['NG', 'non_eu'],
    ['XS', 'stateless'],
    ['XX', 'unknown'],
    ['nl', 'unknown'],
  ])('%s is in group %s, in the statistics too', (code, group) => {
    expect(nationalityGroup(code)).toBe(group);
    expect(statsGroup(code)).toBe(group);
  });
});

describe('the routing lexicon’s EU topic knows every EU/EEA/Swiss nationality, in Dutch and English', () => {
  // ISO code → [Dutch adjective, English adjective]
  const NATIONALITIES: Record<string, [string, string]> = {
    AT: ['Oostenrijkse', 'Austrian'],
    BE: ['Belgische', 'Belgian'],
    BG: ['Bulgaarse', 'Bulgarian'],
    HR: ['Kroatische', 'Croatian'],
    CY: ['Cypriotische', 'Cypriot'],
    CZ: ['Tsjechische', 'Czech'],
    DK: ['Deense', 'Danish'],
    EE: ['Estische', 'Estonian'],
    FI: ['Finse', 'Finnish'],
    FR: ['Franse', 'French'],
    DE: ['Duitse', 'German'],
    GR: ['Griekse', 'Greek'],
    HU: ['Hongaarse', 'Hungarian'],
    IE: ['Ierse', 'Irish'],
    IT: ['Italiaanse', 'Italian'],
    LV: ['Letse', 'Latvian'],
    LT: ['Litouwse', 'Lithuanian'],
    LU: ['Luxemburgse', 'Luxembourgish'],
    MT: ['Maltese', 'Maltese'],
    PL: ['Poolse', 'Polish'],
    PT: ['Portugese', 'Portuguese'],
    RO: ['Roemeense', 'Romanian'],
    SK: ['Slowaakse', 'Slovak'],
    SI: ['Sloveense', 'Slovenian'],
    ES: ['Spaanse', 'Spanish'],
    SE: ['Zweedse', 'Swedish'],
    IS: ['IJslandse', 'Icelandic'],
    LI: ['Liechtensteinse', 'Liechtensteiner'],
    NO: ['Noorse', 'Norwegian'],
    CH: ['Zwitserse', 'Swiss'],
  };

  it('has a Dutch and an English word for each of the 30 other EU/EEA/CH states', () => {
    expect(Object.keys(NATIONALITIES).sort()).toEqual([...EU_OTHER].sort());
  });

  it.each(Object.entries(NATIONALITIES))('%s: "%s" and its English word set the EU topic', (_code, [nl, en]) => {
    expect(topicsOf(`Wij hebben een ${nl} vrouw die is uitgebuit.`)).toContain('eu');
    expect(topicsOf(`We have a ${en} woman who was exploited.`)).toContain('eu');
  });

  it.each([
    'Mijn cliënt heeft een Dublinclaim op Italië.',
    'My client is a Dublin claimant (Italy).',
    'Wij hebben een bewoner in het azc met een Dublinclaim op Spanje.',
    'Hij heeft letsel opgelopen op het werk.',
  ])('does not read a transfer country or a look-alike word as an EU citizen: "%s"', (text) => {
    expect(topicsOf(text)).not.toContain('eu');
  });

  it.each(['Zij komt uit Spanje en werkt hier.', 'She is from Norway and works here.'])(
    'reads "%s" as an EU/EEA citizen',
    (text) => {
      expect(topicsOf(text)).toContain('eu');
    },
  );
});

describe('minor during exploitation (domain §1.2 item 12)', () => {
  it.each([
    ['unknown', true, 'yes', false],
    ['yes', true, 'yes', false],
    ['no', true, 'yes', true],
    ['no', false, 'no', false],
    ['yes', false, 'yes', false],
    ['unknown', false, 'unknown', false],
    ['unknown', null, 'unknown', false],
  ] as const)('given %s, minor at registration %s: %s (contradiction %s)', (given, minorNow, value, contradiction) => {
    expect(minorAtExploitation(given, minorNow)).toEqual({ value, contradiction });
  });
});
