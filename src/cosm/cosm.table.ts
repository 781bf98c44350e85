import type { Generated } from 'kysely';

// COSM placements (issue 26; reference/domain.md §0, §3.1): codes used by the forms, the rules and the figures.

/** Kinds of places a COSM shelter offers; a request fits a shelter whose kinds include the person's (cosm-rules.ts). */
export const PLACE_KINDS = ['women', 'men', 'other_gender', 'minors', 'mother_child', 'accessible'] as const;
/** How urgently a place is needed: `acute` is no safe place to sleep tonight. The waiting list's first key. */
export const URGENCIES = ['acute', 'high', 'normal'] as const;
/** Why a shelter (or the person) declined an offer: the refusal figures count these. */
export const REFUSAL_REASONS = [
  'no_place',
  'safety',
  'care_needs',
  'addiction',
  'psychiatric',
  'gender',
  'language',
  'person_declined',
  'other',
] as const;

export type PlaceKind = (typeof PLACE_KINDS)[number];

export interface CosmShelterTable {
  id: Generated<number>;
  name: string;
  region: string;
  kinds: string;
  places: number;
  free_places: number;
  active: number;
  created_at: string;
  updated_at: string;
}

export interface CosmRequestTable {
  id: Generated<number>;
  registration_id: number;
  status: Generated<string>;
  urgency: string;
  gender: string;
  minor: number;
  care_needs: string;
  interpreter: string | null;
  safety_risk: number;
  requested_at: string;
  requested_on: string;
  wanted_shelter_id: number | null;
  shelter_id: number | null;
  offered_at: string | null;
  placed_on: string | null;
  start_on: string | null;
  end_on: string | null;
  ended_on: string | null;
  raised_contact_id: number | null;
  created_by: number | null;
  updated_at: string;
  version: Generated<number>;
}

export interface CosmOfferTable {
  id: Generated<number>;
  request_id: number;
  shelter_id: number;
  offered_at: string;
  offered_by: number | null;
  answer: string | null;
  reason: string | null;
  answered_at: string | null;
  answered_on: string | null;
}

export interface CosmTables {
  cosm_shelters: CosmShelterTable;
  cosm_requests: CosmRequestTable;
  cosm_offers: CosmOfferTable;
}
