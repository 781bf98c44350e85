import { nationalityGroup } from './nationality-group.js';
import type { ProcedureKind } from './care-case.table.js';

/** What the suggestion reads from a registration. */
export interface ProcedureFacts {
  nationalities: string[];
  residenceStatus: string;
  /** consent to share for care: true, false, or null when it was not asked */
  consentCare: boolean | null;
  /** null: not known (treated as an adult) */
  minor: boolean | null;
  /** `yes` when the person reported the offence (aangifte) */
  complaint: string;
}

export interface SuggestedProcedure {
  kind: ProcedureKind;
  /** `applied` where the registration shows it was started already (a report counts as the B8/3 application) */
  status: 'todo' | 'applied';
}

/** Residence statuses that are a permit already: no B8/3 application, no COSM placement in the reflection period. */
const PERMITS = ['b8_3_permit', 'humanitarian'];
/** Lawful residence, which municipal registration (BRP) requires (domain.md §3.1.7); Dublin cases are not registered. */
const LAWFUL = ['b8_3_permit', 'humanitarian', 'lawful_other', 'eu'];

/**
 * The procedures a coordinator should consider for one person, from reference/domain.md §3.1 and §5.2:
 * - reporting to the police and legal aid: always (the person decides; both start with the person herself);
 * - the B8/3 residence application: for a third-country national (also stateless or nationality unknown, "at the
 *   slightest indication") without a permit yet; already `applied` once the offence was reported (§3.1.2);
 * - and only with consent to share for care, because each means passing the person's data on (§5.2):
 *   the living allowance (Rvb via COA, bijstand with a permit) and health insurance for a third-country adult
 *   (§3.1.1, §3.1.6; a foreign minor gets both through Nidos' Beschermde Opvang), registration in the BRP for
 *   lawful residence (§3.1.7), a COSM placement for a third-country adult without a permit (§3.1.1), Nidos as
 *   guardian for a foreign minor (§3.1.4), and return with IOM for a foreign national without lawful stay (§3.1.8).
 * A Dutch national (any nationality NL, or residence `nl`) gets only the first two; EU law comes first for an
 * EU/EEA/Swiss national (§3.1.1), so no B8/3 application, allowance or COSM placement is suggested.
 */
export function suggestProcedures(f: ProcedureFacts): SuggestedProcedure[] {
  const groups = f.nationalities.map(nationalityGroup);
  const dutch = groups.includes('nl') || f.residenceStatus === 'nl';
  const eu = !dutch && (groups.includes('eu') || f.residenceStatus === 'eu');
  const thirdCountry = !dutch && !eu;
  const sharing = f.consentCare === true;
  const minor = f.minor === true;
  const reported = f.complaint === 'yes';
  const out: SuggestedProcedure[] = [{ kind: 'police_report', status: reported ? 'applied' : 'todo' }];
  if (thirdCountry && !PERMITS.includes(f.residenceStatus))
    out.push({ kind: 'b8_3_permit', status: reported ? 'applied' : 'todo' });
  if (sharing) {
    if (thirdCountry && !minor) {
      out.push({ kind: 'living_allowance', status: 'todo' });
      out.push({ kind: 'health_insurance', status: 'todo' });
    }
    if (!dutch && LAWFUL.includes(f.residenceStatus)) out.push({ kind: 'brp', status: 'todo' });
    if (thirdCountry && !minor && !PERMITS.includes(f.residenceStatus))
      out.push({ kind: 'cosm_placement', status: 'todo' });
    if (!dutch && minor) out.push({ kind: 'nidos_guardian', status: 'todo' });
  }
  out.push({ kind: 'legal_aid', status: 'todo' });
  if (sharing && !dutch && (f.residenceStatus === 'unlawful' || f.residenceStatus === 'dublin'))
    out.push({ kind: 'iom_return', status: 'todo' });
  return out;
}
