import type { DocumentCollection, DocumentStore, Versioned } from '@andon/persistence';
import type { PersistedNode, SequencePosition } from './sparkplug-sessions';

interface BirthDocument extends Versioned, Omit<PersistedNode, 'node'> {
  savedAt: string;
}

interface SequenceDocument extends Versioned, Omit<SequencePosition, 'node'> {
  savedAt: string;
}

const MAX_ATTEMPTS = 5;

/**
 * Birth certificates of live edge nodes (`sparkplug_births`, one document per group/node),
 * so a restart keeps resolving aliases, and the last sequence position handled per node
 * (`sparkplug_sequences`), so a gap across a restart is detected.
 */
export class SparkplugBirthsRepository {
  /** The version of each position document this process last wrote: one compare-and-set per save. */
  private readonly versions = new Map<string, number>();

  private constructor(
    private readonly births: DocumentCollection<BirthDocument>,
    private readonly sequences: DocumentCollection<SequenceDocument>,
  ) {}

  static async open(store: DocumentStore): Promise<SparkplugBirthsRepository> {
    return new SparkplugBirthsRepository(
      await store.collection<BirthDocument>('sparkplug_births', []),
      await store.collection<SequenceDocument>('sparkplug_sequences', []),
    );
  }

  async all(): Promise<PersistedNode[]> {
    const docs = await this.births.find({}, { limit: 100_000 });
    return docs.map((d) => ({ node: d._id, bdSeq: d.bdSeq, aliases: d.aliases, devices: d.devices }));
  }

  /** Replaces the node's births (delete + insert: a birth is a whole new certificate). */
  async save(node: PersistedNode, at: Date): Promise<void> {
    await this.births.deleteMany({ _id: node.node });
    await this.births.insert({
      _id: node.node,
      bdSeq: node.bdSeq,
      aliases: node.aliases,
      devices: node.devices,
      savedAt: at.toISOString(),
    });
  }

  async remove(node: string): Promise<void> {
    await this.births.deleteMany({ _id: node });
  }

  async positions(): Promise<SequencePosition[]> {
    const docs = await this.sequences.find({}, { limit: 100_000 });
    for (const d of docs) this.versions.set(d._id, d.version);
    return docs.map((d) => ({ node: d._id, bdSeq: d.bdSeq, seq: d.seq }));
  }

  /** Saves where each node's sequence stands; called after a batch, before its acknowledgements. */
  async savePositions(positions: readonly SequencePosition[], at: Date): Promise<void> {
    const savedAt = at.toISOString();
    for (const { node, bdSeq, seq } of positions) {
      const patch = { bdSeq, seq, savedAt };
      const known = this.versions.get(node);
      const updated = known === undefined ? null : await this.sequences.compareAndSet(node, known, patch);
      if (updated) {
        this.versions.set(node, updated.version);
        continue;
      }
      if ((await this.sequences.insert({ _id: node, ...patch })) === 'inserted') {
        const inserted = await this.sequences.get(node);
        if (inserted) this.versions.set(node, inserted.version);
        continue;
      }
      for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
        const existing = await this.sequences.get(node);
        if (!existing) break;
        const written = await this.sequences.compareAndSet(node, existing.version, patch);
        if (written) {
          this.versions.set(node, written.version);
          break;
        }
      }
    }
  }
}
