import type { Deps } from '../deps.js';
import { createContactIn } from '../contacts/contacts.service.js';
import { linkContact } from './registrations.queries.js';
import { procedureDeadlines, setProcedureTaskRaised } from './care-case.queries.js';
import { workingDaysBefore } from './deadlines.js';
import type { ProcedureKind } from './care-case.table.js';

/** Running procedures' due dates (cases not closed) for /deadlines; `regions` limits them to a coordinator's. */
export async function procedureDeadlineRows(deps: Deps, regions?: number[]) {
  const rows = await procedureDeadlines(deps.db, regions);
  return rows.map((r) => ({
    id: r.registration_id,
    reference: r.reference ?? '',
    procedure: r.kind as ProcedureKind,
    endsOn: r.due_on!,
  }));
}

/**
 * The deadline job's step for procedures: a running procedure whose raise day (N working days before its due
 * date) has come gets one task in the care queue, once per due date (a new due date raises a new one). The task's
 * subject holds the procedure's code and the reference only.
 */
export async function raiseProcedureTasks(
  deps: Deps,
  today: string,
  workingDays: number,
  isWorkingDay: (isoDate: string) => boolean,
): Promise<number> {
  let raised = 0;
  for (const p of await procedureDeadlines(deps.db)) {
    const due = p.due_on!;
    if (due < today || p.task_raised_for === due) continue;
    if (workingDaysBefore(due, workingDays, isWorkingDay) > today) continue;
    await deps.db.transaction().execute(async (trx) => {
      const task = await createContactIn(
        deps,
        trx,
        {
          channel: 'manual',
          subject: `Procedure ${p.kind} ${p.reference} (${due})`,
          queue: 'care',
        },
        { id: null },
      );
      await linkContact(trx, p.registration_id, task.id, deps.clock().toISOString(), null);
      await setProcedureTaskRaised(trx, p.id, due);
    });
    raised++;
  }
  return raised;
}
