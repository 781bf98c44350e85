import { Hono, type Context } from 'hono';
import type { Deps } from '../deps.js';
import type { AppEnv } from '../http/app-env.js';
import { page, pageContext } from '../http/render.js';
import { seeOther } from '../http/htmx.js';
import { requireRole } from '../http/session.js';
import { areaRoles, mayOpen } from '../http/areas.js';
import { clientIp } from '../http/request.js';
import { formId, parseId } from '../http/params.js';
import { AppError } from '../shared/app-error.js';
import { isUniqueViolation } from '../db/errors.js';
import { RegistrationFormPage, type RegistrationFormProps } from '../../views/registrations/registration-form.js';
import { DeadlinesPage, RegistrationListPage, RegistrationPage } from '../../views/registrations/registration-page.js';
import { CareRegionsPage, type CareRegionValues } from '../../views/registrations/care-regions.js';
import { countryName, countryOptions } from './countries.js';
import { careCaseOf } from './care-case.service.js';
import { registrationPanels } from './registration-page.plugin.js';
import {
  parseRegistrationForm,
  parseRegistrationUpdate,
  reflectionErrors,
  type RegistrationFormValues,
  type RegistrationUpdateValues,
} from './registrations.form.js';
import { careRegionIds, createRegistration, localToday, registrationFormFor } from './registrations.service.js';
import { updateRegistration } from './registration-update.service.js';
import { linkContactByReference, registrationList, viewRegistration } from './registration-read.service.js';
import { careRegions, saveCareRegion } from './care-regions.service.js';
import { deadlineList } from './deadlines.service.js';

const optionalId = (s: string | undefined) => {
  if (s === undefined || s === '') return null;
  return parseId(s);
};

/**
 * Registrations of possible victims (docs/product.md §7): agents and supervisors register and read every registration;
 * a coordinator reads only those of their care regions (others answer 404). Every view is audited.
 */
