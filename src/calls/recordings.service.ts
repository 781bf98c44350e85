import type { Deps } from '../deps.js';
import { accountPath, twilioConfigured, twilioRequest } from './twilio-rest.js';

/**
 * Deletes a voicemail at Twilio (the audio lives there, never on our disk). True when it is gone (deleted, or
 * Twilio no longer had it); false when it could not be deleted now (tried again on the next run). Without Twilio
 * credentials there is nothing Baken can reach: the link to it is dropped all the same.
 */
export async function deleteRecordingAtTwilio(deps: Deps, recordingSid: string): Promise<boolean> {
  if (!twilioConfigured(deps)) return true;
  try {
    const res = await twilioRequest(deps, {
      method: 'DELETE',
      path: accountPath(deps, `Recordings/${encodeURIComponent(recordingSid)}.json`),
      attempts: 2,
    });
    await res.body?.cancel().catch(() => undefined);
    if (res.ok || res.status === 404) return true;
    deps.log.warn('a recording could not be deleted at Twilio', { status: res.status });
    return false;
  } catch (e) {
    deps.log.warn('a recording could not be deleted at Twilio', { reason: (e as Error).message });
    return false;
  }
}
