import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = join(import.meta.dirname, '../../../src');

/** Every source file under src/, with its path relative to src/. */
function sources(dir = SRC): { path: string; text: string }[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = join(dir, e.name);
    if (e.isDirectory()) return sources(full);
    return /\.(ts|tsx)$/.test(e.name) ? [{ path: relative(SRC, full), text: readFileSync(full, 'utf8') }] : [];
  });
}

// Writes to the contacts table in any form: Kysely's builders (any quote style, spacing or line breaks, also
// through a variable table name), and raw SQL.
const WRITES = [
  /\b(updateTable|insertInto|replaceInto|deleteFrom|mergeInto)\s*\(\s*['"`]contacts['"`]/,
  /\b(UPDATE|INSERT\s+(OR\s+\w+\s+)?INTO|REPLACE\s+INTO|DELETE\s+FROM)\s+["'`]?contacts["'`]?(\s|\(|$)/i,
];

describe('one owner of a contact’s changes', () => {
  it('finds a write to the contacts table by each of the forms it looks for', () => {
    const samples = [
      "trx.updateTable('contacts').set({ status: 'open' })",
      'db.insertInto("contacts").values(row)',
      "db\n  .updateTable(\n    'contacts'\n  )",
      'sql`UPDATE contacts SET status = 1`',
      'sql`insert into contacts (id) values (1)`',
      "db.deleteFrom('contacts')",
    ];
    for (const s of samples)
      expect(
        WRITES.some((re) => re.test(s)),
        s,
      ).toBe(true);
    for (const s of ["db.selectFrom('contacts')", "updateTable('contact_events')", 'UPDATE contact_text SET'])
      expect(
        WRITES.some((re) => re.test(s)),
        s,
      ).toBe(false);
  });

  it('lets no module outside src/contacts/ update or insert into the contacts table', () => {
    const files = sources();
    expect(files.length).toBeGreaterThan(20);
    const offenders = files
      .filter((f) => !f.path.startsWith('contacts/'))
      .filter((f) => WRITES.some((re) => re.test(f.text)))
      .map((f) => f.path);
    expect(offenders, 'change contacts through changeContactIn / createContactIn in src/contacts').toEqual([]);
  });

  it('keeps the writes inside src/contacts/ to the queries module', () => {
    const inside = sources()
      .filter((f) => f.path.startsWith('contacts/') && !f.path.endsWith('.queries.ts'))
      .filter((f) => WRITES.some((re) => re.test(f.text)))
      .map((f) => f.path);
    expect(inside).toEqual([]);
  });
});