export function registrationsRoutes(deps: Deps) {
  const r = new Hono<AppEnv>();
  r.use(requireRole(...areaRoles('registrations')));
  const registers = requireRole('agent', 'supervisor');
  const actor = (c: Context<AppEnv>) => ({ id: c.get('user')!.id, ip: clientIp(c) });

  async function formPage(
    c: Context<AppEnv>,
    form: Awaited<ReturnType<typeof registrationFormFor>>,
    extra: Partial<RegistrationFormProps> = {},
    status: 200 | 409 | 422 = 200,
  ) {
    const ctx = pageContext(c, deps);
    return page(
      c,
      deps,
      c.get('t')('reg.new.title'),
      <RegistrationFormPage
        ctx={ctx}
        values={form.values}
        contact={form.contact}
        regions={form.regions}
        countries={countryOptions(ctx.locale)}
        {...extra}
      />,
      status,
    );
  }

  r.get('/', async (c) => {
    const rows = await registrationList(deps, c.get('user')!, clientIp(c), c.get('locale'));
    return page(c, deps, c.get('t')('reg.title'), <RegistrationListPage ctx={pageContext(c, deps)} rows={rows} />);
  });

  r.get('/new', registers, async (c) => {
    const form = await registrationFormFor(deps, optionalId(c.req.query('contact')));
    return formPage(c, form);
  });

  r.post('/', registers, async (c) => {
    const t = c.get('t');
    const body = await c.req.parseBody({ all: true });
    const parsed = parseRegistrationForm(body, t, localToday(deps), await careRegionIds(deps));
    const contactId = formId(parsed.values.contact);
    // The form as it was sent, around the contact it came from (an unknown contact answers 404 here).
    const again = async () => {
      const form = await registrationFormFor(deps, contactId);
      return { ...form, values: { ...parsed.values, formToken: parsed.values.formToken || form.values.formToken } };
    };
    if (!parsed.ok) return formPage(c, await again(), { errors: parsed.errors }, 422);
    const result = await createRegistration(deps, parsed.input, actor(c));
    const another = typeof body.another === 'string' && body.another !== '';
    if (result.kind === 'duplicate') return formPage(c, await again(), { duplicates: result.earlier, another }, 409);
    if (another) {
      const next = await registrationFormFor(deps, contactId, parsed.values as RegistrationFormValues);
      const text =
        result.kind === 'linked'
          ? t('reg.linked', { ref: result.reference })
          : t('reg.savedAnother', { ref: result.reference });
      return formPage(c, next, { flash: { kind: 'ok', text } });
    }
    return seeOther(c, `/registrations/${result.id}?saved=1`);
  });

  r.post('/link', registers, async (c) => {
    const body = await c.req.parseBody();
    const contact = parseId(typeof body.contact === 'string' ? body.contact : undefined);
    const reference = typeof body.reference === 'string' ? body.reference.slice(0, 40) : '';
    const id = await linkContactByReference(deps, contact, reference, actor(c));
    if (id === null) throw new AppError('registration_reference_unknown', c.get('t')('reg.link.notFound'));
    return seeOther(c, `/contacts/${contact}`);
  });

  async function registrationPage(
    c: Context<AppEnv>,
    id: number,
    extra: {
      flashKey?: 'reg.saved' | 'reg.updated';
      update?: { values: RegistrationUpdateValues; errors: Record<string, string> };
    } = {},
    status: 200 | 422 = 200,
  ) {
    const v = await viewRegistration(deps, id, c.get('user')!, clientIp(c));
    const ctx = pageContext(c, deps);
    const row = v.row;
    return page(
      c,
      deps,
      row.reference ?? '',
      <RegistrationPage
        ctx={ctx}
        flash={
          extra.flashKey ? { kind: 'ok', text: c.get('t')(extra.flashKey, { ref: row.reference ?? '' }) } : undefined
        }
        reg={{
          id: row.id,
          reference: row.reference ?? '',
          reportedOn: row.reported_on,
          dossierType: row.dossier_type,
          reporterType: row.reporter_type,
          reporterOrg: row.reporter_org,
          region: row.region,
          careRegion: v.careRegionName,
          consentRegistration: row.consent_registration,
          consentRegistrationOn: row.consent_registration_on,
          consentCare: row.consent_care,
          consentCareOn: row.consent_care_on,
          gender: row.gender,
          birthYear: row.birth_year,
          ageBand: row.age_band,
          minor: row.minor,
          nationalities: v.nationalities,
          countryOfOrigin: row.country_of_origin,
          exploitation: v.exploitation,
          primaryExploitation: row.primary_exploitation,
          sector: row.sector,
          exploitationCountries: v.countries,
          shelterRequested: row.shelter_requested,
          careRequested: row.care_requested,
          placement: row.placement,
          complaint: row.complaint,
          residenceStatus: row.residence_status,
          notes: row.notes,
          routedTo: row.routed_to,
          minorAtExploitation: row.minor_at_exploitation,
          sub3Case: row.sub3_case,
          careNeeds: v.careNeeds,
          ageAtRegistration: row.age_at_registration,
          ageBasis: row.age_basis,
          reflectionOffered: row.reflection_offered,
          reflectionOfferedBy: row.reflection_offered_by,
          reflectionOverrideReason: row.reflection_override_reason,
          complaintOn: row.complaint_on,
          otherCooperation: row.other_cooperation,
        }}
        dossierHistory={v.dossierHistory}
        update={extra.update ?? { values: v.updateValues, errors: {} }}
        identifiersShown={v.identifiersShown}
        identifiers={v.identifiers}
        contacts={v.contacts}
        contactsOpen={mayOpen(c.get('user')!.roles, 'inbox')}
        deadlines={v.deadlines}
        care={await careCaseOf(deps, id, c.get('user')!)}
        countryName={(code) => countryName(code, ctx.locale)}
        panels={await registrationPanels(deps, row, ctx)}
      />,
      status,
    );
  }

  r.get('/:id', async (c) => {
    const id = parseId(c.req.param('id'));
    const saved = c.req.query('saved');
    return registrationPage(c, id, {
      flashKey: saved ? (saved === 'update' ? 'reg.updated' : 'reg.saved') : undefined,
    });
  });

  r.post('/:id', async (c) => {
    const id = parseId(c.req.param('id'));
    const form = parseRegistrationUpdate(await c.req.parseBody(), c.get('t'), localToday(deps));
    if (!form.ok) return registrationPage(c, id, { update: { values: form.values, errors: form.errors } }, 422);
    const { problems } = await updateRegistration(deps, id, form.input, c.get('user')!, clientIp(c));
    if (problems.length)
      return registrationPage(
        c,
        id,
        { update: { values: form.values, errors: reflectionErrors(problems, c.get('t')) } },
        422,
      );
    return seeOther(c, `/registrations/${id}?saved=update`);
  });
  return r;
}

