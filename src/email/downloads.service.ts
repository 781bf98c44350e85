import type { Deps } from '../deps.js';
import { writeAudit } from '../audit/audit.queries.js';
import { assertContactVisible } from '../contacts/contacts.service.js';
import type { CurrentUser } from '../http/app-env.js';
import { notFound } from '../shared/app-error.js';
import type { AttachmentStore } from './inbound/attachment-store.js';
import { findAttachment, findMessageSource } from './email.queries.js';
import { listUnsent } from './outbound/outbox.queries.js';

interface Downloader {
  user: CurrentUser;
  ip: string;
}

/**
 * An attachment for download: 404 unless it was kept, is in the store and the user may see its contact.
 * A download is a read of personal data, so it is audited.
 */
export async function attachmentDownload(deps: Deps, store: AttachmentStore, id: number, who: Downloader) {
  const a = await findAttachment(deps.db, id);
  if (!a?.sha256 || a.withheld || !store.has(a.sha256)) throw notFound('attachment_not_found');
  await assertContactVisible(deps, who.user, a.contact_id);
  await auditDownload(deps, who, 'email.attachment.download', a.contact_id, { attachment: a.id });
  return { ...a, sha256: a.sha256 };
}

/** The kept source of a message too large to show, for download (audited like an attachment). */
export async function messageSourceDownload(deps: Deps, store: AttachmentStore, id: number, who: Downloader) {
  const m = await findMessageSource(deps.db, id);
  if (!m?.source_file || !store.has(m.source_file)) throw notFound('source_not_found');
  await assertContactVisible(deps, who.user, m.contact_id);
  await auditDownload(deps, who, 'email.source.download', m.contact_id, { message: m.id });
  return { ...m, source_file: m.source_file };
}

async function auditDownload(
  deps: Deps,
  who: Downloader,
  action: string,
  contactId: number,
  details: Record<string, unknown>,
) {
  await writeAudit(deps.db, {
    at: deps.clock().toISOString(),
    actorId: who.user.id,
    action,
    subjectType: 'contact',
    subjectId: contactId,
    ip: who.ip,
    details,
  });
}

/** Outgoing mail not yet sent (queued, sending or failed), for the outbox page. */
export async function unsentMail(deps: Deps) {
  return listUnsent(deps.db);
}
