import { expect } from 'vitest';
import { createRegistration, type NewRegistration } from '../../src/registrations/registrations.service.js';
import type { TestApp } from './test-app.js';

let token = 0;
/** A registration made through the real registrations service, as the form would save it; answers its id. */
export async function makeRegistration(t: TestApp, actorId: number, over: Partial<NewRegistration> = {}) {
  token += 1;
  const res = await createRegistration(
    t.deps,
    {
      contactId: null,
      formToken: `factory-token-${String(token).padStart(6, '0')}-${Date.now()}`,
      reportedOn: '2026-02-01',
      dossierType: 'registration_shelter',
      reporterType: 'police',
      reporterOrg: null,
      region: 'rotterdam',
      careRegionId: null,
      consentRegistration: null,
      consentRegistrationOn: null,
      consentRegistrationBy: null,
      consentCare: null,
      consentCareOn: null,
      consentCareBy: null,
      gender: 'female',
      birthYear: 1995,
      age: null,
      nationalities: ['RO'],
      countryOfOrigin: null,
      exploitation: ['sexual'],
      sector: null,
      exploitationCountries: [],
      shelterRequested: false,
      careRequested: false,
      placement: null,
      reflectionStart: null,
      reflectionDays: null,
      permitExpires: null,
      shelterEnds: null,
      complaint: 'unknown',
      residenceStatus: 'unknown',
      notes: '',
      name: null,
      dateOfBirth: null,
      phone: null,
      email: null,
      vNumber: null,
      duplicate: 'new',
      ...over,
    },
    { id: actorId, ip: null },
  );
  expect(res.kind).toBe('saved');
  if (res.kind !== 'saved') throw new Error('not saved');
  return res.id;
}
