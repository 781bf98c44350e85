import type { MessageKey } from '../../src/i18n/i18n.js';
import type { PageContext } from '../layout.js';
import { Csrf } from '../components/form.js';

interface LegalItem {
  id: number;
  reference: string | null;
  subject: string;
  channel: string;
  status: string;
  priority: string;
  due: string;
  overdue: boolean;
  assigneeId: number | null;
  assigneeName: string | null;
  urgent: boolean;
  minor: boolean;
  /** The contact's other topics (it is listed once, under its first). */
  alsoTopics: string[];
}

export interface LegalQueueProps {
  ctx: PageContext;
  groups: { topic: string; items: LegalItem[] }[];
  flash?: { kind: 'ok' | 'error'; text: string };
}

/**
 * The legal queue (docs/product.md §5): open legal questions grouped by topic with their due time (overdue marked), each
 * with "Take" (assign to me; a plain form) and a link to the contact, where the reply box offers the library's
 * answers for the contact's topics first.
 */
export function LegalQueuePage(props: LegalQueueProps) {
  const { t } = props.ctx;
  const me = props.ctx.user?.id;
  return (
    <section aria-labelledby="legal-h">
      <h1 id="legal-h">{t('legal.title')}</h1>
      <p>{t('legal.intro')}</p>
      {props.flash && (
        <p class={`flash flash-${props.flash.kind}`} role={props.flash.kind === 'error' ? 'alert' : 'status'}>
          {props.flash.text}
        </p>
      )}
      {props.groups.length === 0 && <p>{t('legal.empty')}</p>}
      {props.groups.map((g) => (
        <section class="legal-group" data-topic={g.topic || 'none'} aria-labelledby={`legal-${g.topic || 'none'}`}>
          <h2 id={`legal-${g.topic || 'none'}`}>
            {g.topic ? t(`topic.${g.topic}` as MessageKey) : t('legal.noTopic')} ({g.items.length})
          </h2>
          <table class="list">
            <thead>
              <tr>
                <th scope="col">{t('legal.reference')}</th>
                <th scope="col">{t('legal.subject')}</th>
                <th scope="col">{t('legal.due')}</th>
                <th scope="col">{t('legal.assignee')}</th>
                <th scope="col">
                  <span class="visually-hidden">{t('legal.take')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {g.items.map((r) => (
                <tr class={`prio-${r.priority}${r.overdue ? ' overdue' : ''}`} data-id={String(r.id)}>
                  <td>
                    <a href={`/contacts/${r.id}`}>{r.reference ?? `#${r.id}`}</a>
                  </td>
                  <td>
                    {r.subject}
                    {r.urgent && (
                      <>
                        {' '}
                        <strong class="badge badge-urgent">{t('routing.urgent')}</strong>
                      </>
                    )}
                    {r.minor && (
                      <>
                        {' '}
                        <span class="badge badge-minor">{t('routing.minor')}</span>
                      </>
                    )}
                    {r.alsoTopics.length > 0 && (
                      <span class="also-topics">
                        {' '}
                        {t('legal.alsoTopics', {
                          topics: r.alsoTopics.map((x) => t(`topic.${x}` as MessageKey)).join(', '),
                        })}
                      </span>
                    )}
                  </td>
                  <td>
                    {r.due}
                    {r.overdue && (
                      <>
                        {' '}
                        <strong class="tag overdue">{t('legal.overdue')}</strong>
                      </>
                    )}
                  </td>
                  <td>{r.assigneeName ?? '—'}</td>
                  <td>
                    {r.assigneeId === null ? (
                      <form method="post" action={`/routing/legal/${r.id}/take`}>
                        <Csrf token={props.ctx.csrfToken} />
                        <button type="submit">{t('legal.take')}</button>
                      </form>
                    ) : r.assigneeId === me ? (
                      <a href={`/contacts/${r.id}`}>{t('legal.open')}</a>
                    ) : (
                      t('legal.taken')
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      ))}
    </section>
  );
}
