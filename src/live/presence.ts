/** Who has a contact open right now, so two agents see that the other one is there. In memory: it is
 * only about the last minute, and one process serves the desk. */
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

  /** Everyone on the contact now (for broadcasting), by user id. */
  present(contactId: number, now: number): { id: number; name: string }[] {
    this.others(contactId, -1, now);
    return [...(this.byContact.get(contactId) ?? [])].map(([id, p]) => ({ id, name: p.name }));
  }
}
