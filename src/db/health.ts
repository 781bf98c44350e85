import { sql } from 'kysely';
import { type Db, isPostgres } from './database.js';

interface HealthDeps {
  db: Db;
  instanceId: string;
  clock: () => Date;
  log: { warn(msg: string, fields?: Record<string, unknown>): void; info(msg: string): void };
}

const DAY_MS = 24 * 60 * 60_000;
/** About a call's webhook's worth of WAL (a contact, a call, the audit entry, the search index: ~40 kB), and more. */
const SQLITE_PAD_BYTES = 64 * 1024;

/**
 * Whether the database is usable for what the desk does: it answers and it takes a write. A read alone is not
 * enough: on a full disk or a read-only file system or server, `SELECT 1` still answers while every webhook
 * fails. So each check commits a write, the instance's row in health_probe, through the same transactions and
 * (on SQLite) the same group commit as the webhooks. On SQLite the row carries 64 kB of random bytes, new at every
 * check (SQLite skips rewriting pages whose bytes did not change, so zeros would cost nothing): the check needs as much room in the WAL as a webhook (more, in fact), so on a filling disk it fails no
 * later than they do. On PostgreSQL the row stays small: a server whose WAL cannot be written stops, and a
 * read-only one refuses any write.
 *
 * /healthz is public: the result is kept for `minIntervalMs` (real time) and checks that arrive meanwhile share
 * one write, so a flood of health checks costs at most one such commit every two seconds. A change between usable
 * and not is logged once, with the database's error code only.
 */
export function healthProbe(deps: HealthDeps, minIntervalMs = 2000): () => Promise<boolean> {
  let last: { at: number; ok: boolean } | null = null;
  let running: Promise<boolean> | null = null;
  const pad = isPostgres(deps.db) ? '' : sql<string>`randomblob(${SQLITE_PAD_BYTES})`;
  const probe = async (): Promise<boolean> => {
    try {
      const now = deps.clock();
      const checked_at = now.toISOString();
      await deps.db.transaction().execute(async (trx) => {
        await trx
          .insertInto('health_probe')
          .values({ instance: deps.instanceId, checked_at, pad })
          .onConflict((oc) => oc.column('instance').doUpdateSet((eb) => ({ checked_at, pad: eb.ref('excluded.pad') })))
          .execute();
        await trx
          .deleteFrom('health_probe')
          .where('checked_at', '<', new Date(now.getTime() - DAY_MS).toISOString())
          .execute();
      });
      if (last && !last.ok) deps.log.info('database writable again: /healthz answers 200');
      return true;
    } catch (e) {
      if (!last || last.ok)
        deps.log.warn('database cannot write: /healthz answers 503', {
          code: (e as { code?: unknown }).code ?? null,
        });
      return false;
    }
  };
  return () => {
    if (last && Date.now() - last.at < minIntervalMs) return Promise.resolve(last.ok);
    running ??= probe().then((ok) => {
      last = { at: Date.now(), ok };
      running = null;
      return ok;
    });
    return running;
  };
}

/**
 * PostgreSQL settings under which a commit Baken answered for (a webhook's 200, a mail's 250) may not outlast a
 * power loss or a crash of the server's machine: `fsync` or `full_page_writes` off (the database itself may be
 * damaged), `synchronous_commit` off (the last commits may be gone). Empty on SQLite and on a server without them.
 */
export async function postgresDurabilityGaps(db: Db): Promise<string[]> {
  if (!isPostgres(db)) return [];
  const r = await sql<{ fsync: string; fpw: string; sc: string }>`
    SELECT current_setting('fsync') AS fsync, current_setting('full_page_writes') AS fpw,
           current_setting('synchronous_commit') AS sc`.execute(db);
  const s = r.rows[0];
  if (!s) return [];
  return [
    ...(s.fsync === 'off' ? ['fsync=off'] : []),
    ...(s.fpw === 'off' ? ['full_page_writes=off'] : []),
    ...(s.sc === 'off' ? ['synchronous_commit=off'] : []),
  ];
}
