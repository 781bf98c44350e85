import type { Deps } from '../deps.js';
import type { Executor } from '../db/database.js';
import { AppError } from '../shared/app-error.js';
import { findContact } from '../contacts/contacts.queries.js';
import { deleteDrafts, listDrafts, upsertDraft } from './drafts.queries.js';

/** The longest draft kept (a note or reply is at most 20,000 characters; the new-contact form as JSON a bit more). */
const MAX_DRAFT_CHARS = 60_000;
const FIELD = /^[a-z][a-z0-9-]{0,31}$/;

/** A draft belongs to a contact (its id) or to the new-contact form ('new'); anything else is not found. */
export function parseDraftKey(raw: string): string {
  if (raw === 'new' || /^\d{1,12}$/.test(raw)) return raw;
  throw new AppError('not_found', 'Not found');
}

async function ensureContact(deps: Deps, key: string) {
  if (key !== 'new' && !(await findContact(deps.db, Number(key)))) throw new AppError('contact_not_found', 'Not found');
}

/** The user's own drafts for a contact, decrypted: field → text. Nobody else's drafts are ever read. */
export async function readDrafts(deps: Deps, userId: number, key: string): Promise<Record<string, string>> {
  await ensureContact(deps, key);
  const rows = await listDrafts(deps.db, userId, key);
  const out: Record<string, string> = {};
  for (const r of rows) {
    try {
      out[r.field] = deps.crypto.decrypt(r.text_enc) ?? '';
    } catch {
      // A draft written under another key cannot be read; it is simply not offered.
    }
  }
  return out;
}

/**
 * Keeps what the agent is typing (encrypted): an empty text removes the draft. Not audited: it is the agent's
 * own unsent text, read back only by them, and saving it on every pause would flood the audit log.
 */
export async function saveDraft(deps: Deps, userId: number, key: string, field: string, text: string) {
  if (!FIELD.test(field)) throw new AppError('bad_field', 'Unknown draft field');
  if (text.length > MAX_DRAFT_CHARS) throw new AppError('draft_too_large', 'The draft is too long to keep');
  await ensureContact(deps, key);
  if (!text.trim()) return deleteDrafts(deps.db, userId, key, field);
  await upsertDraft(deps.db, {
    userId,
    contactKey: key,
    field,
    textEnc: deps.crypto.encrypt(text)!,
    at: deps.clock().toISOString(),
  });
}

/** Removes a draft once its text was saved or sent (every field of the contact when none is named). */
export async function discardDraft(deps: Deps, userId: number, key: string, field?: string) {
  await discardDraftIn(deps.db, userId, key, field);
}

/** discardDraft in the caller's transaction (the drafts plug-in, once the words were saved). */
export async function discardDraftIn(db: Executor, userId: number, key: string, field?: string) {
  if (field !== undefined && !FIELD.test(field)) throw new AppError('bad_field', 'Unknown draft field');
  await deleteDrafts(db, userId, key, field);
}
