import type { Translate } from '../i18n/i18n.js';
import { MAX_SIGNATURE_CHARS } from '../email/outbound/reply-text.js';

/** The admin form's rule for passwords, kept the same here. */
const MIN_PASSWORD = 10;
const MAX_PASSWORD = 200;

const str = (body: Record<string, unknown>, k: string) => (typeof body[k] === 'string' ? (body[k] as string) : '');

/** Reads the signature form; errors by field in the user's language. The typed text is always returned. */
export function parseSignatureForm(body: Record<string, unknown>, t: Translate) {
  const values = { nl: str(body, 'signature_nl'), en: str(body, 'signature_en') };
  const errors: Record<string, string> = {};
  for (const l of ['nl', 'en'] as const)
    if (values[l].trim().length > MAX_SIGNATURE_CHARS)
      errors[`signature_${l}`] = t('field.tooLong', { max: MAX_SIGNATURE_CHARS });
  return { values, errors, ok: Object.keys(errors).length === 0 };
}

/** Reads the password form: current, new and again; errors by field (passwords are never sent back). */
export function parsePasswordForm(body: Record<string, unknown>, t: Translate) {
  const current = str(body, 'current');
  const next = str(body, 'password');
  const again = str(body, 'confirm');
  const errors: Record<string, string> = {};
  if (!current) errors.current = t('field.required');
  else if (current.length > MAX_PASSWORD) errors.current = t('account.password.wrong');
  if (next.length < MIN_PASSWORD) errors.password = t('account.password.hint');
  else if (next.length > MAX_PASSWORD) errors.password = t('field.tooLong', { max: MAX_PASSWORD });
  else if (next === current) errors.password = t('account.password.same');
  if (!errors.password && again !== next) errors.confirm = t('account.password.mismatch');
  return { current, next, errors, ok: Object.keys(errors).length === 0 };
}
