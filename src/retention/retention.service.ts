import { blankReferralReasons } from '../registrations/care-case.queries.js';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import type { Deps } from '../deps.js';
import type { Translate } from '../i18n/i18n.js';
import { writeAudit, writeCheckpoint } from '../audit/audit.queries.js';
import { isDiskFull, isUniqueViolation } from '../db/errors.js';
import { eraseFreedSpace, truncateLog } from '../db/secure-erase.js';
import { eraseOwnIdentifiersIn, eraseReplyTextsIn } from '../contacts/contact-erase.service.js';
import { eraseSignalNotesIn } from '../signals/signals.service.js';
import { rebuildSearchText } from '../contacts/search-text.service.js';
import { runLeased } from '../db/leases.js';
import { KINDS, type Kind } from './retention.table.js';
import * as q from './retention.queries.js';
import { deleteRecordingAtTwilio } from '../calls/recordings.service.js';

/**
 * Retention periods in days, with their bounds. Defaults (README): recordings 90 days, transcriptions 1 year,
 * mail bodies and attachments 2 years (docs/product.md §7), identifying fields of closed registrations 5 years, a contact's
 * own identifiers 2 years (domain.md §5.3-5.4: identifiers only while coordination needs them, keep it short), the
 * audit log 7 years (never under 5: NEN 7513's minimum for access logs, domain.md §5.4). Everything counts from
 * closing.
 */
export const PERIODS: Record<Kind, { default: number; min: number; max: number }> = {
  recordings: { default: 90, min: 1, max: 3650 },
  transcriptions: { default: 365, min: 1, max: 3650 },
  mail: { default: 730, min: 1, max: 3650 },
  identifiers: { default: 1825, min: 30, max: 7300 },
  contacts: { default: 730, min: 30, max: 3650 },
  audit: { default: 2555, min: 1825, max: 7300 },
};

/**
 * Where the mail's attachment store keeps a file (src/email/inbound/attachment-store.ts, pathOf: content-addressed under
 * `<DATA_DIR>/attachments/<first two hex>/<name>`); the name is checked to be 64 hex digits by the caller.
 */
const attachmentPath = (deps: Deps, name: string) => join(deps.config.dataDir, 'attachments', name.slice(0, 2), name);

/** Items per transaction: a purge never holds the database in one huge transaction. */
const BATCH = 200;

const DAY_MS = 86_400_000;

async function retentionPeriods(deps: Deps): Promise<Record<Kind, number>> {
  const out = Object.fromEntries(KINDS.map((k) => [k, PERIODS[k].default])) as Record<Kind, number>;
  for (const row of await q.listSettings(deps.db)) if (KINDS.includes(row.kind)) out[row.kind] = row.days;
  return out;
}

/** The form's schema: each period a whole number of days within its bounds; messages through `t`. */
export function periodsSchema(t: Translate) {
  const field = (k: Kind) =>
    z
      .string({ message: t('field.required') })
      .trim()
      .min(1, t('field.required'))
      .max(6, t('retention.error.range', { min: PERIODS[k].min, max: PERIODS[k].max }))
      .regex(/^\d+$/, t('retention.error.number'))
      .transform(Number)
      .pipe(
        z
          .number()
          .int()
          .min(PERIODS[k].min, t('retention.error.range', { min: PERIODS[k].min, max: PERIODS[k].max }))
          .max(PERIODS[k].max, t('retention.error.range', { min: PERIODS[k].min, max: PERIODS[k].max })),
      );
  return z.object(Object.fromEntries(KINDS.map((k) => [k, field(k)])) as Record<Kind, ReturnType<typeof field>>);
}

/** Saves the periods; each change is audited (old → new) in the same transaction. */
export async function savePeriods(deps: Deps, values: Record<Kind, number>, actor: { id: number; ip: string | null }) {
  const now = deps.clock().toISOString();
  const before = await retentionPeriods(deps);
  await deps.db.transaction().execute(async (trx) => {
    for (const k of KINDS) {
      if (before[k] === values[k]) continue;
      await q.upsertSetting(trx, k, values[k], now, actor.id);
      await writeAudit(trx, {
        at: now,
        actorId: actor.id,
        action: 'retention.period',
        subjectType: 'retention',
        subjectId: k,
        ip: actor.ip,
        details: { kind: k, from: before[k], to: values[k] },
      });
    }
  });
}

