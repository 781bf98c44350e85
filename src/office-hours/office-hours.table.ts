import type { Generated } from 'kysely';

/** A closure of the desk outside its weekly hours (a holiday, an afternoon). */
interface ClosureTable {
  id: Generated<number>;
  start_at: string;
  end_at: string;
  reason: string;
  created_by: number | null;
  created_at: string;
}

/** The office hours' table, joined into DB in src/db/schema.ts. */
export interface OfficeHoursTables {
  closures: ClosureTable;
}
