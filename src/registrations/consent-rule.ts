/**
 * domain.md §1.1: police, KMar and the Labour Inspectorate have a legal basis to report; every other reporter
 * needs the person's consent to register. Consent to share for care is needed whenever shelter or care is asked.
 */
const INVESTIGATIVE_REPORTERS = ['police', 'kmar', 'labour_inspectorate'] as const;

const isInvestigativeReporter = (reporterType: string) =>
  (INVESTIGATIVE_REPORTERS as readonly string[]).includes(reporterType);

/** Which consent the rule still misses for this registration (empty when it may be saved). */
export function missingConsents(r: {
  reporterType: string;
  consentRegistration: 'yes' | 'no' | '';
  consentCare: 'yes' | 'no' | '';
  asksCare: boolean;
}): ('registration' | 'care')[] {
  const out: ('registration' | 'care')[] = [];
  if (!isInvestigativeReporter(r.reporterType) && r.consentRegistration !== 'yes') out.push('registration');
  if (r.asksCare && r.consentCare !== 'yes') out.push('care');
  return out;
}
