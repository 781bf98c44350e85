import type { PageContext } from '../layout.js';
import { Flash } from '../layout.js';
import { Csrf, Field } from '../components/form.js';

export interface CareRegionValues {
  name: string;
  covers: string;
  coordinatorOrg: string;
  coordinatorEmail: string;
  hasCoordinator: boolean;
}

function RegionForm(props: {
  ctx: PageContext;
  id: number | null;
  values: CareRegionValues;
  errors?: Record<string, string | undefined>;
}) {
  const { t } = props.ctx;
  const v = props.values;
  const e = props.errors ?? {};
  const p = props.id === null ? 'new' : `r${props.id}`;
  return (
    <form method="post" action={props.id === null ? '/admin/care-regions' : `/admin/care-regions/${props.id}`}>
      <Csrf token={props.ctx.csrfToken} />
      <div class="grid">
        <Field id={`${p}-name`} label={t('care.name')} error={e.name}>
          <input id={`${p}-name`} name="name" value={v.name} maxlength={120} required />
        </Field>
        <Field id={`${p}-covers`} label={t('care.covers')} error={e.covers}>
          <input id={`${p}-covers`} name="covers" value={v.covers} maxlength={2000} />
        </Field>
        <Field id={`${p}-org`} label={t('care.org')} error={e.coordinatorOrg}>
          <input id={`${p}-org`} name="coordinatorOrg" value={v.coordinatorOrg} maxlength={200} />
        </Field>
        <Field id={`${p}-email`} label={t('care.email')} error={e.coordinatorEmail}>
          <input id={`${p}-email`} name="coordinatorEmail" type="email" value={v.coordinatorEmail} maxlength={254} />
        </Field>
        <div class="field">
          <label>
            <input type="checkbox" name="hasCoordinator" value="yes" checked={v.hasCoordinator} /> {t('care.has')}
          </label>
        </div>
      </div>
      <button type="submit">{t('care.save')}</button>
    </form>
  );
}

/** The admin's care-coordination regions: one form per region, and one to add a region. */
export function CareRegionsPage(props: {
  ctx: PageContext;
  regions: { id: number; values: CareRegionValues }[];
  newValues: CareRegionValues;
  errors?: { id: number | null; errors: Record<string, string | undefined> };
  flash?: { kind: 'ok' | 'error'; text: string };
}) {
  const { t } = props.ctx;
  const errs = (id: number | null) => (props.errors && props.errors.id === id ? props.errors.errors : undefined);
  return (
    <section>
      <h1>{t('care.title')}</h1>
      {props.flash && <Flash kind={props.flash.kind}>{props.flash.text}</Flash>}
      {props.regions.length === 0 && <p>{t('care.none')}</p>}
      {props.regions.map((r) => (
        <article class="care-region">
          <h2>{r.values.name}</h2>
          <RegionForm ctx={props.ctx} id={r.id} values={r.values} errors={errs(r.id)} />
        </article>
      ))}
      <h2>{t('care.add')}</h2>
      <RegionForm ctx={props.ctx} id={null} values={props.newValues} errors={errs(null)} />
    </section>
  );
}
