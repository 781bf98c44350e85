import type { Translate, MessageKey } from '../../src/i18n/i18n.js';

/** The routing suggestion as a fragment (POST /routing/suggest): queue, flags and topics with their words. */
export function RoutingSuggestion(props: {
  t: Translate;
  /** Beside a contact form: a button that fills its queue, priority and topics (public/routing.js). */
  fill?: boolean;
  suggestion: {
    queue: string;
    urgent: boolean;
    minor: boolean;
    topics: { topic: string; score: number; matched: string[] }[];
  };
}) {
  const { t, suggestion: s } = props;
  return (
    <div class="routing-suggestion" id="routing-suggestion" aria-live="polite">
      <p>
        <strong>{t('routing.suggestion')}</strong> — {t('routing.queue')}: {t(`queue.${s.queue}` as MessageKey)}
        <RoutingFlags t={t} urgent={s.urgent} minor={s.minor} />
      </p>
      {s.topics.length === 0 ? (
        <p>{t('routing.none')}</p>
      ) : (
        <ul class="plain" aria-label={t('routing.topics')}>
          {s.topics.map((x) => (
            <li data-topic={x.topic}>
              {t(`topic.${x.topic}` as MessageKey)} ({Math.round(x.score * 100)}%): {x.matched.join(', ')}
            </li>
          ))}
        </ul>
      )}
      {props.fill && (s.topics.length > 0 || s.urgent) && (
        <p>
          <button
            type="button"
            class="routing-fill"
            data-routing-queue={s.queue}
            data-routing-urgent={s.urgent ? '1' : undefined}
            data-routing-topics={s.topics.map((x) => x.topic).join(' ')}
          >
            {t('routing.accept')}
          </button>{' '}
          <small class="muted">{t('routing.acceptHint')}</small>
        </p>
      )}
    </div>
  );
}

/** The urgent and minor marks of a suggestion, the same wherever it shows. */
export function RoutingFlags(props: { t: Translate; urgent: boolean; minor: boolean }) {
  const { t } = props;
  return (
    <>
      {props.urgent && (
        <>
          {' '}
          <strong class="badge badge-urgent">{t('routing.urgent')}</strong>
        </>
      )}
      {props.minor && (
        <>
          {' '}
          <span class="badge badge-minor">{t('routing.minor')}</span>
        </>
      )}
    </>
  );
}
