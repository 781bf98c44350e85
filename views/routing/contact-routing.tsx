import type { MessageKey } from '../../src/i18n/i18n.js';
import type { PageContext } from '../layout.js';
import { Csrf } from '../components/form.js';
import { RoutingFlags } from './suggestion.js';

/** One text of the contact cut into plain and marked segments (src/routing/highlight.ts). */
interface HighlightedText {
  kind: 'note' | 'email' | 'voicemail';
  segments: { text: string; mark?: { kind: 'topic' | 'urgent' | 'minor'; topics: string[] } }[];
  truncated: boolean;
}

export interface ContactRoutingProps {
  ctx: PageContext;
  contactId: number;
  /** The contact's version as the page showed it: "Accept suggestion" carries it (409 when stale). */
  version: number;
  queue: string;
  priority: string;
  topics: string[];
  suggestion: {
    queue: string;
    urgent: boolean;
    minor: boolean;
    topics: { topic: string; score: number; matched: string[] }[];
  } | null;
  routedByAgent: boolean;
  differs: boolean;
  texts: HighlightedText[];
  /** For phone contacts: the library's answers for the contact's topics (links to /answers/:id). */
  answers: { id: number; title: string; status: string; stale: boolean }[];
}

/**
 * The routing part of a contact's page (docs/product.md §5, §10): its topics with the words that matched, highlighted in
 * its notes, mail and transcriptions; the suggested queue; the urgent and minor flags; whether the suggestion
 * differs from what the agent chose, and "Accept suggestion" (a plain form posting to /contacts/:id/update).
 */
export function ContactRouting(props: ContactRoutingProps) {
  const { t } = props.ctx;
  const s = props.suggestion;
  const topicLabel = (code: string) => t(`topic.${code}` as MessageKey);
  return (
    <section id="routing-panel" class="routing-panel panel" aria-labelledby="routing-panel-h">
      <h2 id="routing-panel-h">{t('routing.panel')}</h2>
      {s === null ? (
        <p>{t('routing.noSuggestion')}</p>
      ) : (
        <>
          <p>
            {t('routing.suggested')}: {t('routing.queue')}{' '}
            <strong data-suggested-queue={s.queue}>{t(`queue.${s.queue}` as MessageKey)}</strong>
            <RoutingFlags t={t} urgent={s.urgent} minor={s.minor} />
          </p>
          {s.topics.length === 0 ? (
            <p>{t('routing.none')}</p>
          ) : (
            <ul class="routing-topics" aria-label={t('routing.topics')}>
              {s.topics.map((x) => (
                <li data-topic={x.topic}>
                  <strong>{topicLabel(x.topic)}</strong> ({Math.round(x.score * 100)}%):{' '}
                  {x.matched.map((m, i) => (
                    <>
                      {i > 0 && ', '}
                      <mark>{m}</mark>
                    </>
                  ))}
                </li>
              ))}
            </ul>
          )}
          {props.routedByAgent && <p class="routing-by-agent">{t('routing.byAgent')}</p>}
          {props.differs && (
            <>
              <p class="routing-differs" role="note">
                {t('routing.differs')}
              </p>
              <form method="post" action={`/contacts/${props.contactId}/update`} class="routing-accept">
                <Csrf token={props.ctx.csrfToken} />
                <input type="hidden" name="version" value={String(props.version)} />
                {s.topics.length ? (
                  s.topics.map((x) => <input type="hidden" name="topics" value={x.topic} />)
                ) : (
                  <input type="hidden" name="topics" value="" />
                )}
                {props.queue !== 'after-hours' && <input type="hidden" name="queue" value={s.queue} />}
                {s.urgent && <input type="hidden" name="priority" value="urgent" />}
                <button type="submit">{t('routing.accept')}</button>
              </form>
            </>
          )}
        </>
      )}
      {props.texts.length > 0 && (
        <>
          <h3>{t('routing.matchedIn')}</h3>
          {props.texts.map((x) => (
            <div class={`routing-text routing-text-${x.kind}`}>
              <p class="muted">
                {t(`routing.source.${x.kind}` as MessageKey)} {x.truncated && t('routing.truncated')}
              </p>
              <blockquote class="pre">
                {x.segments.map((g) =>
                  g.mark ? (
                    <mark class={`match-${g.mark.kind}`} title={g.mark.topics.map(topicLabel).join(', ') || undefined}>
                      {g.text}
                    </mark>
                  ) : (
                    g.text
                  ),
                )}
              </blockquote>
            </div>
          ))}
        </>
      )}
      {props.answers.length > 0 && (
        <>
          <h3>{t('answers.forCall')}</h3>
          <ul class="routing-answers">
            {props.answers.map((a) => (
              <li>
                <a href={`/answers/${a.id}`}>{a.title}</a>
                {a.status === 'draft' && <span class="badge"> {t('answers.status.draft')}</span>}
                {a.stale && <span class="badge"> {t('answers.stale')}</span>}
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
