import { TOPICS } from '../contacts/contacts.table.js';

/** The stable topic codes (R1–R17 and two general ones): the contacts feature keeps the list. */
export { TOPICS };
export type Topic = (typeof TOPICS)[number];

export const ROUTED_QUEUES = ['care', 'legal', 'registration', 'general'] as const;
export type RoutedQueue = (typeof ROUTED_QUEUES)[number];

/**
 * Where each topic is worked: `legal` for R4–R14 and R17, `care` for R2, R3 and R9 (a minor is care
 * first, legal second), `registration` for R1 and R16, `general` for return, information and training.
 */
export const TOPIC_QUEUE: Record<Topic, RoutedQueue> = {
  registration: 'registration',
  shelter: 'care',
  coordination: 'care',
  reflection: 'legal',
  reporting: 'legal',
  permit: 'legal',
  continued: 'legal',
  eu: 'legal',
  minor: 'care',
  asylum: 'legal',
  work: 'legal',
  benefits: 'legal',
  brp: 'legal',
  compensation: 'legal',
  return: 'general',
  indicators: 'registration',
  privacy: 'legal',
  information: 'general',
  training: 'general',
};

/** Which queue wins when topics of several queues lead, once the flags are handled: care, then legal, then registration, then general. */
export const QUEUE_PRECEDENCE: readonly RoutedQueue[] = ['care', 'legal', 'registration', 'general'];

/** True for a known topic code (from a form, a URL or the database). */
export const isTopic = (s: unknown): s is Topic => typeof s === 'string' && (TOPICS as readonly string[]).includes(s);

/**
 * The phone menu choice as a routing hint: 1 legal question from a professional, 2 report a possible
 * victim, 3 anything else.
 */
export const MENU_QUEUE: Record<string, RoutedQueue> = { '1': 'legal', '2': 'registration', '3': 'general' };
