import { ProposedAction } from '@andon/contracts';
import type { DocumentCollection, DocumentStore } from '@andon/persistence';

export const ACTIONS_COLLECTION = 'writeback_actions';

/**
 * The write-back adapter's own copy of every proposed action. It executes what it stored
 * here, never what a decision carries, so the decision's hash is checked against an
 * action the approval service did not hand over.
 */
export interface StoredAction {
  _id: string;
  version: number;
  site: string;
  /** the first version received, as the protobuf bytes (base64) */
  proposalBase64: string;
  /** actionHash of the first version (diagnostics; execution recomputes it from the bytes) */
  firstHash: string;
  /** hashes of later versions that differed: actions are immutable, so any is tampering */
  otherHashes: string[];
  receivedAt: string;
}

export type RecordResult = 'stored' | 'same' | 'conflict';

export class ActionRepository {
  private constructor(private readonly docs: DocumentCollection<StoredAction>) {}

  static async open(store: DocumentStore): Promise<ActionRepository> {
    return new ActionRepository(await store.collection<StoredAction>(ACTIONS_COLLECTION));
  }

  /** First version wins; a later version with another hash is remembered as a conflict. */
  async record(action: ProposedAction, bytes: Uint8Array, hash: string, now: Date): Promise<RecordResult> {
    const inserted = await this.docs.insert({
      _id: action.actionId,
      site: action.location?.site ?? '',
      proposalBase64: Buffer.from(bytes).toString('base64'),
      firstHash: hash,
      otherHashes: [],
      receivedAt: now.toISOString(),
    });
    if (inserted === 'inserted') return 'stored';
    for (;;) {
      const existing = await this.docs.get(action.actionId);
      if (!existing) throw new Error(`action ${action.actionId} vanished from ${ACTIONS_COLLECTION}`);
      if (existing.firstHash === hash) return 'same';
      if (existing.otherHashes.includes(hash)) return 'conflict';
      const updated = await this.docs.compareAndSet(existing._id, existing.version, {
        otherHashes: [...existing.otherHashes, hash],
      });
      if (updated) return 'conflict';
    }
  }

  async get(actionId: string): Promise<{ doc: StoredAction; action: ProposedAction } | null> {
    const doc = await this.docs.get(actionId);
    if (!doc) return null;
    return { doc, action: ProposedAction.decode(Buffer.from(doc.proposalBase64, 'base64')) };
  }
}
