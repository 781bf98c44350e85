import type { Deps } from '../deps.js';
import type { ContactRowWrite } from '../contacts/contacts.plugin.js';
import { registerReviewHooks } from '../review/review.plugin.js';
import { COUNTED_COLUMNS, countContact } from './contact-stats.queries.js';
import { countFirstReview } from './desk-figures.service.js';
import { registerRegistrationHooks, type RegistrationRowWrite } from '../registrations/registration-writes.plugin.js';
import { COUNTED_REGISTRATION_COLUMNS, countRegistration } from './registration-stats.queries.js';

/** Whether a write of these columns moves the contact in the summary (a new contact always counts). */
const moves = (w: ContactRowWrite) => w.created || COUNTED_COLUMNS.some((c) => w.columns.includes(c));
/** Whether a write of these columns moves the registration in its summary (a new registration always counts). */
const movesRegistration = (w: RegistrationRowWrite) =>
  w.created || COUNTED_REGISTRATION_COLUMNS.some((c) => w.columns.includes(c));

/**
 * Plugs the desk's statistics summary (contact_stats) into the contacts: around every write of a contact's
 * row that moves it, its counts are taken away before and added back after, in the writing transaction; and
 * an after-hours item's first review, in the review's transaction; and the registration summary
 * (registration_stats) around every registration write, in the registration's transaction.
 */
export function registerStatisticsPlugin(deps: Deps): void {
  deps.contactPlugins.registerContactHooks('statistics', {
    beforeWrite: async (trx, w) => {
      if (moves(w)) await countContact(trx, w.contactId, -1);
    },
    afterWrite: async (trx, w) => {
      if (moves(w)) await countContact(trx, w.contactId, 1);
    },
  });
  // The registration summary (registration_stats), the same way around every registration write that moves it.
  registerRegistrationHooks(deps, 'statistics', {
    beforeWrite: async (trx, w) => {
      if (movesRegistration(w)) await countRegistration(trx, w.registrationId, -1);
    },
    afterWrite: async (trx, w) => {
      if (movesRegistration(w)) await countRegistration(trx, w.registrationId, 1);
    },
  });
  // An after-hours item's first review counts in the summary's first_review figures.
  registerReviewHooks(deps, 'statistics', { firstReview: (trx, id, at) => countFirstReview(deps, trx, id, at) });
}
