import type { Deps } from '../deps.js';
import { reviewEventLabel } from '../../views/review/review-events.js';

/** Plugs the review into the contact page: the `review.*` timeline texts. */
export function registerReviewPlugin(deps: Deps): void {
  deps.contactPlugins.registerTimelineLabels('review.', reviewEventLabel);
}
