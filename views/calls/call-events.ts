import type { Translate } from '../../src/i18n/i18n.js';
import { formatDuration } from '../../src/shared/time-format.js';

/**
 * The timeline text of a phone event (kind `call.*`) in the reader's language; the stored `label` (in the
 * desk's language) is the fallback for anything unknown.
 */
export function callEventLabel(
  t: Translate,
  kind: string,
  data: Record<string, unknown>,
  stamp: (iso: string | null) => string,
): string {
  const s = (k: string) => (typeof data[k] === 'string' ? (data[k] as string) : '');
  switch (kind) {
    case 'call.menu': {
      const choice = s('choice');
      return ['1', '2', '3'].includes(choice)
        ? t('calls.event.menu', { choice, option: t(`calls.menu.${choice}` as 'calls.menu.1') })
        : s('label');
    }
    case 'call.answered':
      return s('by') ? t('calls.event.answeredBy', { who: s('by') }) : t('calls.event.answered');
    case 'call.unanswered':
      return t('calls.event.unanswered');
    case 'call.ended': {
      const status = s('status');
      return t('calls.event.ended', {
        status: status ? t(`calls.status.${status}` as 'calls.status.completed') : '—',
        duration: formatDuration(data.duration),
      });
    }
    case 'call.missed':
      if (data.withheld) return t('calls.event.missedWithheld');
      return data.afterHours
        ? t('calls.event.missedAfterHours', { due: stamp(s('due') || null) })
        : t('calls.event.missed', { due: stamp(s('due') || null) });
    case 'call.voicemail':
      return t('calls.event.voicemail', { duration: formatDuration(data.duration) });
    case 'call.transcription':
      return t('calls.event.transcription');
    case 'call.transcription-failed':
      return t('calls.event.transcriptionFailed');
    case 'call.voicemail-played':
      return t('calls.event.played');
    default:
      return s('label') || t('calls.event.call');
  }
}
