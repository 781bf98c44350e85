/**
 * A calendar date (`YYYY-MM-DD`, or the date part of a stored timestamp) as the desk writes it everywhere:
 * DD-MM-YYYY. Anything else is shown as it is; empty for none.
 */
export function dayMonthYear(iso: string | null | undefined): string {
  if (!iso) return '';
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso);
  return m ? `${m[3]}-${m[2]}-${m[1]}` : iso;
}
