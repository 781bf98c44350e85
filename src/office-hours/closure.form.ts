import { DateTime } from 'luxon';
import type { Translate } from '../i18n/i18n.js';

/**
 * The longest single closure: a team day, the Christmas week, a month at most. Longer absences are several
 * closures, each a deliberate decision; an unbounded one once pushed every due time past the calendar's horizon.
 */
export const MAX_CLOSURE_DAYS = 31;

const LOCAL_MINUTE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;

/** What the closure form shows again after a refusal: the typed values and a message by each field. */
export interface ClosureInput {
  values: { start: string; end: string; reason: string };
  errors: Record<string, string>;
}

/**
 * A closure as the admin typed it (local times in the desk's zone): the closure in UTC, or the form again with
 * what was typed and why it was refused (required, not a time, an end before the start, longer than a month).
 */
export function parseClosure(
  body: Record<string, unknown>,
  t: Translate,
  timeZone: string,
): { kind: 'ok'; closure: { startAt: string; endAt: string; reason: string } } | ({ kind: 'invalid' } & ClosureInput) {
  const values = {
    start: String(body.start ?? '').slice(0, 40),
    end: String(body.end ?? '').slice(0, 40),
    reason: String(body.reason ?? '')
      .trim()
      .slice(0, 500),
  };
  const start = DateTime.fromISO(values.start, { zone: timeZone });
  const end = DateTime.fromISO(values.end, { zone: timeZone });
  const errors: Record<string, string> = {};
  if (!values.start) errors.start = t('field.required');
  else if (!start.isValid || !LOCAL_MINUTE.test(values.start)) errors.start = t('field.invalid');
  if (!values.end) errors.end = t('field.required');
  else if (!end.isValid || !LOCAL_MINUTE.test(values.end)) errors.end = t('field.invalid');
  if (!errors.start && !errors.end && end <= start) errors.end = t('officeHours.endBeforeStart');
  else if (!errors.start && !errors.end && end.diff(start, 'days').days > MAX_CLOSURE_DAYS)
    errors.end = t('officeHours.tooLong', { n: MAX_CLOSURE_DAYS });
  if (!values.reason) errors.reason = t('field.required');
  else if (values.reason.length > 200) errors.reason = t('field.tooLong', { max: 200 });
  if (Object.keys(errors).length) return { kind: 'invalid', values, errors };
  return {
    kind: 'ok',
    closure: { startAt: start.toUTC().toISO()!, endAt: end.toUTC().toISO()!, reason: values.reason },
  };
}
