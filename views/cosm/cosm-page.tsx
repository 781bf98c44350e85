import type { PageContext } from '../layout.js';
import { Flash } from '../layout.js';
import type { MessageKey } from '../../src/i18n/i18n.js';
import { REFUSAL_REASONS } from '../../src/cosm/cosm.table.js';

export interface ShelterRow {
  id: number;
  name: string;
  region: string;
  kinds: string;
  places: number;
  free_places: number;
  active: number;
}
export interface WaitingRow {
  id: number;
  registration_id: number;
  reference: string | null;
  status: string;
  urgency: string;
  gender: string;
  minor: number;
  care_needs: string;
  interpreter: string | null;
  safety_risk: number;
  requested_on: string;
  waitingDays: number;
  fits: number[];
  shelter_name: string | null;
  wanted_shelter_name: string | null;
  raised_contact_id: number | null;
  version: number;
}
export interface PlacedRow {
  id: number;
  registration_id: number;
  reference: string | null;
  shelter_name: string | null;
  start_on: string | null;
  end_on: string | null;
  version: number;
}
export interface FiguresProps {
  year: number;
  requests: number;
  placements: number;
  waitingDays: { mean: number | null; median: number | null; max: number | null };
  refusals: { reason: string; n: number }[];
}

const code = (t: PageContext['t'], prefix: string, c: string) => t(`${prefix}.${c}` as MessageKey);

/** The person's needs in codes, as the list shows them. */
function Needs(props: { ctx: PageContext; r: WaitingRow }) {
  const { t } = props.ctx;
  const r = props.r;
  const parts = [
    code(t, 'gender', r.gender),
    r.minor ? t('cosm.minor') : '',
    ...r.care_needs
      .split(',')
      .filter(Boolean)
      .map((n) => code(t, 'careNeed', n)),
    r.interpreter ? t('cosm.interpreterFor', { language: r.interpreter }) : '',
    r.safety_risk ? t('cosm.safetyRisk') : '',
  ].filter(Boolean);
  return <span>{parts.join(' · ')}</span>;
}

