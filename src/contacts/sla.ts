import type { Queue } from './contacts.table.js';

/**
 * Working hours within which a new contact in each queue should be picked up: a legal question is
 * answered within 16 working hours; a report of a possible victim and a care request are urgent; after-hours
 * messages are reviewed within the first two hours of the next opening (a voicemail called back by 11:00).
 */
const SLA_WORKING_HOURS: Record<Queue, number> = {
  general: 16,
  legal: 16,
  registration: 8,
  care: 4,
  'after-hours': 2,
};

/** The due time of a new contact: SLA hours added in office time, so nights, weekends and holidays don't count. */
export function dueAt(queue: Queue, startedAt: Date, addWorkingHours: (t: Date, h: number) => Date): Date {
  return addWorkingHours(startedAt, SLA_WORKING_HOURS[queue]);
}
