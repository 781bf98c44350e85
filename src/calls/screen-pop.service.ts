import type { Deps } from '../deps.js';
import { auditContactView } from '../contacts/contacts.service.js';
import {
  findAssigneeName,
  findCallBySid,
  findCallSidOfContact,
  findLastKnownCaller,
  listEarlierContacts,
} from './calls.queries.js';
import { FINAL_CALL_STATUSES } from './calls.table.js';

/** An earlier contact from the calling number, as the pop lists it. */
interface EarlierContact {
  id: number;
  reference: string | null;
  subject: string;
  topic: string | null;
  channel: string;
  callOutcome: string | null;
  startedAt: string;
}

/** What a screen pop shows of a call, in no language yet: each open page renders it in its reader's. */
export interface ScreenPopData {
  callSid: string;
  contactId: number;
  reference: string | null;
  /** The masked number (+316••••••78); null when the number was withheld. */
  from: string | null;
  menuChoice: '1' | '2' | '3' | null;
  officeOpen: boolean;
  ended: boolean;
  /** Who called from this number last time, by the newest earlier contact that names them or their organisation. */
  caller: { contactId: number; name: string | null; organisation: string | null } | null;
  earlier: EarlierContact[];
  /** The agent who took the call, when someone did. */
  takenBy: string | null;
}

const FINAL: readonly string[] = FINAL_CALL_STATUSES;

/**
 * Reads what a screen pop of one call shows, from the database (the live event carries only the call's id, so
 * no name travels between instances). Null when the call is unknown. Read once per event per instance, then
 * rendered for every reader.
 */
export async function loadScreenPop(deps: Deps, callSid: string): Promise<ScreenPopData | null> {
  const call = await findCallBySid(deps.db, callSid);
  if (!call) return null;
  const [known, earlier, takenBy] = await Promise.all([
    call.from_hash ? findLastKnownCaller(deps.db, call.from_hash, call.contact_id) : undefined,
    call.from_hash ? listEarlierContacts(deps.db, call.from_hash, call.contact_id) : [],
    findAssigneeName(deps.db, call.contact_id),
  ]);
  const name = known ? deps.crypto.decrypt(known.party_name_enc) : null;
  const organisation = known?.party_org ?? null;
  return {
    callSid: call.call_sid,
    contactId: call.contact_id,
    reference: call.reference,
    from: call.party_phone_mask,
    menuChoice: call.menu_choice,
    officeOpen: call.in_office_hours === 1,
    ended: !!call.ended_at || FINAL.includes(call.status),
    caller: known && (name || organisation) ? { contactId: known.id, name: name || null, organisation } : null,
    earlier: earlier.map((e) => ({
      id: e.id,
      reference: e.reference,
      subject: e.subject,
      topic: e.topic,
      channel: e.channel,
      callOutcome: e.call_outcome,
      startedAt: e.started_at,
    })),
    takenBy,
  };
}

/**
 * Audits that a reader was shown the caller's name and organisation from an earlier contact in a screen pop: every
 * read of personal data is in the audit log, with the pop as the way it was reached.
 */
export async function auditCallerShown(deps: Deps, pop: ScreenPopData, readerId: number, ip: string | null) {
  if (pop.caller) await auditContactView(deps, pop.caller.contactId, { id: readerId, ip }, 'screen-pop');
}

/** The call of a phone contact, for a live event that names only the contact. */
export async function callSidOfContact(deps: Deps, contactId: number): Promise<string | null> {
  return findCallSidOfContact(deps.db, contactId);
}
