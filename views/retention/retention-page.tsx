import type { PageContext } from '../layout.js';
import { Flash } from '../layout.js';
import { Csrf, Field } from '../components/form.js';
import type { MessageKey } from '../../src/i18n/i18n.js';

const RETENTION_KINDS = ['recordings', 'transcriptions', 'mail', 'identifiers', 'contacts', 'audit'] as const;
type Kind = (typeof RETENTION_KINDS)[number];

export interface RetentionRunView {
  id: number;
  origin: 'schedule' | 'manual';
  status: 'running' | 'done' | 'failed' | 'interrupted';
  /** Why a failed run stopped: a full disk (it resumes on the next run) or another error. */
  failure?: 'disk_full' | 'error' | null;
  started: string;
  finished: string;
  counts: Partial<Record<Kind, { removed: number; failed: number }>>;
}

/**
 * What the purge is doing now. While it runs, it asks for itself again every 2 s (htmx; without JS a reload
 * shows the same) and stops asking once the run is over.
 */
export function RetentionProgress(props: {
  ctx: PageContext;
  running?: { kind: Kind | null; done: number; total: number };
}) {
  const { t } = props.ctx;
  const r = props.running;
  return (
    <p
      id="retention-progress"
      role="status"
      hx-get={r ? '/admin/retention/progress' : undefined}
      hx-trigger={r ? 'every 2s' : undefined}
      hx-swap={r ? 'outerHTML' : undefined}
    >
      {r
        ? t('retention.running', {
            kind: r.kind ? t(`retention.kind.${r.kind}` as MessageKey) : '…',
            done: r.done,
            total: r.total,
          })
        : t('retention.idle')}
    </p>
  );
}

/** The admin's retention page: the period per kind, the purge running now, and the last runs per kind. */
export function RetentionPage(props: {
  ctx: PageContext;
  values: Record<Kind, string>;
  bounds: Record<Kind, { default: number; min: number; max: number }>;
  errors?: Record<string, string | undefined>;
  running?: { kind: Kind | null; done: number; total: number };
  runs: RetentionRunView[];
  flash?: { kind: 'ok' | 'error'; text: string };
}) {
  const { t } = props.ctx;
  const e = props.errors ?? {};
  const kindName = (k: Kind) => t(`retention.kind.${k}` as MessageKey);
  return (
    <section>
      <h1>{t('retention.title')}</h1>
      {props.flash && <Flash kind={props.flash.kind}>{props.flash.text}</Flash>}
      <p>{t('retention.intro')}</p>
      <h2>{t('retention.periods')}</h2>
      <form method="post" action="/admin/retention">
        <Csrf token={props.ctx.csrfToken} />
        <div class="grid">
          {RETENTION_KINDS.map((k) => (
            <Field
              id={`retention-${k}`}
              label={kindName(k)}
              error={e[k]}
              hint={t('retention.hint', {
                default: props.bounds[k].default,
                min: props.bounds[k].min,
                max: props.bounds[k].max,
              })}
            >
              <input
                id={`retention-${k}`}
                name={k}
                inputmode="numeric"
                value={props.values[k]}
                required
                aria-invalid={e[k] ? 'true' : undefined}
                aria-describedby={e[k] ? `retention-${k}-error` : `retention-${k}-hint`}
              />
            </Field>
          ))}
        </div>
        <button type="submit">{t('retention.save')}</button>
      </form>
      <h2>{t('retention.run')}</h2>
      <RetentionProgress ctx={props.ctx} running={props.running} />
      <form method="post" action="/admin/retention/run">
        <Csrf token={props.ctx.csrfToken} />
        <button type="submit" disabled={!!props.running}>
          {t('retention.runNow')}
        </button>
      </form>
      <h2>{t('retention.lastRuns')}</h2>
      {props.runs.length === 0 ? (
        <p>{t('retention.never')}</p>
      ) : (
        <table class="retention-runs">
          <thead>
            <tr>
              <th scope="col">{t('retention.col.started')}</th>
              <th scope="col">{t('retention.col.finished')}</th>
              <th scope="col">{t('retention.col.status')}</th>
              <th scope="col">{t('retention.col.origin')}</th>
              <th scope="col">{t('retention.col.removed')}</th>
            </tr>
          </thead>
          <tbody>
            {props.runs.map((r) => (
              <tr>
                <td>{r.started}</td>
                <td>{r.finished}</td>
                <td>
                  {t(`retention.status.${r.status}` as MessageKey)}
                  {r.status === 'failed' && r.failure ? ` — ${t(`retention.failure.${r.failure}` as MessageKey)}` : ''}
                </td>
                <td>{t(`retention.origin.${r.origin}` as MessageKey)}</td>
                <td>
                  <ul class="plain">
                    {RETENTION_KINDS.filter((k) => r.counts[k]).map((k) => (
                      <li>
                        {kindName(k)}: {r.counts[k]!.removed}
                        {r.counts[k]!.failed ? ` (${t('retention.failedCount', { n: r.counts[k]!.failed })})` : ''}
                      </li>
                    ))}
                  </ul>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
