import type { PageContext } from '../layout.js';
import { dayMonthYear } from '../components/dates.js';

const ageBandWords = (t: PageContext['t'], band: string) => (band === 'unknown' ? t('gender.unknown') : band);

/** The registrations list: references and words for codes only (countries by their common names), never an identifier. */
export function RegistrationListPage(props: {
  ctx: PageContext;
  rows: {
    id: number;
    reference: string | null;
    reported_on: string;
    reporter_type: string;
    region: string;
    gender: string;
    age_band: string;
    care_region_name: string | null;
    /** by their common names in the reader's language (countries.ts), as on the registration page */
    nationalities: string[];
  }[];
}) {
  const { t } = props.ctx;
  return (
    <section>
      <h1>{t('reg.title')}</h1>
      {props.rows.length === 0 ? (
        <p>{t('reg.list.empty')}</p>
      ) : (
        <table class="list registrations">
          <thead>
            <tr>
              <th scope="col">{t('reg.reference')}</th>
              <th scope="col">{t('reg.field.reportedOn')}</th>
              <th scope="col">{t('reg.field.reporterType')}</th>
              <th scope="col">{t('reg.field.region')}</th>
              <th scope="col">{t('reg.field.careRegion')}</th>
              <th scope="col">{t('reg.field.gender')}</th>
              <th scope="col">{t('reg.field.ageBand')}</th>
              <th scope="col">{t('reg.field.nationality')}</th>
            </tr>
          </thead>
          <tbody>
            {props.rows.map((r) => (
              <tr>
                <td>
                  <a href={`/registrations/${r.id}`}>{r.reference}</a>
                </td>
                <td>{dayMonthYear(r.reported_on)}</td>
                <td>{t(`reporter.${r.reporter_type}` as 'reg.yes')}</td>
                <td>{t(`region.${r.region}` as 'reg.yes')}</td>
                <td>{r.care_region_name ?? '—'}</td>
                <td>{t(`gender.${r.gender}` as 'reg.yes')}</td>
                <td>{ageBandWords(t, r.age_band)}</td>
                <td>{r.nationalities.join(', ')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
