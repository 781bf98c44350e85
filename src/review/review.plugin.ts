import type { Deps } from '../deps.js';
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
