import type { Deps } from '../deps.js';
import type { LineSettings, MenuChoice } from './call-decision.js';
import { listAvailableAgents } from './availability.queries.js';
import { planRinging } from './ring-decision.js';

/**
 * The line as it stands for one call: the available agents' softphones and the configured numbers
 * (ring-decision.ts), the ring time, and whether a caller nobody can take may ask to be called back.
 */
export async function ringLine(deps: Deps, choice: MenuChoice, callerKnown: boolean): Promise<LineSettings> {
  const seenSince = new Date(deps.clock().getTime() - deps.config.sessionIdleMinutes * 60_000).toISOString();
  const callsSince = new Date(deps.clock().getTime() - 4 * 3600_000).toISOString();
  const available = await listAvailableAgents(deps.db, seenSince, callsSince);
  const agents = available.map((a) => ({ id: a.id, roles: a.roles.split(',') }));
  const plan = planRinging(choice, agents, deps.config.twilio.agentTargets);
  return {
    agentTargets: plan.first,
    thenTargets: plan.next,
    ringSeconds: deps.config.twilio.ringSeconds,
    transcribe: deps.config.twilio.transcribe,
    offerCallback: callerKnown,
  };
}
