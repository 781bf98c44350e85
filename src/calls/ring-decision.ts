// Who the open-hours <Dial> rings, with no I/O: the available agents' browsers (Twilio Client identities) and the
// configured numbers, at most ten at once (Twilio's limit on nouns in one <Dial>). A legal question rings the
// agents with the legal role first, then everyone available.
import type { MenuChoice } from './call-decision.js';

/** Twilio rings at most ten numbers or clients of one <Dial> at once. */
export const DIAL_LIMIT = 10;

/** The roles that take calls: they may ask a softphone token and are rung when available. */
export const CALL_ROLES = ['agent', 'legal', 'supervisor'] as const;

/** An available user as the ringing sees them. */
export interface RingAgent {
  id: number;
  roles: readonly string[];
}

/** The rounds of ringing: `first` rings at once; when nobody answers, `next` (if any) rings after it. */
export interface RingPlan {
  first: string[];
  next: string[] | null;
}

/** The Twilio Client identity of a user: only letters, digits and `_` (what the Voice SDK accepts). */
export const clientIdentity = (userId: number) => `user${userId}`;

/** The user id behind a `client:user<id>` target (or a bare identity), or null. */
export function userIdOfClient(target: string | null | undefined): number | null {
  const m = /^(?:client:)?user([1-9]\d{0,9})$/.exec(target ?? '');
  return m ? Number(m[1]) : null;
}

const takesCalls = (a: RingAgent) => a.roles.some((r) => (CALL_ROLES as readonly string[]).includes(r));

function cap(targets: readonly string[]): string[] {
  return [...new Set(targets)].slice(0, DIAL_LIMIT);
}

/**
 * Plans who rings for a menu choice, given the available agents (in the order they became available) and the
 * configured TWILIO_AGENT_NUMBERS (desk phones and fixed identities, always rung). Agents come before the
 * configured targets when the ten are cut. An empty `first` means nobody can be rung.
 */
export function planRinging(choice: MenuChoice, agents: readonly RingAgent[], configured: readonly string[]): RingPlan {
  const callers = agents.filter(takesCalls);
  const everyone = cap([...callers.map((a) => `client:${clientIdentity(a.id)}`), ...configured]);
  if (choice !== '1') return { first: everyone, next: null };
  const legal = callers.filter((a) => a.roles.includes('legal'));
  if (legal.length === 0) return { first: everyone, next: null };
  const lawyers = legal.map((a) => `client:${clientIdentity(a.id)}`);
  const all = cap([...lawyers, ...everyone]);
  const first = cap(lawyers);
  return { first, next: all.length > first.length ? all : null };
}
