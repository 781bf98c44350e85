import type { ZodError } from 'zod';

/** A failed form's first message per field, keyed by the field's name, for the form shown again with them. */
export function fieldErrors(error: ZodError | undefined): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const i of error?.issues ?? []) errors[String(i.path[0])] ??= i.message;
  return errors;
}
