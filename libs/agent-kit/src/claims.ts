import type { DocumentCollection, DocumentStore, Versioned } from '@andon/persistence';

interface Claim extends Versioned {
  eventId: string;
  claimedAt: number;
}

/**
 * "Only the first event may act on this key" (first failing-check threshold on a lot,
 * one schedule-risk notice per line and material per window). The claim remembers the
 * event that won it, so a redelivery of that same event still acts (its outputs are then
 * deduplicated by the outbox) while any other event is refused.
 */
export class Claims {
  static readonly INDEXES = [{ name: 'by_claimed', fields: { claimedAt: 1 as const } }];

  private constructor(
    private readonly claims: DocumentCollection<Claim>,
    private readonly now: () => number,
  ) {}

  static async open(store: DocumentStore, collection: string, now: () => number = Date.now): Promise<Claims> {
    return new Claims(await store.collection<Claim>(collection, Claims.INDEXES), now);
  }

  async claim(key: string, eventId: string): Promise<boolean> {
    if ((await this.claims.insert({ _id: key, eventId, claimedAt: this.now() })) === 'inserted') return true;
    const holder = await this.claims.get(key);
    return holder?.eventId === eventId;
  }

  purgeOlderThan(maxAgeMs: number): Promise<number> {
    return this.claims.deleteMany({ claimedAt: { $lt: this.now() - maxAgeMs } });
  }
}