/** Claims the one running purge; null when a run is going on already. */
export async function claimRun(deps: Deps, now: Date, origin: 'schedule' | 'manual', by: number | null = null) {
  try {
    return await q.insertRun(deps.db, origin, by, now.toISOString());
  } catch (e) {
    if (isUniqueViolation(e)) return null;
    throw e;
  }
}

type Counts = Partial<Record<Kind, { removed: number; failed: number }>>;

/** The daily purge: claims the run and does every kind in batches. Returns the run's id, or null if one was running. */
export async function runPurge(deps: Deps, now: Date): Promise<number | null> {
  const id = await claimRun(deps, now, 'schedule');
  if (id === null) return null;
  await executeRun(deps, id, now, null);
  return id;
}

/** The lease a run holds while it works, renewed by its instance: a run whose lease ran out was left by a dead one. */
const RUN_LEASE = 'retention:run';

/**
 * Does a claimed run under the run's lease (several instances: the one doing it renews the lease while it works),
 * so that another instance can tell a run in progress from one a stopped instance left 'running'.
 */
export async function executeRun(deps: Deps, runId: number, now: Date, actorId: number | null): Promise<Counts> {
  const r = await runLeased(deps, RUN_LEASE, { ttlMs: 10 * 60_000, nextInMs: 0, force: true }, () =>
    executeRunNow(deps, runId, now, actorId),
  );
  return r.ran ? r.result! : executeRunNow(deps, runId, now, actorId);
}

/** Marks a run left 'running' by a stopped instance as interrupted — never one another instance is still doing. */
export async function recoverInterruptedRun(deps: Deps): Promise<void> {
  await runLeased(deps, RUN_LEASE, { ttlMs: 60_000, nextInMs: 0, force: true }, () =>
    q.markRunningInterrupted(deps.db, deps.clock().toISOString()),
  );
}

/** Runs the daily purge when no run started in the last 24 hours (one instance at a time calls this, boot.ts). */
export async function purgeIfDue(deps: Deps): Promise<void> {
  await recoverInterruptedRun(deps);
  const now = deps.clock();
  const last = await q.lastStartedAt(deps.db);
  if (!last || now.getTime() - Date.parse(last) >= DAY_MS) await runPurge(deps, now);
}

/** Each kind in turn, in batches, with its progress on the run and one audit entry per kind. */
async function executeRunNow(deps: Deps, runId: number, now: Date, actorId: number | null): Promise<Counts> {
  const periods = await retentionPeriods(deps);
  const nowIso = now.toISOString();
  const counts: Counts = {};
  try {
    for (const kind of KINDS) {
      const cutoff = new Date(now.getTime() - periods[kind] * DAY_MS);
      const c = await purgeKind(deps, runId, kind, cutoff, nowIso);
      counts[kind] = c;
      await deps.db.transaction().execute(async (trx) => {
        await q.updateRun(trx, runId, { counts: JSON.stringify(counts) });
        await writeAudit(trx, {
          at: deps.clock().toISOString(),
          actorId,
          action: 'retention.purge',
          subjectType: 'retention_run',
          subjectId: runId,
          details: { kind, removed: c.removed, failed: c.failed, days: periods[kind] },
        });
      });
    }
    // What the purge removed leaves no copy in the database's storage (src/db/secure-erase.ts).
    // Also when nothing was due now but the run before did not finish (its erasing may not have happened).
    const erase =
      Object.values(counts).some((c) => c && c.removed > 0) || (await q.previousRunStatus(deps.db, runId)) !== 'done';
    if (erase) {
      await q.updateRun(deps.db, runId, { current_kind: null });
      await eraseFreedSpace(deps.db);
    }
    await q.updateRun(deps.db, runId, {
      status: 'done',
      finished_at: deps.clock().toISOString(),
      current_kind: null,
      counts: JSON.stringify(counts),
    });
    if (erase) await truncateLog(deps.db);
  } catch (e) {
    // Every batch is one transaction: what committed is marked purged, the rest is still due, so the next run
    // resumes where this one stopped. A full disk is told apart for the admin page; no personal data is logged.
    const failure = isDiskFull(e) ? 'disk_full' : 'error';
    deps.log.error('retention purge failed', { runId, failure, code: (e as { code?: unknown }).code });
    try {
      await q.updateRun(deps.db, runId, {
        status: 'failed',
        failure,
        finished_at: deps.clock().toISOString(),
        current_kind: null,
        counts: JSON.stringify(counts),
      });
    } catch (e2) {
      // Not even the run's own row could be written (the disk is still full): the run stays 'running' until
      // recoverInterruptedRun marks it interrupted (the lease runs out), and the next run resumes.
      deps.log.error('retention purge could not record its failure', { runId, code: (e2 as { code?: unknown }).code });
    }
  }
  return counts;
}

