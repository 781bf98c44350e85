import { fieldErrors } from '../http/form-errors.js';
import { z } from 'zod';
import { ROLES, type Role } from './users.table.js';
import type { Translate } from '../i18n/i18n.js';

/** Reads the user form (add or edit); returns the input or the field errors in the user's language. */
export function parseUserForm(body: Record<string, string | File | (string | File)[]>, t: Translate, isNew: boolean) {
  const str = (k: string) => (typeof body[k] === 'string' ? (body[k] as string) : '');
  const rawRoles = ([] as unknown[]).concat(body.roles ?? body['roles[]'] ?? []);
  const roles = rawRoles.filter((r): r is Role => typeof r === 'string' && (ROLES as string[]).includes(r));
  const values = {
    name: str('name').trim(),
    email: str('email').trim(),
    password: str('password'),
    roles,
    locale: str('locale'),
    active: str('active') === 'on' || str('active') === '1',
  };
  const schema = z.object({
    name: z
      .string()
      .min(1, t('field.required'))
      .max(120, t('field.tooLong', { max: 120 })),
    email: z.email(t('field.email')).max(254, t('field.tooLong', { max: 254 })),
    password: isNew
      ? z.string().min(10, t('users.passwordHint')).max(200)
      : z.union([z.literal(''), z.string().min(10, t('users.passwordHint')).max(200)]),
    roles: z.array(z.enum(ROLES as [Role, ...Role[]])).min(1, t('field.required')),
    locale: z.enum(['', 'nl', 'en']),
  });
  const r = schema.safeParse(values);
  const errors = fieldErrors(r.error);
  return { values, errors, ok: r.success, input: { ...values, locale: (values.locale || null) as 'nl' | 'en' | null } };
}
