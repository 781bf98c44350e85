import type { Deps } from '../deps.js';
import type { PageContext } from '../../views/layout.js';
import type { ContactRow } from '../contacts/contacts.queries.js';
import { formatStamp } from '../http/render.js';
import type { CallPanelProps } from '../../views/calls/call-panel.js';
import { listCallsOfContact, listRecordingsOfContact } from './calls.queries.js';
import { readTranscription } from './voicemail.service.js';
import { agentLabel } from './calls.service.js';
import { dialAnswered } from './call-decision.js';

/** What the phone channel shows on a contact's page (call details, voicemails decrypted); null when nothing. */
export async function callPanelProps(
  deps: Deps,
  contact: ContactRow,
  ctx: PageContext,
): Promise<CallPanelProps | null> {
  if (contact.channel !== 'phone' && contact.channel !== 'voicemail') return null;
  const [calls, recordings] = await Promise.all([
    listCallsOfContact(deps.db, contact.id),
    listRecordingsOfContact(deps.db, contact.id),
  ]);
  if (calls.length === 0 && recordings.length === 0) return null;
  const zone = deps.config.office.timeZone;
  return {
    ctx,
    contactId: contact.id,
    calls: calls.map((c) => ({
      ...c,
      answered: dialAnswered(c.dial_status),
      answeredBy: c.answered_by ? agentLabel(c.answered_by) : null,
    })),
    outcome: contact.call_outcome,
    recordings: recordings.map((r) => ({ ...r, transcription_text: readTranscription(deps, r.transcription_text) })),
    fromMask: contact.party_phone_mask,
    stamp: (iso) => formatStamp(iso, zone),
  };
}
