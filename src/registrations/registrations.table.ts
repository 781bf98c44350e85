import type { Generated } from 'kysely';

// The codes of docs/contract.md (fixed) and reference/domain.md §1; views use these lists for their selects.
export const REPORTER_TYPES = [
  'police',
  'kmar',
  'labour_inspectorate',
  'care_coordinator',
  'fairwork',
  'lawyer',
  'outpatient',
  'self',
  'shelter',
  'youth_care',
  'nidos',
  'coa',
  'ind',
  'municipality',
  'prosecution',
  'veilig_thuis',
  'health',
  'citizen',
  'foreign_org',
  'other',
  'unknown',
] as const;
export const REGIONS = [
  'noord-nederland',
  'oost-nederland',
  'midden-nederland',
  'noord-holland',
  'amsterdam',
  'den-haag',
  'rotterdam',
  'zeeland-west-brabant',
  'oost-brabant',
  'limburg',
  'landelijke-eenheid',
  'kmar',
  'labour-inspectorate',
  'unknown',
] as const;
export const GENDERS = ['female', 'male', 'other', 'unknown'] as const;
export const EXPLOITATION_FORMS = [
  'sexual',
  'labour',
  'criminal',
  'begging',
  'organ',
  'marriage',
  'adoption',
  'surrogacy',
  'unknown',
] as const;
export const SECTORS = [
  'window',
  'club',
  'home',
  'street',
  'escort',
  'hotel',
  'online',
  'agriculture',
  'domestic',
  'hospitality',
  'industry',
  'construction',
  'transport',
  'retail',
  'cleaning',
  'other_labour',
  'drugs',
  'property_crime',
  'fraud',
  'other_crime',
  // domain.md §1.4: the NRM's labour sectors and the 2024 signals study (issue 24)
  'horticulture',
  'fishing',
  'temp_agency',
  'not_yet_worked',
  'unknown',
] as const;
export const DOSSIER_TYPES = ['registration', 'registration_shelter', 'registration_advice'] as const;
export const PLACEMENTS = [
  'cosm',
  'omm',
  'women_shelter',
  'men_shelter',
  'social_shelter',
  'protected_minor',
  'youth_care',
  'emergency_bed',
  'outpatient',
  'none',
  'unknown',
] as const;
export const RESIDENCE_STATUSES = [
  'nl',
  'eu',
  'lawful_other',
  'unlawful',
  'asylum',
  'dublin',
  'reflection',
  'b8_3_permit',
  'humanitarian',
  'unknown',
] as const;
export const COMPLAINT = ['yes', 'no', 'unknown'] as const;
/** Yes / no / unknown: minor during exploitation, reflection period offered, other cooperation (domain §1.2). */
export const YES_NO_UNKNOWN = ['yes', 'no', 'unknown'] as const;
/** domain.md §1.2 item 23: the police or KMar offer the reflection period. */
export const REFLECTION_OFFERED_BY = ['police', 'kmar', 'unknown'] as const;
/** domain.md §1.2 item 22 (special-category data: codes only). */
export const CARE_NEEDS = [
  'medical',
  'psychological',
  'addiction',
  'intellectual_disability',
  'housing',
  'legal',
  'interpreter',
  'financial',
  'safety',
] as const;
/** How the age at registration was found (age-band.ts). */
const AGE_BASES = ['date_of_birth', 'age', 'birth_year', 'unknown'] as const;
export const AGE_BANDS = ['0-11', '12-17', '18-22', '23-29', '30-39', '40-49', '50+', 'unknown'] as const;
const DEADLINE_KINDS = ['reflection', 'permit', 'shelter'] as const;

export type AgeBand = (typeof AGE_BANDS)[number];
export type DeadlineKind = (typeof DEADLINE_KINDS)[number];
export type AgeBasis = (typeof AGE_BASES)[number];

export interface RegistrationTable {
  id: Generated<number>;
  reference: string | null;
  form_token: string;
  reported_on: string;
  dossier_type: string;
  reporter_type: string;
  reporter_org: string | null;
  region: string;
  care_region_id: number | null;
  consent_registration: number | null;
  consent_registration_on: string | null;
  consent_registration_by: string | null;
  consent_care: number | null;
  consent_care_on: string | null;
  consent_care_by: string | null;
  gender: string;
  birth_year: number | null;
  age_band: string;
  minor: number | null;
  country_of_origin: string | null;
  sector: string | null;
  /** the one form the figures count (primary-form.ts): marked primary, the only one, `combination` or `unknown` */
  primary_exploitation: Generated<string>;
  shelter_requested: number;
  care_requested: number;
  placement: string | null;
  reflection_start: string | null;
  reflection_days: number | null;
  permit_expires_on: string | null;
  shelter_ends_on: string | null;
  complaint: string;
  residence_status: string;
  notes: string;
  name_enc: string | null;
  dob_enc: string | null;
  phone_enc: string | null;
  email_enc: string | null;
  vnumber_enc: string | null;
  name_year_hash: string | null;
  phone_hash: string | null;
  routed_to: string | null;
  minor_at_exploitation: Generated<string>;
  sub3_case: Generated<number>;
  reflection_offered: Generated<string>;
  reflection_offered_by: string | null;
  reflection_override_reason: string | null;
  complaint_on: string | null;
  other_cooperation: Generated<string>;
  age_at_registration: number | null;
  age_basis: string | null;
  created_by: number | null;
  created_at: string;
  updated_at: string;
}
export interface CareRegionTable {
  id: Generated<number>;
  name: string;
  covers: string;
  coordinator_org: string;
  coordinator_email: string | null;
  has_coordinator: number;
  created_at: string;
  updated_at: string;
}

export interface RegistrationTables {
  registrations: RegistrationTable;
  registration_contacts: { registration_id: number; contact_id: number; linked_at: string; linked_by: number | null };
  registration_nationalities: { registration_id: number; code: string };
  registration_exploitation: { registration_id: number; form: string };
  registration_exploitation_countries: { registration_id: number; code: string };
  registration_care_needs: { registration_id: number; need: string };
  registration_dossier_types: {
    id: Generated<number>;
    registration_id: number;
    dossier_type: string;
    changed_at: string;
    changed_by: number | null;
  };
  registration_deadline_tasks: {
    registration_id: number;
    kind: string;
    ends_on: string;
    contact_id: number | null;
    raised_at: string;
  };
  care_regions: CareRegionTable;
  user_care_regions: { user_id: number; care_region_id: number };
}
