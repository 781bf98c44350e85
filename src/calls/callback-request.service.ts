import type { Deps } from '../deps.js';
import type { CallParams } from './calls.service.js';
import { makeCallbackTask, noCallSid, withCall } from './calls.service.js';

/**
 * A caller nobody could take pressed 1 to be called back: the contact becomes a callback task on their number
 * (high priority, due in two working hours), as a missed call does. Answers false when the number is withheld.
 */
export async function requestCallback(deps: Deps, p: CallParams): Promise<boolean> {
  if (!p.callSid) {
    noCallSid(deps, 'gather');
    return false;
  }
  const office = deps.officeHours.status(deps.clock());
  const { call, result } = await withCall(deps, p, office, 'gather', async (trx, call, now) => {
    if (!call.from_hash) return false;
    await makeCallbackTask(deps, trx, call, now, true);
    return true;
  });
  deps.events.publish({ type: 'contact.updated', data: { id: call.contact_id } });
  return result;
}
