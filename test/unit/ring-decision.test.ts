import { describe, expect, it } from 'vitest';
import {
  clientIdentity,
  DIAL_LIMIT,
  planRinging,
  userIdOfClient,
  type RingAgent,
} from '../../src/calls/ring-decision.js';

const agent = (id: number, ...roles: string[]): RingAgent => ({ id, roles: roles.length ? roles : ['agent'] });
const c = (id: number) => `client:user${id}`;

describe('who the open-hours call rings', () => {
  it.each<[string, '1' | '2' | '3', RingAgent[], string[], { first: string[]; next: string[] | null }]>([
    ['nobody available and nothing configured: nobody', '3', [], [], { first: [], next: null }],
    [
      'only desk phones configured: the desk phones',
      '2',
      [],
      ['+31201234567'],
      { first: ['+31201234567'], next: null },
    ],
    [
      'available agents first, then the configured numbers',
      '3',
      [agent(4), agent(2)],
      ['+31201234567', 'client:desk_1'],
      { first: [c(4), c(2), '+31201234567', 'client:desk_1'], next: null },
    ],
    [
      'a legal question rings the legal agents first, then everyone available',
      '1',
      [agent(1), agent(2, 'legal'), agent(3, 'supervisor'), agent(5, 'agent', 'legal')],
      ['+31201234567'],
      { first: [c(2), c(5)], next: [c(2), c(5), c(1), c(3), '+31201234567'] },
    ],
    [
      'a legal question with no legal agent available rings everyone at once',
      '1',
      [agent(1), agent(3, 'supervisor')],
      [],
      { first: [c(1), c(3)], next: null },
    ],
    [
      'a legal question when only legal agents are available: one round',
      '1',
      [agent(2, 'legal')],
      [],
      { first: [c(2)], next: null },
    ],
    [
      'a report (2) rings everyone at once, legal agents among them',
      '2',
      [agent(2, 'legal'), agent(1)],
      [],
      { first: [c(2), c(1)], next: null },
    ],
    [
      'users whose roles take no calls are never rung',
      '3',
      [agent(7, 'admin'), agent(8, 'coordinator'), agent(9)],
      [],
      { first: [c(9)], next: null },
    ],
    [
      'a configured identity equal to an agent is rung once',
      '3',
      [agent(4)],
      ['client:user4'],
      { first: [c(4)], next: null },
    ],
  ])('%s', (_name, choice, agents, configured, plan) => {
    expect(planRinging(choice, agents, configured)).toEqual(plan);
  });

  it('rings at most ten at once (Twilio’s limit), agents before the configured numbers', () => {
    const agents = Array.from({ length: 12 }, (_, i) => agent(i + 1));
    const plan = planRinging('3', agents, ['+31201234567']);
    expect(DIAL_LIMIT).toBe(10);
    expect(plan.first).toHaveLength(10);
    expect(plan.first).toEqual(agents.slice(0, 10).map((a) => c(a.id)));
    expect(plan.first).not.toContain('+31201234567');
  });

  it('keeps both rounds of a legal question within ten', () => {
    const lawyers = Array.from({ length: 11 }, (_, i) => agent(i + 1, 'legal'));
    const plan = planRinging('1', [...lawyers, agent(50)], []);
    expect(plan.first).toHaveLength(10);
    expect(plan.next).toBeNull();
  });

  it.each([
    [1, 'user1'],
    [12345, 'user12345'],
  ])('names user %i’s softphone %s (letters and digits only)', (id, identity) => {
    expect(clientIdentity(id)).toBe(identity);
    expect(identity).toMatch(/^\w+$/);
    expect(userIdOfClient(`client:${identity}`)).toBe(id);
  });

  it.each(['client:desk_1', 'client:user0', 'user', 'client:user1x', '', null, 'client:user12345678901'])(
    'finds no user behind %s',
    (target) => {
      expect(userIdOfClient(target)).toBeNull();
    },
  );
});
