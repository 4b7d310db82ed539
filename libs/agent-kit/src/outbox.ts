import type { EventBus, OutgoingMessage } from '@andon/bus';
import type { DocumentCollection, DocumentStore, Versioned } from '@andon/persistence';

interface StoredMessage {
  topic: string;
  key: string | null;
  valueBase64: string;
  headers: Record<string, string>;
}

interface OutboxEntry extends Versioned {
  site: string;
  messages: StoredMessage[];
  createdAt: number;
}

/**
 * What one triggering event made the agent publish, stored before it is published. A
 * redelivered event (crash after publish, before the offset commit) republishes the
 * stored bytes instead of generating again: approval binds signatures to the hash of the
 * exact action, so a second, different action under the same id would be refused, and a
 * model would not answer the same way twice.
 */
export class Outbox {
  static readonly INDEXES = [{ name: 'by_created', fields: { createdAt: 1 as const } }];

  private constructor(
    private readonly entries: DocumentCollection<OutboxEntry>,
    private readonly bus: EventBus,
    private readonly now: () => number,
  ) {}

  static async open(
    store: DocumentStore,
    collection: string,
    bus: EventBus,
    now: () => number = Date.now,
  ): Promise<Outbox> {
    return new Outbox(await store.collection<OutboxEntry>(collection, Outbox.INDEXES), bus, now);
  }

  /**
   * Publishes what `build` produces for `eventId`, or what an earlier delivery of the same
   * event stored. Returns the messages published and whether they were a replay.
   */
  async emit(
    site: string,
    eventId: string,
    build: () => Promise<OutgoingMessage[]>,
  ): Promise<{ replayed: boolean; messages: OutgoingMessage[] }> {
    const existing = await this.entries.get(eventId);
    if (existing) return { replayed: true, messages: await this.publish(existing.messages) };
    const built = await build();
    const stored = built.map(toStored);
    if (
      (await this.entries.insert({ _id: eventId, site, messages: stored, createdAt: this.now() })) ===
      'duplicate'
    ) {
      // A concurrent delivery of the same event stored first; its messages win.
      const winner = await this.entries.get(eventId);
      if (!winner) throw new Error(`outbox entry ${eventId} reported duplicate but cannot be read`);
      return { replayed: true, messages: await this.publish(winner.messages) };
    }
    return { replayed: false, messages: await this.publish(stored) };
  }

  /** Drops entries older than `maxAgeMs`; redeliveries never come that late. */
  purgeOlderThan(maxAgeMs: number): Promise<number> {
    return this.entries.deleteMany({ createdAt: { $lt: this.now() - maxAgeMs } });
  }

  private async publish(stored: readonly StoredMessage[]): Promise<OutgoingMessage[]> {
    const messages = stored.map(fromStored);
    if (messages.length > 0) await this.bus.publish(messages);
    return messages;
  }
}

function toStored(m: OutgoingMessage): StoredMessage {
  return {
    topic: m.topic,
    key: m.key ?? null,
    valueBase64: Buffer.from(m.value).toString('base64'),
    headers: { ...(m.headers ?? {}) },
  };
}

function fromStored(m: StoredMessage): OutgoingMessage {
  return {
    topic: m.topic,
    key: m.key,
    value: new Uint8Array(Buffer.from(m.valueBase64, 'base64')),
    headers: m.headers,
  };
}