/** The COSM waiting list (need, then waiting time), the current placements, the shelters' free places and figures. */
export function CosmPage(props: {
  ctx: PageContext;
  waiting: WaitingRow[];
  placed: PlacedRow[];
  shelters: ShelterRow[];
  figures: FiguresProps;
  today: string;
  flash?: { kind: 'ok' | 'info'; text: string };
}) {
  const { t, csrfToken } = props.ctx;
  const active = props.shelters.filter((s) => s.active === 1);
  return (
    <section>
      <h1>{t('cosm.title')}</h1>
      {props.flash && <Flash kind={props.flash.kind}>{props.flash.text}</Flash>}
      <h2>{t('cosm.waiting')}</h2>
      <p class="hint">{t('cosm.orderHint')}</p>
      {props.waiting.length === 0 ? (
        <p>{t('cosm.noneWaiting')}</p>
      ) : (
        <ol class="cosm-waiting">
          {props.waiting.map((r) => (
            <li id={`cosm-request-${r.id}`}>
              <p>
                <a href={`/registrations/${r.registration_id}`}>{r.reference}</a> ·{' '}
                <strong>{code(t, 'cosm.urgency', r.urgency)}</strong> · {t('cosm.waitingDays', { n: r.waitingDays })}
                {r.raised_contact_id !== null && (
                  <>
                    {' · '}
                    <a href={`/contacts/${r.raised_contact_id}`}>{t('cosm.raised')}</a>
                  </>
                )}
              </p>
              <p>
                <Needs ctx={props.ctx} r={r} />
              </p>
              {r.status === 'offered' ? (
                <>
                  <p>{t('cosm.offeredTo', { shelter: r.shelter_name ?? '' })}</p>
                  <form method="post" action={`/cosm/requests/${r.id}/answer`} class="inline">
                    <input type="hidden" name="_csrf" value={csrfToken} />
                    <input type="hidden" name="version" value={String(r.version)} />
                    <input type="hidden" name="answer" value="accept" />
                    <label for={`cosm-start-${r.id}`}>{t('cosm.startOn')}</label>{' '}
                    <input id={`cosm-start-${r.id}`} name="startOn" type="date" value={props.today} />{' '}
                    <label for={`cosm-end-${r.id}`}>{t('cosm.endOn')}</label>{' '}
                    <input id={`cosm-end-${r.id}`} name="endOn" type="date" />{' '}
                    <button type="submit">{t('cosm.accept')}</button>
                  </form>
                  <form method="post" action={`/cosm/requests/${r.id}/answer`} class="inline">
                    <input type="hidden" name="_csrf" value={csrfToken} />
                    <input type="hidden" name="version" value={String(r.version)} />
                    <input type="hidden" name="answer" value="decline" />
                    <label for={`cosm-reason-${r.id}`}>{t('cosm.reason')}</label>{' '}
                    <select id={`cosm-reason-${r.id}`} name="reason" required>
                      {REFUSAL_REASONS.map((x) => (
                        <option value={x}>{code(t, 'cosm.reason', x)}</option>
                      ))}
                    </select>{' '}
                    <button type="submit">{t('cosm.decline')}</button>
                  </form>
                </>
              ) : active.length === 0 ? (
                <p>{t('cosm.shelters.none')}</p>
              ) : (
                <form method="post" action={`/cosm/requests/${r.id}/offer`} class="inline">
                  {r.wanted_shelter_name && <p>{t('cosm.queuedFor', { shelter: r.wanted_shelter_name })}</p>}
                  <input type="hidden" name="_csrf" value={csrfToken} />
                  <input type="hidden" name="version" value={String(r.version)} />
                  <label for={`cosm-shelter-${r.id}`}>{t('cosm.offerTo')}</label>{' '}
                  <select id={`cosm-shelter-${r.id}`} name="shelter" required>
                    {active.map((s) => (
                      <option value={String(s.id)}>
                        {t('cosm.shelterOption', { name: s.name, free: s.free_places })}
                        {r.fits.includes(s.id) ? '' : ` — ${t('cosm.notFitting')}`}
                      </option>
                    ))}
                  </select>{' '}
                  <button type="submit">{t('cosm.offer')}</button>
                </form>
              )}
              {r.status === 'waiting' && (
                <form method="post" action={`/cosm/requests/${r.id}/withdraw`} class="inline">
                  <input type="hidden" name="_csrf" value={csrfToken} />
                  <input type="hidden" name="version" value={String(r.version)} />
                  <button type="submit">{t('cosm.withdraw')}</button>
                </form>
              )}
            </li>
          ))}
        </ol>
      )}
      <h2>{t('cosm.placed')}</h2>
      {props.placed.length === 0 ? (
        <p>{t('cosm.nonePlaced')}</p>
      ) : (
        <ul>
          {props.placed.map((p) => (
            <li>
              <a href={`/registrations/${p.registration_id}`}>{p.reference}</a> · {p.shelter_name} · {p.start_on} –{' '}
              {p.end_on}
              <form method="post" action={`/cosm/requests/${p.id}/end`} class="inline">
                <input type="hidden" name="_csrf" value={csrfToken} />
                <input type="hidden" name="version" value={String(p.version)} />
                <label for={`cosm-ended-${p.id}`}>{t('cosm.endedOn')}</label>{' '}
                <input id={`cosm-ended-${p.id}`} name="endedOn" type="date" value={props.today} required />{' '}
                <button type="submit">{t('cosm.end')}</button>
              </form>
            </li>
          ))}
        </ul>
      )}
      <h2>{t('cosm.shelters')}</h2>
      <table>
        <thead>
          <tr>
            <th scope="col">{t('cosm.shelter.name')}</th>
            <th scope="col">{t('cosm.shelter.region')}</th>
            <th scope="col">{t('cosm.shelter.kinds')}</th>
            <th scope="col">{t('cosm.shelter.free')}</th>
          </tr>
        </thead>
        <tbody>
          {active.map((s) => (
            <tr>
              <td>{s.name}</td>
              <td>{s.region}</td>
              <td>
                {s.kinds
                  .split(',')
                  .filter(Boolean)
                  .map((k) => code(t, 'cosm.kind', k))
                  .join(', ')}
              </td>
              <td>{`${s.free_places} / ${s.places}`}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <Figures ctx={props.ctx} f={props.figures} />
    </section>
  );
}

function Figures(props: { ctx: PageContext; f: FiguresProps }) {
  const { t } = props.ctx;
  const f = props.f;
  const dash = (n: number | null) => (n === null ? '–' : String(n));
  return (
    <section aria-labelledby="cosm-figures-h">
      <h2 id="cosm-figures-h">{t('cosm.figures', { year: f.year })}</h2>
      <form method="get" action="/cosm" class="inline">
        <label for="cosm-year">{t('cosm.year')}</label>{' '}
        <input id="cosm-year" name="year" value={String(f.year)} inputmode="numeric" maxlength={4} />{' '}
        <button type="submit">{t('cosm.show')}</button>
      </form>
      <table class="cosm-figures">
        <tbody>
          <tr>
            <th scope="row">{t('cosm.fig.requests')}</th>
            <td>{f.requests}</td>
          </tr>
          <tr>
            <th scope="row">{t('cosm.fig.placements')}</th>
            <td>{f.placements}</td>
          </tr>
          <tr>
            <th scope="row">{t('cosm.fig.waitMean')}</th>
            <td>{dash(f.waitingDays.mean)}</td>
          </tr>
          <tr>
            <th scope="row">{t('cosm.fig.waitMedian')}</th>
            <td>{dash(f.waitingDays.median)}</td>
          </tr>
          <tr>
            <th scope="row">{t('cosm.fig.waitMax')}</th>
            <td>{dash(f.waitingDays.max)}</td>
          </tr>
        </tbody>
      </table>
      <table class="cosm-refusals">
        <caption>{t('cosm.fig.refusals')}</caption>
        <tbody>
          {f.refusals.map((r) => (
            <tr>
              <th scope="row">{code(t, 'cosm.reason', r.reason)}</th>
              <td>{r.n}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
