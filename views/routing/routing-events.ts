import type { MessageKey, Translate } from '../../src/i18n/i18n.js';

/** The timeline text of a routing event (kind `routing.*`) in the reader's language. */
export function routingEventLabel(t: Translate, kind: string, data: Record<string, unknown>): string {
  if (kind !== 'routing.applied') return typeof data.label === 'string' ? data.label : kind;
  const topics = Array.isArray(data.topics) ? data.topics.map((x) => t(`topic.${String(x)}` as MessageKey)) : [];
  const queue = typeof data.queue === 'string' ? t(`queue.${data.queue}` as MessageKey) : '';
  const text = t('event.routing.applied', { queue, topics: topics.join(', ') || '—' });
  return data.urgent === true ? `${text} ${t('event.routing.urgent')}` : text;
}
