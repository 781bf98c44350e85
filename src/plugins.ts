import type { Deps } from './deps.js';
import { registerRoutingPlugin } from './routing/routing.plugin.js';
import { registerStatisticsPlugin } from './statistics/statistics.plugin.js';
import { registerDraftsPlugin } from './drafts/drafts.plugin.js';
import { registerCallsPlugin } from './calls/calls.plugin.js';
import { registerEmailPlugin } from './email/email.plugin.js';
import { registerRegistrationsPlugin } from './registrations/registrations.plugin.js';
import { registerReviewPlugin } from './review/review.plugin.js';
import { registerCosmPlugin } from './cosm/cosm.plugin.js';
import { registerSignalsPlugin } from './signals/signals.plugin.js';
import { registerOncallPlugin } from './oncall/oncall.plugin.js';

/**
 * Every feature's plug-in, registered once per Deps when they are built (buildDeps), so each process that
 * writes contacts — the web app, the mail listener, a benchmark — has the same reactions: the contact page's
 * panels and timeline texts, the hooks run in the contacts' transactions (routing, statistics, drafts), and
 * the answer library of the reply box. The order is the order of the panels on the contact page.
 */
export function registerPlugins(deps: Deps): void {
  registerRoutingPlugin(deps);
  registerStatisticsPlugin(deps);
  registerDraftsPlugin(deps);
  registerCallsPlugin(deps);
  registerEmailPlugin(deps);
  registerRegistrationsPlugin(deps);
  registerReviewPlugin(deps);
  registerCosmPlugin(deps);
  registerSignalsPlugin(deps);
  // After routing: it reacts to the danger routing found in the words.
  registerOncallPlugin(deps);
}
