import type { DocumentCollection, DocumentStore, Versioned } from '@andon/persistence';
import type { PersistedNode } from './sparkplug-sessions';

interface BirthDocument extends Versioned, Omit<PersistedNode, 'node'> {
  savedAt: string;
}

/** Birth certificates of live edge nodes (`sparkplug_births`, one document per group/node), so a restart keeps resolving aliases. */
export class SparkplugBirthsRepository {
  private constructor(private readonly births: DocumentCollection<BirthDocument>) {}

  static async open(store: DocumentStore): Promise<SparkplugBirthsRepository> {
    return new SparkplugBirthsRepository(await store.collection<BirthDocument>('sparkplug_births', []));
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
}
