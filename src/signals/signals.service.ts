import { stringify } from 'csv-stringify/sync';
import type { Deps } from '../deps.js';
import type { CurrentUser } from '../http/app-env.js';
import { AppError } from '../shared/app-error.js';
import { writeAudit } from '../audit/audit.queries.js';
import { findContact } from '../contacts/contacts.queries.js';
import { assertContactVisible } from '../contacts/contacts.service.js';
import { findRegistration } from '../registrations/registrations.queries.js';
import { localToday, regionScope } from '../registrations/registrations.service.js';
import type { Executor } from '../db/database.js';
import { blankSignalNotes, insertSignal, signalsBetween, signalsOn } from './signals.queries.js';
import type { SignalCode } from './signals.table.js';

export interface Actor {
  id: number;
  ip: string | null;
}

/** Throws 404 unless the record exists and the user may open it (a coordinator: registrations of their regions). */
async function assertVisible(deps: Deps, on: 'contact' | 'registration', id: number, user: CurrentUser) {
  if (on === 'contact') {
    if (!(await findContact(deps.db, id))) throw new AppError('contact_not_found', 'Not found');
    await assertContactVisible(deps, user, id);
    return;
  }
  const reg = await findRegistration(deps.db, id);
  const scope = await regionScope(deps, user);
  if (!reg || (scope && (reg.care_region_id === null || !scope.includes(reg.care_region_id))))
    throw new AppError('registration_not_found', 'Not found');
}

/**
 * Marks a contact or a registration with a coded obstacle and a short note (encrypted: it is free text), counted in
 * the quarter of the desk's local date. Audited in the same transaction with the code, never the note.
 */
export async function markSignal(
  deps: Deps,
  on: 'contact' | 'registration',
  id: number,
  input: { code: SignalCode; note: string },
  user: CurrentUser,
  ip: string | null,
): Promise<number> {
  await assertVisible(deps, on, id, user);
  const now = deps.clock().toISOString();
  return deps.db.transaction().execute(async (trx) => {
    const signalId = await insertSignal(trx, {
      on_kind: on,
      contact_id: on === 'contact' ? id : null,
      registration_id: on === 'registration' ? id : null,
      code: input.code,
      note_enc: input.note ? deps.crypto.encrypt(input.note) : null,
      marked_on: localToday(deps),
      marked_at: now,
      marked_by: user.id,
    });
    await writeAudit(trx, {
      at: now,
      actorId: user.id,
      action: 'signal.mark',
      subjectType: on,
      subjectId: id,
      ip,
      details: { code: input.code, signal: signalId },
    });
    return signalId;
  });
}

/** The signals of a record for its page's panel, notes decrypted (the page that shows them is audited itself). */
export async function signalsOf(deps: Deps, on: 'contact' | 'registration', id: number) {
  const rows = await signalsOn(deps.db, on, id);
  return rows.map((r) => ({
    id: r.id,
    code: r.code,
    note: deps.crypto.decrypt(r.note_enc) ?? '',
    markedOn: r.marked_on,
    markedBy: r.marked_by_name ?? '',
  }));
}

const QUARTER = /^(\d{4})-Q([1-4])$/;
/** The first and last day of a quarter named `2026-Q1`, or null. */
function quarterRange(q: string): { from: string; to: string } | null {
  const m = QUARTER.exec(q);
  if (!m) return null;
  const first = (Number(m[2]) - 1) * 3 + 1;
  const last = new Date(Date.UTC(Number(m[1]), first + 2, 0)).getUTCDate();
  return {
    from: `${m[1]}-${String(first).padStart(2, '0')}-01`,
    to: `${m[1]}-${String(first + 2).padStart(2, '0')}-${last}`,
  };
}

/**
 * A quarter's signals for the centre's policy advice: one row per signal with its code, the day marked, the kind of
 * record and the note — no reference, name or number that leads back to a person. Audited as an export.
 */
export async function signalsExport(deps: Deps, quarter: string, actor: Actor): Promise<string> {
  const range = quarterRange(quarter);
  if (!range) throw new AppError('bad_request', 'the quarter as YYYY-Qn');
  const rows = await signalsBetween(deps.db, range.from, range.to);
  await writeAudit(deps.db, {
    at: deps.clock().toISOString(),
    actorId: actor.id,
    action: 'signal.export',
    subjectType: 'statistics',
    subjectId: 'signals',
    ip: actor.ip,
    details: { quarter, rows: rows.length },
  });
  return stringify([
    ['quarter', 'marked_on', 'code', 'on', 'note'],
    ...rows.map((r) => [quarter, r.marked_on, r.code, r.on_kind, deps.crypto.decrypt(r.note_enc) ?? '']),
  ]);
}

/**
 * Erases the notes of the signals on these contacts or registrations when their retention period is over, in the
 * retention batch's transaction: a note is free text about the case. The code and the day stay for the figures.
 */
export async function eraseSignalNotesIn(db: Executor, on: 'contact' | 'registration', ids: number[]) {
  await blankSignalNotes(db, on, ids);
}
