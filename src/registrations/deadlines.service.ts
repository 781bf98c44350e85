import type { Deps } from '../deps.js';
import type { CurrentUser } from '../http/app-env.js';
import { writeAudit } from '../audit/audit.queries.js';
import { createContactIn } from '../contacts/contacts.service.js';
import { openIntervalsOnLocalDate } from '../office-hours/calendar.js';
import { daysLeft, deadlineQueue, deadlinesOf, workingDaysBefore } from './deadlines.js';
import type { DeadlineKind } from './registrations.table.js';
import { procedureDeadlineRows, raiseProcedureTasks } from './procedure-deadlines.service.js';
import type { ProcedureKind } from './care-case.table.js';
import {
  deadlineTaskRaised,
  linkContact,
  recordDeadlineTask,
  registrationsWithDeadlines,
} from './registrations.queries.js';
import { localToday, regionScope } from './registrations.service.js';

/** A working day: the office is open at some moment of that local date (weekends, holidays, closures are not). */
function isWorkingDay(deps: Deps, isoDate: string): boolean {
  return openIntervalsOnLocalDate(deps.officeHours.calendar, isoDate).length > 0;
}

/** Every deadline the user may see, what runs out first on top. Audited as a list view with the references shown. */
export async function deadlineList(deps: Deps, user: CurrentUser, ip: string | null) {
  const today = localToday(deps);
  const scope = await regionScope(deps, user);
  const rows = await registrationsWithDeadlines(deps.db, scope);
  const procedures = (await procedureDeadlineRows(deps, scope)).map((p) => ({
    ...p,
    kind: 'procedure' as const,
    daysLeft: daysLeft(p.endsOn, today),
  }));
  const list = rows
    .flatMap((r) =>
      deadlinesOf(r).map((d) => ({
        id: r.id,
        reference: r.reference ?? '',
        kind: d.kind as DeadlineKind | 'procedure',
        procedure: undefined as ProcedureKind | undefined,
        endsOn: d.endsOn,
        daysLeft: daysLeft(d.endsOn, today),
      })),
    )
    .concat(procedures)
    .sort((a, b) => a.endsOn.localeCompare(b.endsOn) || a.reference.localeCompare(b.reference));
  await writeAudit(deps.db, {
    at: deps.clock().toISOString(),
    actorId: user.id,
    action: 'deadline.list',
    subjectType: 'registration',
    ip,
    details: { count: list.length, shown: [...new Set(list.map((d) => d.reference))] },
  });
  return list;
}

/**
 * The periodic job's step: for each deadline that has not yet run out and whose raise day (N working days before
 * it, DEADLINE_WORKING_DAYS, default 10) has come, one task in the queue that answers for it, once; and the same for
 * each running procedure's due date (procedure-deadlines.service.ts).
 */
export async function raiseDeadlineTasks(deps: Deps, workingDays = deps.config.deadlineWorkingDays): Promise<number> {
  const today = localToday(deps);
  let raised = 0;
  for (const r of await registrationsWithDeadlines(deps.db)) {
    for (const d of deadlinesOf(r)) {
      if (d.endsOn < today) continue;
      const raiseOn = workingDaysBefore(d.endsOn, workingDays, (x) => isWorkingDay(deps, x));
      if (raiseOn > today) continue;
      if (await deadlineTaskRaised(deps.db, r.id, d.kind, d.endsOn)) continue;
      await deps.db.transaction().execute(async (trx) => {
        const task = await createContactIn(
          deps,
          trx,
          {
            channel: 'manual',
            subject: `${deadlineSubject(d.kind)} ${r.reference} (${d.endsOn})`,
            queue: deadlineQueue(d.kind),
          },
          { id: null },
        );
        await linkContact(trx, r.id, task.id, deps.clock().toISOString(), null);
        await recordDeadlineTask(trx, {
          registrationId: r.id,
          kind: d.kind,
          endsOn: d.endsOn,
          contactId: task.id,
          at: deps.clock().toISOString(),
        });
      });
      raised++;
    }
  }
  return raised + (await raiseProcedureTasks(deps, today, workingDays, (x) => isWorkingDay(deps, x)));
}

const deadlineSubject = (kind: DeadlineKind) =>
  kind === 'reflection'
    ? 'Bedenktijd loopt af / reflection period ends'
    : kind === 'permit'
      ? 'Vergunning verloopt / permit expires'
      : 'Opvang eindigt / shelter stay ends';

/** Starts the deadline job: once shortly after start, then every hour. Returns a function that stops it. */
export function startDeadlineJob(deps: Deps, everyMs = 60 * 60 * 1000, firstDelayMs = 5000): () => Promise<void> {
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  const step = async () => {
    if (stopped) return;
    try {
      await raiseDeadlineTasks(deps);
    } catch (err) {
      deps.log.warn('deadline job failed', { err: err instanceof Error ? err.message : 'unknown' });
    }
    if (!stopped) timer = setTimeout(step, everyMs);
  };
  timer = setTimeout(step, firstDelayMs);
  return async () => {
    stopped = true;
    clearTimeout(timer);
  };
}
