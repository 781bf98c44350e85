import type { Deps } from '../deps.js';
import { listUnhashedNames, setNameHash } from './contacts.queries.js';
import { nameHash } from './contacts.service.js';

/**
 * Gives contacts logged before the exact name search (migration 0005) their name hash, a few hundred at a time
 * between other work, so their party can be found by name too. Returns a function that stops it.
 */
export function startNameHashBackfill(deps: Deps, batch = 300, firstDelayMs = 1000): () => Promise<void> {
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let afterId = 0;
  const step = async () => {
    if (stopped) return;
    try {
      const rows = await listUnhashedNames(deps.db, afterId, batch);
      if (!rows.length) return;
      await deps.db.transaction().execute(async (trx) => {
        for (const r of rows) {
          let name: string | null = null;
          try {
            name = deps.crypto.decrypt(r.party_name_enc);
          } catch {
            // written under another key: nothing to hash
          }
          await setNameHash(trx, r.id, nameHash(deps, name));
        }
      });
      afterId = rows.at(-1)!.id;
      timer = setTimeout(step, 20);
    } catch (err) {
      // The database away for a moment (a restart, a failover) must not end the backfill for good.
      deps.log.warn('name hash backfill paused, trying again in a minute', {
        err: err instanceof Error ? err.message : 'unknown',
      });
      if (!stopped) timer = setTimeout(step, 60_000);
    }
  };
  timer = setTimeout(step, firstDelayMs);
  return async () => {
    stopped = true;
    clearTimeout(timer);
  };
}