/** `/deadlines`: every registered person's deadlines the user may see, what runs out first on top. */
export function deadlinesRoutes(deps: Deps) {
  const r = new Hono<AppEnv>();
  r.use(requireRole(...areaRoles('deadlines')));
  r.get('/', async (c) => {
    const rows = await deadlineList(deps, c.get('user')!, clientIp(c));
    return page(c, deps, c.get('t')('deadlines.title'), <DeadlinesPage ctx={pageContext(c, deps)} rows={rows} />);
  });
  return r;
}

/** `/admin/care-regions`: the admin keeps the care-coordination regions. */
export function careRegionsRoutes(deps: Deps) {
  const r = new Hono<AppEnv>();
  r.use(requireRole(...areaRoles('careRegions')));
  const empty: CareRegionValues = {
    name: '',
    covers: '',
    coordinatorOrg: '',
    coordinatorEmail: '',
    hasCoordinator: false,
  };
  async function render(
    c: Context<AppEnv>,
    extra: { errors?: { id: number | null; errors: Record<string, string> }; newValues?: CareRegionValues } = {},
    status: 200 | 422 = 200,
  ) {
    const rows = await careRegions(deps);
    const t = c.get('t');
    return page(
      c,
      deps,
      t('care.title'),
      <CareRegionsPage
        ctx={pageContext(c, deps)}
        regions={rows.map((x) => ({
          id: x.id,
          values: {
            name: x.name,
            covers: x.covers,
            coordinatorOrg: x.coordinator_org,
            coordinatorEmail: x.coordinator_email ?? '',
            hasCoordinator: x.has_coordinator === 1,
          },
        }))}
        newValues={extra.newValues ?? empty}
        errors={extra.errors}
        flash={c.req.query('saved') ? { kind: 'ok', text: t('care.saved') } : undefined}
      />,
      status,
    );
  }
  const parse = (c: Context<AppEnv>, b: Record<string, unknown>) => {
    const t = c.get('t');
    const s = (k: string) => (typeof b[k] === 'string' ? (b[k] as string).trim() : '');
    const values: CareRegionValues = {
      name: s('name'),
      covers: s('covers'),
      coordinatorOrg: s('coordinatorOrg'),
      coordinatorEmail: s('coordinatorEmail').toLowerCase(),
      hasCoordinator: s('hasCoordinator') === 'yes',
    };
    const errors: Record<string, string> = {};
    if (!values.name) errors.name = t('field.required');
    if (values.name.length > 120) errors.name = t('field.tooLong', { max: 120 });
    if (values.covers.length > 2000) errors.covers = t('field.tooLong', { max: 2000 });
    if (values.coordinatorOrg.length > 200) errors.coordinatorOrg = t('field.tooLong', { max: 200 });
    if (values.coordinatorEmail && !/^[^\s@]{1,64}@[^\s@]{1,189}\.[^\s@]{2,}$/.test(values.coordinatorEmail))
      errors.coordinatorEmail = t('reg.error.email');
    if (values.hasCoordinator && !values.coordinatorEmail) errors.coordinatorEmail = t('care.error.email');
    return { values, errors };
  };
  const save = async (c: Context<AppEnv>, id: number | null) => {
    const { values, errors } = parse(c, await c.req.parseBody());
    if (Object.keys(errors).length)
      return render(c, { errors: { id, errors }, newValues: id === null ? values : undefined }, 422);
    try {
      await saveCareRegion(
        deps,
        id,
        { ...values, coordinatorEmail: values.coordinatorEmail || null },
        { id: c.get('user')!.id, ip: clientIp(c) },
      );
    } catch (err) {
      if (isUniqueViolation(err))
        return render(
          c,
          {
            errors: { id, errors: { name: c.get('t')('care.error.taken') } },
            newValues: id === null ? values : undefined,
          },
          422,
        );
      throw err;
    }
    return seeOther(c, '/admin/care-regions?saved=1');
  };
  r.get('/', (c) => render(c));
  r.post('/', (c) => save(c, null));
  r.post('/:id', (c) => save(c, parseId(c.req.param('id'))));
  return r;
}
