import type { EventBus } from '../shared/event-bus.js';

/** Who has a contact open right now, so two agents see that the other one is there. In memory: it is only about
 * the last minute; with several instances each one keeps its own copy, kept in step by the `presence` live events
 * the others publish (sharePresence below). */
export class Presence {
  private readonly byContact = new Map<number, Map<number, { name: string; at: number }>>();
  constructor(private readonly ttlMs = 45_000) {}

  /** Marks a user as looking at a contact at time `now` (ms); returns the others there. */
  touch(contactId: number, user: { id: number; name: string }, now: number): string[] {
    let here = this.byContact.get(contactId);
    if (!here) {
      here = new Map();
      this.byContact.set(contactId, here);
    }
    here.set(user.id, { name: user.name, at: now });
    return this.others(contactId, user.id, now);
  }

  /** The user left the contact's page. */
  leave(contactId: number, userId: number): void {
    const here = this.byContact.get(contactId);
    here?.delete(userId);
    if (here && here.size === 0) this.byContact.delete(contactId);
  }

  /** The names of the other users who had the contact open within the last ttl, in the order they came. */
  others(contactId: number, userId: number, now: number): string[] {
    const here = this.byContact.get(contactId);
    if (!here) return [];
    const names: string[] = [];
    for (const [id, p] of here) {
      if (now - p.at > this.ttlMs) here.delete(id);
      else if (id !== userId) names.push(p.name);
    }
    return names;
  }

  /** Everyone on the contact now (for broadcasting), by user id, with when each last said so (ms). */
  present(contactId: number, now: number): { id: number; name: string; at: number }[] {
    this.others(contactId, -1, now);
    return [...(this.byContact.get(contactId) ?? [])].map(([id, p]) => ({ id, name: p.name, at: p.at }));
  }

  /** Takes in what another instance saw on a contact: who is there (kept by their latest ping) and who left. */
  apply(contactId: number, present: { id: number; name: string; at: number }[], left?: number): void {
    for (const p of present) {
      let here = this.byContact.get(contactId);
      if (!here) {
        here = new Map();
        this.byContact.set(contactId, here);
      }
      const known = here.get(p.id);
      if (!known || known.at < p.at) here.set(p.id, { name: p.name, at: p.at });
    }
    if (left !== undefined) this.leave(contactId, left);
  }
}

/** Keeps this instance's presence in step with the `presence` events other instances publish. */
export function sharePresence(events: EventBus, presence: Presence): void {
  events.subscribe((e) => {
    if (!e.remote || e.type !== 'presence') return;
    const { contactId, present, left } = e.data as { contactId?: unknown; present?: unknown; left?: unknown };
    if (typeof contactId !== 'number' || !Array.isArray(present)) return;
    const valid = present.filter(
      (p): p is { id: number; name: string; at: number } =>
        typeof p?.id === 'number' && typeof p?.name === 'string' && typeof p?.at === 'number',
    );
    presence.apply(contactId, valid, typeof left === 'number' ? left : undefined);
  });
}
