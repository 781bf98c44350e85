import type { PageContext } from '../layout.js';
import { Flash } from '../layout.js';
import { Csrf, Field } from '../components/form.js';
import type { MessageKey } from '../../src/i18n/i18n.js';
import { PLACE_KINDS } from '../../src/cosm/cosm.table.js';
import type { ShelterValues } from '../../src/cosm/cosm.form.js';

function ShelterForm(props: {
  ctx: PageContext;
  id: number | null;
  values: ShelterValues;
  errors?: Record<string, string | undefined>;
}) {
  const { t } = props.ctx;
  const v = props.values;
  const e = props.errors ?? {};
  const p = props.id === null ? 'shelter-new' : `shelter-${props.id}`;
  return (
    <form method="post" action={props.id === null ? '/admin/cosm-shelters' : `/admin/cosm-shelters/${props.id}`}>
      <Csrf token={props.ctx.csrfToken} />
      <div class="grid">
        <Field id={`${p}-name`} label={t('cosm.shelter.name')} error={e.name}>
          <input id={`${p}-name`} name="name" value={v.name} maxlength={120} required />
        </Field>
        <Field id={`${p}-region`} label={t('cosm.shelter.region')} error={e.region}>
          <input id={`${p}-region`} name="region" value={v.region} maxlength={120} />
        </Field>
        <Field id={`${p}-places`} label={t('cosm.shelter.places')} error={e.places}>
          <input id={`${p}-places`} name="places" value={v.places} inputmode="numeric" maxlength={4} required />
        </Field>
        <Field id={`${p}-free`} label={t('cosm.shelter.freePlaces')} error={e.freePlaces}>
          <input id={`${p}-free`} name="freePlaces" value={v.freePlaces} inputmode="numeric" maxlength={4} required />
        </Field>
        <fieldset>
          <legend>{t('cosm.shelter.kinds')}</legend>
          {PLACE_KINDS.map((k) => (
            <label>
              <input type="checkbox" name="kinds" value={k} checked={v.kinds.includes(k)} />{' '}
              {t(`cosm.kind.${k}` as MessageKey)}
            </label>
          ))}
          {e.kinds && <small class="error">{e.kinds}</small>}
        </fieldset>
        <div class="field">
          <label>
            <input type="checkbox" name="active" value="yes" checked={v.active} /> {t('cosm.shelter.active')}
          </label>
        </div>
      </div>
      <button type="submit">{t('cosm.shelter.save')}</button>
    </form>
  );
}

/** The admin's COSM shelters: one form per shelter (places and free places), and one to add a shelter. */
export function SheltersPage(props: {
  ctx: PageContext;
  shelters: { id: number; values: ShelterValues }[];
  newValues: ShelterValues;
  errors?: { id: number | null; errors: Record<string, string | undefined> };
  flash?: { kind: 'ok' | 'error'; text: string };
}) {
  const { t } = props.ctx;
  const errs = (id: number | null) => (props.errors && props.errors.id === id ? props.errors.errors : undefined);
  return (
    <section>
      <h1>{t('cosm.shelters.title')}</h1>
      {props.flash && <Flash kind={props.flash.kind}>{props.flash.text}</Flash>}
      {props.shelters.length === 0 && <p>{t('cosm.shelters.none')}</p>}
      {props.shelters.map((s) => (
        <article class="cosm-shelter">
          <h2>{s.values.name}</h2>
          <ShelterForm ctx={props.ctx} id={s.id} values={s.values} errors={errs(s.id)} />
        </article>
      ))}
      <h2>{t('cosm.shelters.add')}</h2>
      <ShelterForm ctx={props.ctx} id={null} values={props.newValues} errors={errs(null)} />
    </section>
  );
}