async function progress(deps: Deps, runId: number, kind: Kind, done: number, total: number) {
  await q.updateRun(deps.db, runId, { current_kind: kind, done_count: done, total_count: total });
}

async function purgeKind(deps: Deps, runId: number, kind: Kind, cutoffAt: Date, now: string) {
  const cutoff = cutoffAt.toISOString();
  let removed = 0;
  let failed = 0;
  let after = 0;
  if (kind === 'recordings') {
    const total = await q.countRecordingsDue(deps.db, cutoff, now);
    await progress(deps, runId, kind, 0, total);
    for (;;) {
      const batch = await q.recordingsDueBatch(deps.db, cutoff, now, after, BATCH);
      if (!batch.length) break;
      after = batch[batch.length - 1]!.id;
      const gone: number[] = [];
      for (const r of batch) {
        if (await deleteRecordingAtTwilio(deps, r.recording_sid)) gone.push(r.id);
        else failed++;
      }
      await deps.db.transaction().execute(async (trx) => {
        await q.clearRecordingUrl(trx, gone, now);
        await q.markPurged(trx, 'recording', gone, now, runId);
      });
      removed += gone.length;
      await progress(deps, runId, kind, removed + failed, total);
    }
  } else if (kind === 'transcriptions') {
    const total = await q.countTranscriptionsDue(deps.db, cutoff, now);
    await progress(deps, runId, kind, 0, total);
    for (;;) {
      const batch = await q.transcriptionsDueBatch(deps.db, cutoff, now, after, BATCH);
      if (!batch.length) break;
      after = batch[batch.length - 1]!.id;
      await deps.db.transaction().execute(async (trx) => {
        for (const r of batch) await q.clearTranscription(trx, r.id, now);
        // The search text is made anew from what the contacts still hold.
        for (const id of new Set(batch.map((r) => r.contact_id))) await rebuildSearchText(deps, trx, id);
        await q.markPurged(
          trx,
          'transcription',
          batch.map((r) => r.id),
          now,
          runId,
        );
      });
      removed += batch.length;
      await progress(deps, runId, kind, removed, total);
    }
  } else if (kind === 'mail') {
    const total = await q.countMailDue(deps.db, cutoff, now);
    await progress(deps, runId, kind, 0, total);
    for (;;) {
      const batch = await q.mailDueBatch(deps.db, cutoff, now, after, BATCH);
      if (!batch.length) break;
      after = batch[batch.length - 1]!.id;
      const ids = batch.map((m) => m.id);
      const files = new Set<string>();
      await deps.db.transaction().execute(async (trx) => {
        for (const a of await q.attachmentFilesOf(trx, ids)) if (a.sha256) files.add(a.sha256);
        for (const m of batch) if (m.source_file) files.add(m.source_file);
        await q.blankMessages(trx, ids);
        const contactIds = [...new Set(batch.map((m) => m.contact_id))];
        // A reply's text is kept in clear on its timeline event too: it goes with the message.
        await eraseReplyTextsIn(trx, contactIds, ids);
        for (const id of contactIds) await rebuildSearchText(deps, trx, id);
        await q.markPurged(trx, 'mail', ids, now, runId);
      });
      // Files go after the rows no longer point at them; a file another live message shares stays.
      for (const name of files) {
        if (!/^[0-9a-f]{64}$/.test(name) || (await q.fileStillUsed(deps.db, name))) continue;
        await rm(attachmentPath(deps, name), { force: true });
      }
      removed += batch.length;
      await progress(deps, runId, kind, removed, total);
    }
  } else if (kind === 'identifiers') {
    const day = cutoff.slice(0, 10);
    const reflectionDay = new Date(cutoffAt.getTime() - 90 * DAY_MS).toISOString().slice(0, 10);
    const total = await q.countRegistrationsDue(deps.db, cutoff, day, reflectionDay);
    await progress(deps, runId, kind, 0, total);
    for (;;) {
      const batch = await q.registrationsDueBatch(deps.db, cutoff, day, reflectionDay, after, BATCH);
      if (!batch.length) break;
      after = batch[batch.length - 1]!.id;
      const ids = batch.map((g) => g.id);
      await deps.db.transaction().execute(async (trx) => {
        await q.blankIdentifiers(trx, ids);
        await blankReferralReasons(trx, ids); // a returned referral's reason is free text, like the notes
        await eraseSignalNotesIn(trx, 'registration', ids);
        await q.markPurged(trx, 'registration', ids, now, runId);
      });
      removed += ids.length;
      await progress(deps, runId, kind, removed, total);
    }
  } else if (kind === 'contacts') {
    const total = await q.countContactsDue(deps.db, cutoff, now);
    await progress(deps, runId, kind, 0, total);
    for (;;) {
      const batch = await q.contactsDueBatch(deps.db, cutoff, now, after, BATCH);
      if (!batch.length) break;
      after = batch[batch.length - 1]!.id;
      const ids = batch.map((c) => c.id);
      await deps.db.transaction().execute(async (trx) => {
        await eraseOwnIdentifiersIn(trx, ids);
        await eraseSignalNotesIn(trx, 'contact', ids);
        await q.blankMailHeaders(trx, ids);
        await q.blankCallsAndDrafts(trx, ids);
        await q.forgetAcknowledgedSenders(trx, cutoff);
        for (const id of ids) await rebuildSearchText(deps, trx, id);
        await q.markPurgedNow(trx, 'contact', ids, now, runId);
      });
      removed += ids.length;
      await progress(deps, runId, kind, removed, total);
    }
  } else {
    const total = await q.countAuditDue(deps.db, cutoff);
    await progress(deps, runId, kind, 0, total);
    for (;;) {
      // Each batch leaves a signed checkpoint where it ended, in its transaction: the chain is verified from there.
      const n = await deps.db.transaction().execute(async (trx) => {
        const r = await q.deleteAuditBatch(trx, cutoff, BATCH * 5);
        if (r.last) await writeCheckpoint(trx, r.last, now);
        return r.count;
      });
      if (!n) break;
      removed += n;
      await progress(deps, runId, kind, removed, total);
    }
  }
  return { removed, failed };
}

/** "Run now" by an admin: claims the run and does it in the background; false when one is running already. */
export async function startRunNow(deps: Deps, actorId: number): Promise<boolean> {
  const now = deps.clock();
  const id = await claimRun(deps, now, 'manual', actorId);
  if (id === null) return false;
  void executeRun(deps, id, now, actorId).catch((e) =>
    deps.log.error('retention purge failed', { runId: id, reason: (e as Error).message }),
  );
  return true;
}

/** What the admin page shows: the periods, the run going on (kind, n of m) and the last runs with their counts. */
export async function retentionStatus(deps: Deps) {
  const [periods, running, runs] = await Promise.all([
    retentionPeriods(deps),
    q.runningRun(deps.db),
    q.lastRuns(deps.db, 5),
  ]);
  const parse = (s: string): Counts => {
    try {
      return JSON.parse(s) as Counts;
    } catch {
      return {};
    }
  };
  return { periods, running, runs: runs.map((r) => ({ ...r, counts: parse(r.counts) })) };
}
