/**
 * The automatic acknowledgement, pure: Dutch first, then English, with the contact's reference, the desk's
 * hours and an office-hours-aware promise ("you will hear from us by Tuesday 24 November at 13:00").
 * The text stays neutral on purpose — no organisation name, no subject quoted, nothing about trafficking —
 * because the mailbox that receives it may be read by someone else than the person who wrote.
 */
import { DateTime } from 'luxon';
import type { DayHours } from '../../office-hours/calendar.js';
import { formatTimeOfDay } from '../../shared/time-format.js';

/** The promise in the acknowledgement: an answer within this many working hours. */
export const ACK_PROMISE_WORKING_HOURS = 16;

const DAYS = {
  nl: ['maandag', 'dinsdag', 'woensdag', 'donderdag', 'vrijdag', 'zaterdag', 'zondag'],
  en: ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'],
} as const;

/** Describes the weekly hours, e.g. "maandag t/m vrijdag 09:00–17:00" or "Monday to Thursday 09:00–17:00, Friday 09:00–16:00". */
export function describeHours(hours: DayHours[], locale: 'nl' | 'en'): string {
  const perDay = new Map<number, string>();
  for (const h of [...hours].sort((a, b) => a.weekday - b.weekday || a.start - b.start)) {
    const span = `${formatTimeOfDay(h.start)}–${formatTimeOfDay(h.end)}`;
    perDay.set(h.weekday, perDay.has(h.weekday) ? `${perDay.get(h.weekday)}, ${span}` : span);
  }
  const groups: { from: number; to: number; spans: string }[] = [];
  for (const [day, spans] of perDay) {
    const last = groups.at(-1);
    if (last && last.spans === spans && last.to === day - 1) last.to = day;
    else groups.push({ from: day, to: day, spans });
  }
  const names = DAYS[locale];
  const through = locale === 'nl' ? ' t/m ' : ' to ';
  const and = locale === 'nl' ? ' en ' : ' and ';
  return groups
    .map((g) => {
      const days =
        g.from === g.to
          ? names[g.from - 1]
          : g.to === g.from + 1
            ? `${names[g.from - 1]}${and}${names[g.to - 1]}`
            : `${names[g.from - 1]}${through}${names[g.to - 1]}`;
      return `${days} ${g.spans}`;
    })
    .join('; ');
}

/** Formats the promised moment in the desk's zone: "dinsdag 24 november om 13:00" / "Tuesday 24 November at 13:00". */
export function formatPromise(at: Date, zone: string, locale: 'nl' | 'en'): string {
  const d = DateTime.fromJSDate(at, { zone }).setLocale(locale);
  return d.toFormat(locale === 'nl' ? "cccc d LLLL 'om' HH:mm" : "cccc d LLLL 'at' HH:mm");
}

export interface AcknowledgementInput {
  reference: string;
  /** When the desk promises an answer (office hours added), or null when the calendar has no opening ahead. */
  promiseAt: Date | null;
  zone: string;
  hours: DayHours[];
  /** True when the desk is open right now. */
  openNow: boolean;
}

/** The acknowledgement's subject and plain-text body, both languages in one mail. */
export function acknowledgementMail(a: AcknowledgementInput): { subject: string; text: string } {
  const nlWhen = a.promiseAt
    ? `U hoort uiterlijk ${formatPromise(a.promiseAt, a.zone, 'nl')} van ons.`
    : 'Wij antwoorden zo snel mogelijk.';
  const enWhen = a.promiseAt
    ? `You will hear from us by ${formatPromise(a.promiseAt, a.zone, 'en')}.`
    : 'We will answer as soon as we can.';
  const nlNow = a.openNow ? '' : ' Uw bericht kwam buiten onze openingstijden binnen.';
  const enNow = a.openNow ? '' : ' Your message arrived outside our opening hours.';
  const text = [
    'Beste afzender,',
    '',
    `Wij hebben uw bericht ontvangen. Het heeft referentie ${a.reference}; wilt u die noemen als u ons schrijft of belt?`,
    '',
    `Wij antwoorden op werkdagen (${describeHours(a.hours, 'nl')}).${nlNow} ${nlWhen}`,
    '',
    'Bent u in direct gevaar? Bel dan 112.',
    '',
    'Dit is een automatisch bericht.',
    '',
    'Met vriendelijke groet,',
    'De helpdesk',
    '',
    '— English —',
    '',
    'Dear sender,',
    '',
    `We have received your message. Its reference is ${a.reference}; please mention it when you write or call us.`,
    '',
    `We answer on working days (${describeHours(a.hours, 'en')}).${enNow} ${enWhen}`,
    '',
    'If you are in immediate danger, call 112.',
    '',
    'This is an automatic message.',
    '',
    'Kind regards,',
    'The help desk',
    '',
  ].join('\n');
  return { subject: `Ontvangen / Received [#${a.reference}]`, text };
}
