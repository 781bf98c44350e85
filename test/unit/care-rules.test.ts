import { describe, expect, it } from 'vitest';
import { suggestProcedures, type ProcedureFacts } from '../../src/registrations/procedure-rule.js';
import { decideReferral, type ReferralFacts } from '../../src/registrations/referral-rule.js';

// reference/domain.md §3.1 (what each procedure is for and who it applies to) and §5.2 (sharing needs consent).

const person = (f: Partial<ProcedureFacts>): ProcedureFacts => ({
  nationalities: ['NG'],
  residenceStatus: 'unlawful',
  consentCare: true,
  minor: false,
  complaint: 'unknown',
  ...f,
});
const kinds = (f: Partial<ProcedureFacts>) => suggestProcedures(person(f)).map((s) => s.kind);

describe('the procedures suggested from a registration', () => {
  it.each([
    [
      'a Nigerian adult without lawful stay, consenting',
      {},
      [
        'police_report',
        'b8_3_permit',
        'living_allowance',
        'health_insurance',
        'cosm_placement',
        'legal_aid',
        'iom_return',
      ],
    ],
    [
      'the same person without consent to share: only what she starts herself',
      { consentCare: false },
      ['police_report', 'b8_3_permit', 'legal_aid'],
    ],
    ['consent not asked counts as no consent', { consentCare: null }, ['police_report', 'b8_3_permit', 'legal_aid']],
    [
      'a Dutch national: the report and legal aid only',
      { nationalities: ['NL'], residenceStatus: 'nl' },
      ['police_report', 'legal_aid'],
    ],
    [
      'a dual Dutch–Moroccan national counts as Dutch',
      { nationalities: ['MA', 'NL'], residenceStatus: 'unknown' },
      ['police_report', 'legal_aid'],
    ],
    [
      'an EU national: EU law first, so no B8/3, allowance or COSM; BRP with lawful stay',
      { nationalities: ['RO'], residenceStatus: 'eu' },
      ['police_report', 'brp', 'legal_aid'],
    ],
    [
      'a B8/3 permit holder: no new application nor COSM, registration in the BRP',
      { residenceStatus: 'b8_3_permit' },
      ['police_report', 'living_allowance', 'health_insurance', 'brp', 'legal_aid'],
    ],
    [
      'a Dublin claimant: never in the BRP, return with IOM offered',
      { nationalities: ['ER'], residenceStatus: 'dublin' },
      [
        'police_report',
        'b8_3_permit',
        'living_allowance',
        'health_insurance',
        'cosm_placement',
        'legal_aid',
        'iom_return',
      ],
    ],
    [
      'a foreign minor: Nidos as guardian, no COSM, allowance or insurance of her own',
      { minor: true, residenceStatus: 'asylum' },
      ['police_report', 'b8_3_permit', 'nidos_guardian', 'legal_aid'],
    ],
    [
      'a stateless person in the reflection period gets the third-country procedures',
      { nationalities: ['XS'], residenceStatus: 'reflection' },
      ['police_report', 'b8_3_permit', 'living_allowance', 'health_insurance', 'cosm_placement', 'legal_aid'],
    ],
    [
      'an unknown nationality is not taken for Dutch or EU (“at the slightest indication”)',
      { nationalities: [], residenceStatus: 'unknown' },
      ['police_report', 'b8_3_permit', 'living_allowance', 'health_insurance', 'cosm_placement', 'legal_aid'],
    ],
  ] as const)('%s', (_, facts, expected) => {
    expect(kinds(facts as Partial<ProcedureFacts>)).toEqual(expected);
  });

  it('marks the report and the B8/3 application applied once the offence was reported (one counts as the other)', () => {
    const s = suggestProcedures(person({ complaint: 'yes' }));
    expect(s.find((x) => x.kind === 'police_report')!.status).toBe('applied');
    expect(s.find((x) => x.kind === 'b8_3_permit')!.status).toBe('applied');
    expect(s.find((x) => x.kind === 'legal_aid')!.status).toBe('todo');
  });
});

const facts = (f: Partial<ReferralFacts>): ReferralFacts => ({
  state: 'none',
  consentCare: true,
  region: 'with_coordinator',
  closed: false,
  ...f,
});

describe('the referral’s state machine', () => {
  it.each([
    ['refer', { state: 'none' }, { ok: true, next: 'pending' }],
    ['refer', { state: 'returned' }, { ok: true, next: 'pending' }],
    ['refer', { region: 'without_coordinator' }, { ok: true, next: 'centre' }],
    ['refer', { consentCare: false }, { ok: false, status: 422, refusal: 'no_consent' }],
    ['refer', { consentCare: null }, { ok: false, status: 422, refusal: 'no_consent' }],
    ['refer', { consentCare: false, state: 'pending' }, { ok: false, status: 422, refusal: 'no_consent' }],
    ['refer', { region: 'none' }, { ok: false, status: 422, refusal: 'no_region' }],
    ['refer', { state: 'pending' }, { ok: false, status: 409, refusal: 'already_pending' }],
    ['refer', { state: 'accepted' }, { ok: false, status: 409, refusal: 'already_accepted' }],
    ['refer', { closed: true }, { ok: false, status: 409, refusal: 'closed' }],
    ['accept', { state: 'pending' }, { ok: true, next: 'accepted' }],
    ['accept', { state: 'accepted' }, { ok: false, status: 409, refusal: 'not_pending' }],
    ['accept', { state: 'returned' }, { ok: false, status: 409, refusal: 'not_pending' }],
    ['accept', { state: 'none' }, { ok: false, status: 409, refusal: 'not_pending' }],
    ['return', { state: 'pending', reason: 'Geen plek in de regio' }, { ok: true, next: 'returned' }],
    ['return', { state: 'pending', reason: '' }, { ok: false, status: 422, refusal: 'reason_required' }],
    ['return', { state: 'pending', reason: 'x'.repeat(1001) }, { ok: false, status: 422, refusal: 'reason_too_long' }],
    ['return', { state: 'pending', reason: 'x'.repeat(1000) }, { ok: true, next: 'returned' }],
    ['return', { state: 'accepted', reason: 'te laat' }, { ok: false, status: 409, refusal: 'not_pending' }],
  ] as const)('%s from %j answers %j', (event, f, expected) => {
    expect(decideReferral(event, facts(f as Partial<ReferralFacts>))).toEqual(expected);
  });
});
