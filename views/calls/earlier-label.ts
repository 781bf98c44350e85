import { createTranslate, type MessageKey, type Translate } from '../../src/i18n/i18n.js';

/** The subjects Baken gives a contact by itself (an incoming call, a voicemail), in every interface language. */
const AUTOMATIC_SUBJECTS = new Set(
  (['nl', 'en'] as const).flatMap((l) => {
    const t = createTranslate(l);
    return [t('calls.subject.call'), t('calls.subject.voicemail')];
  }),
);

/**
 * How the screen pop names an earlier contact from the calling number, in the reader's language: the subject an
 * agent gave it; else its topic; else for a call what became of it (answered, missed, voicemail); else the
 * subject it came with (a mail's). Never a list of identical "Incoming call" lines when the contacts differ.
 */
export function earlierContactLabel(
  t: Translate,
  e: { subject: string; topic: string | null; channel: string; callOutcome: string | null },
): string {
  const subject = e.subject.trim();
  if (subject && !AUTOMATIC_SUBJECTS.has(subject)) return subject;
  if (e.topic) return t(`topic.${e.topic}` as MessageKey);
  if (e.channel === 'phone') {
    if (e.callOutcome === 'voicemail') return t('calls.pop.earlierVoicemail');
    if (e.callOutcome === 'answered' || e.callOutcome === 'missed')
      return t('calls.pop.earlierCallOutcome', { outcome: t(`calls.outcome.${e.callOutcome}`) });
    return t('calls.pop.earlierCall');
  }
  return subject || t(`channel.${e.channel}` as MessageKey);
}
