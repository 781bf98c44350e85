import type { Db } from '../db/database.js';
import type { Config } from '../config.js';
import { writeAudit } from '../audit/audit.queries.js';
import { allClosures, closuresEndingAfter, deleteClosure, insertClosure } from './office-hours.queries.js';
import { addWorkingHours, isOpen, officeStatus, type CalendarConfig, type Closure } from './calendar.js';

/**
 * The desk's calendar as the rest of the app sees it: the configured hours and holiday rules plus the
 * closures an admin keeps in the database (cached, reloaded after every change).
 */
export class OfficeHours {
  private closures: Closure[] = [];
  private cal: CalendarConfig;
  // Answers per whole minute: every boundary (weekly hours, holidays, closures entered in minutes) falls on one.
  private openCache = new Map<number, boolean>();
  private statusCache: { minute: number; status: ReturnType<typeof officeStatus> } | null = null;

  constructor(
    private readonly db: Db,
    private readonly office: Config['office'],
  ) {
    this.cal = { ...office, closures: [] };
  }

  /** Reads the closures from the database; call at start and after a change. */
  async reload(): Promise<void> {
    const rows = await allClosures(this.db);
    this.closures = rows.map((r) => ({ startAt: r.start_at, endAt: r.end_at, reason: r.reason }));
    this.cal = { ...this.office, closures: this.closures };
    this.openCache.clear();
    this.addCache?.clear();
    this.statusCache = null;
    this.version += 1;
  }

  /** Goes up with every reload, so caches built on the calendar know when to drop their answers. */
  version = 0;

  get calendar(): CalendarConfig {
    return this.cal;
  }
  isOpen(t: Date): boolean {
    const minute = Math.floor(t.getTime() / 60_000);
    let open = this.openCache.get(minute);
    if (open === undefined) {
      if (this.openCache.size > 10_000) this.openCache.clear();
      open = isOpen(this.cal, new Date(minute * 60_000));
      this.openCache.set(minute, open);
    }
    return open;
  }
  status(t: Date) {
    const minute = Math.floor(t.getTime() / 60_000);
    if (this.statusCache?.minute !== minute)
      this.statusCache = { minute, status: officeStatus(this.cal, new Date(minute * 60_000)) };
    return this.statusCache.status;
  }
  /**
   * addWorkingHours, answered from a per-minute cache: within one minute t is either closed throughout (the
   * answer counts from the next opening and is the same) or open throughout (the answer shifts with t), unless
   * the minute's answer lands exactly on a closing time, which is computed afresh.
   */
  addWorkingHours(t: Date, hours: number): Date {
    const ms = t.getTime();
    const minuteStart = Math.floor(ms / 60_000) * 60_000;
    const key = `${minuteStart}|${hours}`;
    let base = this.addCache.get(key);
    if (base === undefined) {
      if (this.addCache.size > 10_000) this.addCache.clear();
      const r = addWorkingHours(this.cal, new Date(minuteStart), hours);
      base = { at: r.getTime(), shifts: this.isOpen(new Date(minuteStart)), onBoundary: !isOpen(this.cal, r) };
      this.addCache.set(key, base);
    }
    if (!base.shifts) return new Date(base.at);
    if (base.onBoundary) return addWorkingHours(this.cal, t, hours);
    return new Date(base.at + (ms - minuteStart));
  }
  private addCache = new Map<string, { at: number; shifts: boolean; onBoundary: boolean }>();
}

/** Lists closures that have not ended yet (and recent ones), for the admin page. */
export async function listClosures(db: Db, since: string) {
  return closuresEndingAfter(db, since);
}

/** Adds a closure and audits it in one transaction; the calendar is reloaded afterwards. */
export async function addClosure(
  deps: { db: Db; officeHours: OfficeHours; clock: () => Date },
  actorId: number,
  c: { startAt: string; endAt: string; reason: string },
  ip: string,
) {
  const now = deps.clock().toISOString();
  await deps.db.transaction().execute(async (trx) => {
    const id = await insertClosure(trx, c, actorId, now);
    await writeAudit(trx, {
      at: now,
      actorId,
      action: 'closure.create',
      subjectType: 'closure',
      subjectId: id,
      ip,
      details: { startAt: c.startAt, endAt: c.endAt },
    });
  });
  await deps.officeHours.reload();
}

/** Removes a closure (audited); false when it did not exist. */
export async function removeClosure(
  deps: { db: Db; officeHours: OfficeHours; clock: () => Date },
  actorId: number,
  id: number,
  ip: string,
): Promise<boolean> {
  const now = deps.clock().toISOString();
  const removed = await deps.db.transaction().execute(async (trx) => {
    const row = await deleteClosure(trx, id);
    if (row)
      await writeAudit(trx, {
        at: now,
        actorId,
        action: 'closure.delete',
        subjectType: 'closure',
        subjectId: id,
        ip,
        details: { startAt: row.start_at, endAt: row.end_at },
      });
    return !!row;
  });
  await deps.officeHours.reload();
  return removed;
}
