// The on-call notice's rules (docs/product.md §6), pure: which notices an item gets, what they say, when a failed one is
// tried again. No I/O, no clock.
import type { OncallChannel } from './oncall.table.js';

export interface OncallSettings {
  /** E.164 number for the SMS, or null. */
  phone: string | null;
  /** Address for the mail, or null. */
  email: string | null;
}

/**
 * The notices an item arriving now gets: one per channel the admin set, only for an urgent item and only while
 * the desk is closed. Nothing for a non-urgent item, nothing in office hours (the desk sees it itself).
 */
export function oncallChannels(
  item: { urgent: boolean; deskOpen: boolean },
  settings: OncallSettings,
): OncallChannel[] {
  if (!item.urgent || item.deskOpen) return [];
  const out: OncallChannel[] = [];
  if (settings.phone) out.push('sms');
  if (settings.email) out.push('email');
  return out;
}

/** Tries in all before a notice is shown as failed. */
export const ONCALL_MAX_ATTEMPTS = 5;

/** Wait before the next try after `failedAttempts` failures: 15 s, 30 s, 60 s, 120 s … (within the first minutes). */
export function oncallBackoffMs(failedAttempts: number): number {
  return 15_000 * 2 ** Math.max(0, failedAttempts - 1);
}

/**
 * What a notice says: that an urgent item arrived, and the link to it. Never the caller's name, number, address or
 * words: the link opens the item for whoever signs in with a role that may see it.
 */
export function oncallText(lang: 'nl' | 'en', link: string): { subject: string; body: string } {
  return lang === 'nl'
    ? {
        subject: 'Baken: urgent item buiten openingstijden',
        body: `Baken: er is buiten openingstijden een urgent item binnengekomen. Bekijk het na inloggen: ${link}`,
      }
    : {
        subject: 'Baken: urgent item after hours',
        body: `Baken: an urgent item arrived after hours. Open it after signing in: ${link}`,
      };
}

/** The item's link: the contact page under PUBLIC_URL (the id is a number that identifies no one). */
export function oncallLink(publicUrl: string, contactId: number): string {
  return `${publicUrl.replace(/\/+$/, '')}/contacts/${contactId}`;
}
