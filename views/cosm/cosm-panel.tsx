import type { PageContext } from '../layout.js';
import type { MessageKey } from '../../src/i18n/i18n.js';
import { URGENCIES } from '../../src/cosm/cosm.table.js';
import { CARE_NEEDS, GENDERS } from '../../src/registrations/registrations.table.js';

export interface CosmPanelProps {
  ctx: PageContext;
  registrationId: number;
  /** The desk (agent, supervisor) works the waiting list; a coordinator only asks and follows her request. */
  desk: boolean;
  /** The registration's own values that prefill a new request. */
  gender: string;
  minor: boolean;
  careNeeds: string[];
  requests: {
    id: number;
    status: string;
    urgency: string;
    requested_on: string;
    shelter_name: string | null;
    wanted_shelter_name: string | null;
    start_on: string | null;
    end_on: string | null;
  }[];
  shelters: { id: number; name: string; free_places: number }[];
}

const code = (t: PageContext['t'], prefix: string, c: string) => t(`${prefix}.${c}` as MessageKey);

/** A registration's COSM placement requests, and the form to ask for a place (needs in codes only). */
export function CosmPanel(props: CosmPanelProps) {
  const { t } = props.ctx;
  const open = props.requests.some((r) => ['waiting', 'offered', 'placed'].includes(r.status));
  const p = `cosm-${props.registrationId}`;
  return (
    <section class="cosm-panel" id="cosm-panel" aria-labelledby={`${p}-h`}>
      <h2 id={`${p}-h`}>{t('cosm.panel.title')}</h2>
      {props.requests.length ? (
        <ul>
          {props.requests.map((r) => (
            <li>
              {r.requested_on} · {code(t, 'cosm.status', r.status)} · {code(t, 'cosm.urgency', r.urgency)}
              {r.shelter_name && ` · ${r.shelter_name}`}
              {r.status === 'waiting' &&
                r.wanted_shelter_name &&
                ` · ${t('cosm.queuedFor', { shelter: r.wanted_shelter_name })}`}
              {r.start_on && ` · ${r.start_on} – ${r.end_on ?? ''}`}
            </li>
          ))}
        </ul>
      ) : (
        <p>{t('cosm.panel.none')}</p>
      )}
      {props.desk && (
        <p>
          <a href="/cosm">{t('cosm.panel.list')}</a>
        </p>
      )}
      {!open && (
        <form method="post" action={`/registrations/${props.registrationId}/cosm`}>
          <input type="hidden" name="_csrf" value={props.ctx.csrfToken} />
          <div class="grid">
            <div class="field">
              <label for={`${p}-urgency`}>{t('cosm.urgency')}</label>
              <select id={`${p}-urgency`} name="urgency">
                {URGENCIES.map((u) => (
                  <option value={u} selected={u === 'normal'}>
                    {code(t, 'cosm.urgency', u)}
                  </option>
                ))}
              </select>
            </div>
            <div class="field">
              <label for={`${p}-gender`}>{t('reg.field.gender')}</label>
              <select id={`${p}-gender`} name="gender">
                {GENDERS.map((g) => (
                  <option value={g} selected={g === props.gender}>
                    {code(t, 'gender', g)}
                  </option>
                ))}
              </select>
            </div>
            <div class="field">
              <label>
                <input type="checkbox" name="minor" value="yes" checked={props.minor} /> {t('cosm.minor')}
              </label>
              <label>
                <input type="checkbox" name="safetyRisk" value="yes" /> {t('cosm.safetyRisk')}
              </label>
            </div>
            <fieldset>
              <legend>{t('cosm.careNeeds')}</legend>
              {CARE_NEEDS.map((n) => (
                <label>
                  <input type="checkbox" name="careNeeds" value={n} checked={props.careNeeds.includes(n)} />{' '}
                  {code(t, 'careNeed', n)}
                </label>
              ))}
            </fieldset>
            <div class="field">
              <label for={`${p}-interpreter`}>{t('cosm.interpreter')}</label>
              <input id={`${p}-interpreter`} name="interpreter" maxlength={40} />
            </div>
            <div class="field">
              <label for={`${p}-shelter`}>{t('cosm.wantedShelter')}</label>
              <select id={`${p}-shelter`} name="shelter">
                <option value="">{t('cosm.anyShelter')}</option>
                {props.shelters.map((s) => (
                  <option value={String(s.id)}>{t('cosm.shelterOption', { name: s.name, free: s.free_places })}</option>
                ))}
              </select>
            </div>
          </div>
          <button type="submit">{t('cosm.request')}</button>
        </form>
      )}
    </section>
  );
}
