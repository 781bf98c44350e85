import type { PageContext } from '../layout.js';
import type { MessageKey } from '../../src/i18n/i18n.js';
import type { JobLine } from '../../src/ops/ops.service.js';

/** The admins' page on the background jobs: last run, next run and last failure of each, for the whole desk. */
export function JobsPage(props: { ctx: PageContext; jobs: JobLine[] }) {
  const { t } = props.ctx;
  const name = (job: string) => t(`jobs.name.${job}` as MessageKey, { job });
  return (
    <section>
      <h1>{t('jobs.title')}</h1>
      <p>{t('jobs.intro')}</p>
      <table id="jobs">
        <thead>
          <tr>
            <th scope="col">{t('jobs.job')}</th>
            <th scope="col">{t('jobs.lastRun')}</th>
            <th scope="col">{t('jobs.nextRun')}</th>
            <th scope="col">{t('jobs.lastFailure')}</th>
            <th scope="col">{t('jobs.counts')}</th>
          </tr>
        </thead>
        <tbody>
          {props.jobs.map((j) => (
            <tr id={`job-${j.job}`} class={j.failing ? 'job-failing' : undefined}>
              <th scope="row">{name(j.job)}</th>
              <td>
                {j.lastRun ? (
                  <>
                    {j.lastRun} {j.failing ? t('jobs.failed') : t('jobs.ok')}
                    {j.instance && <small> {t('jobs.onInstance', { instance: j.instance })}</small>}
                  </>
                ) : (
                  t('jobs.never')
                )}
                {j.running && <strong> {t('jobs.running')}</strong>}
              </td>
              <td>{j.nextRun || '—'}</td>
              <td>{j.lastFailureAt ? `${j.lastFailureAt}: ${j.lastFailure}` : t('jobs.noFailure')}</td>
              <td>{t('jobs.countsValue', { runs: j.runs, failures: j.failures })}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p>{t('jobs.note')}</p>
    </section>
  );
}
