import type { Deps } from '../deps.js';
import type { Trx } from '../db/database.js';
import type { Segment } from '../../views/review/review-page.js';
import { reviewEventLabel } from '../../views/review/review-events.js';

/**
 * Plugs the review into the app: the timeline text of a decision (`review.decided`), and `review.changed` for open review pages
 * whenever a contact arrives or changes while the desk is closed (a new item, a voicemail left, a call missed).
 * Codes only: the event carries the contact's id, never its content.
 */
export function registerReviewPlugin(deps: Deps): void {
  deps.contactPlugins.registerTimelineLabels('review.decided', reviewEventLabel);
  deps.events.subscribe((e) => {
    // Another instance's contact event: that instance tells the review pages itself (once for everyone).
    if (e.remote || (e.type !== 'contact.created' && e.type !== 'contact.updated')) return;
    if (deps.officeHours.isOpen(deps.clock())) return;
    deps.events.publish({ type: 'review.changed', roles: ['agent', 'supervisor'], data: { id: e.data.id } });
  });
}

/** How other features take part in the review, registered by their plug-ins (one set per Deps). */
export interface ReviewHooks {
  /** An item was reviewed for the first time, in the review's transaction (statistics counts it). */
  firstReview?: (trx: Trx, contactId: number, reviewedAt: string) => Promise<void>;
  /** Cuts a transcription or mail into plain and marked words (routing's matches); plain text without one. */
  highlight?: (text: string) => Segment[];
}

const reviewHooks = new WeakMap<Deps, Map<string, ReviewHooks>>();
const hooksOf = (deps: Deps) => [...(reviewHooks.get(deps)?.values() ?? [])];

/** Adds a feature's part in the review for these deps (the same name again replaces it). */
export function registerReviewHooks(deps: Deps, name: string, hooks: ReviewHooks): void {
  const byName = reviewHooks.get(deps) ?? new Map<string, ReviewHooks>();
  byName.set(name, hooks);
  reviewHooks.set(deps, byName);
}

/** Tells the features that an item was reviewed for the first time, in the review's transaction. */
export async function firstReviewed(deps: Deps, trx: Trx, contactId: number, reviewedAt: string): Promise<void> {
  for (const h of hooksOf(deps)) if (h.firstReview) await h.firstReview(trx, contactId, reviewedAt);
}

/** A text cut into segments by the registered highlighter; one plain segment when there is none. */
export function highlightFor(deps: Deps, text: string): Segment[] {
  const h = hooksOf(deps).find((x) => x.highlight)?.highlight;
  return h ? h(text) : [{ text }];
}
