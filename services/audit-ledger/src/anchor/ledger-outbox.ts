import type { EventBus } from '@andon/bus';
import {
  ContentTypes,
  HeaderNames,
  LEDGER_CHAIN_KEY,
  LedgerCheckpoint,
  LedgerEntry,
  Topics,
} from '@andon/contracts';
import {
  GENESIS_HASH,
  signCheckpoint,
  verifyCheckpoint,
  type SignedCheckpoint,
} from '@andon/governance/ledger';
import type { Logger } from '@andon/observability';
import type { DocumentCollection, DocumentStore } from '@andon/persistence';
import { entryId, type StoredEntry } from '../chain/chain-format';
import { entryProto } from '../chain/entry-proto';
import type { LedgerMetrics } from '../ledger-metrics';
import { checkEntry, verifyRange } from '../verify/range-verifier';
import type { CheckpointKeys } from './checkpoint-key';
import type { WitnessDirectory } from './witness-directory';

export const ANCHOR_COLLECTION = 'ledger_anchor';

/** How far the chain is on the topic, and the last checkpoint made: `<kind>:<chain>`. */
interface AnchorDoc {
  _id: string;
  version: number;
  seq: number;
  hash: string;
  /** ISO instant of the checkpoint ('' for the publish cursor) */
  at: string;
}

export interface OutboxOptions {
  store: DocumentStore;
  docs: DocumentCollection<StoredEntry>;
  chain: string;
  bus: EventBus;
  keys: CheckpointKeys;
  witness: WitnessDirectory | null;
  checkpointEvery: number;
  checkpointIntervalMs: number;
  now: () => Date;
  log: Logger;
  metrics: LedgerMetrics;
}

export interface OutboxRound {
  published: number;
  checkpoint: SignedCheckpoint | null;
}

const PAGE = 500;

/**
 * The ledger store is the source; this outbox puts what is in it onto
 * andon.ledger.entries.v1 and signs checkpoints of it. A cursor document says how far the
 * topic is; entries after it are published in seq order, then the cursor moves (compare
 * and set). A crash between publish and cursor publishes the same entries again: records
 * carry the entry id `<chain>:<seq>` as event id, so a consumer dedupes by sequence.
 * Each entry is checked against the one published before it, so the topic never receives
 * a rewritten chain; a checkpoint is signed only over published entries that extend the
 * previous checkpoint. Replicas may run this at the same time; they then publish some
 * entries twice, never out of order, never a different entry for a seq.
 */
export class LedgerOutbox {
  private running: Promise<OutboxRound> | null = null;
  private again = false;
  private stopped = false;

  private constructor(
    private readonly anchors: DocumentCollection<AnchorDoc>,
    private readonly options: OutboxOptions,
  ) {}

  static async open(options: OutboxOptions): Promise<LedgerOutbox> {
    return new LedgerOutbox(await options.store.collection<AnchorDoc>(ANCHOR_COLLECTION), options);
  }

  /** Runs a round soon; rounds never overlap, and a kick during one runs another after it. */
  kick(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    void this.round().catch((err: unknown) =>
      this.options.log.error({ err }, 'ledger outbox round failed; the next round retries'),
    );
  }

  /** No more rounds (kicks are ignored); waits for a running one. The periodic round is the module's @Sweep. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.again = false;
    await this.running?.catch(() => undefined);
  }

  /** One round: publish what is not on the topic yet, then checkpoint if one is due. */
  round(): Promise<OutboxRound> {
    if (this.running) return this.running.then(() => this.round());
    const run = (async () => {
      try {
        const published = await this.publishPending();
        return { published, checkpoint: await this.checkpointIfDue() };
      } finally {
        this.running = null;
        if (this.again) {
          this.again = false;
          this.kick();
        }
      }
    })();
    this.running = run;
    return run;
  }

  private async cursor(kind: 'publish' | 'checkpoint'): Promise<AnchorDoc> {
    const id = `${kind}:${this.options.chain}`;
    const found = await this.anchors.get(id);
    if (found) return found;
    await this.anchors.insert({ _id: id, seq: 0, hash: GENESIS_HASH, at: '' });
    const created = await this.anchors.get(id);
    if (!created) throw new Error(`ledger anchor ${id} vanished after insert`);
    return created;
  }

  private async publishPending(): Promise<number> {
    const { docs, chain, bus, log, metrics } = this.options;
    let cursor = await this.cursor('publish');
    // Idle check by primary key: cheap on both stores, even when the chain is long.
    if (!(await docs.get(entryId(chain, cursor.seq + 1)))) return 0;
    if (cursor.seq > 0) {
      const last = await docs.get(entryId(chain, cursor.seq));
      if (!last || last.hash !== cursor.hash) {
        metrics.anchorProblem('publish');
        log.error(
          { seq: cursor.seq, published: cursor.hash, stored: last?.hash ?? null },
          'the stored ledger no longer holds the entry already published at this seq; publishing stopped (run andon ledger verify)',
        );
        return 0;
      }
    }
    let published = 0;
    for (;;) {
      const page = await docs.find(
        { _id: { $gt: entryId(chain, cursor.seq), $lt: `${chain};` } },
        { sort: { _id: 1 }, limit: PAGE },
      );
      const good: StoredEntry[] = [];
      let prevHash = cursor.hash;
      for (const doc of page) {
        const problem = checkEntry(doc, chain, cursor.seq + good.length + 1, prevHash);
        if (problem) {
          metrics.anchorProblem('publish');
          log.error(
            { ...problem },
            'ledger entry does not extend the published chain; publishing stopped there (run andon ledger verify)',
          );
          break;
        }
        good.push(doc);
        prevHash = doc.hash;
      }
      const last = good.at(-1);
      if (!last) return published;
      await bus.publish(
        good.map((doc) => ({
          topic: Topics.LedgerEntries,
          key: LEDGER_CHAIN_KEY,
          value: LedgerEntry.encode(entryProto(doc)).finish(),
          headers: {
            [HeaderNames.EventId]: doc._id,
            [HeaderNames.ContentType]: ContentTypes.Protobuf,
            [HeaderNames.ProducedBy]: 'audit-ledger',
          },
        })),
      );
      const moved = await this.anchors.compareAndSet(cursor._id, cursor.version, {
        seq: last.seq,
        hash: last.hash,
      });
      published += good.length;
      metrics.published(good.length, last.seq);
      // Another replica moved the cursor meanwhile: continue from wherever it is now.
      cursor = moved ?? (await this.cursor('publish'));
      if (good.length < page.length || page.length < PAGE) return published;
    }
  }

  private async checkpointIfDue(): Promise<SignedCheckpoint | null> {
    const { docs, chain, keys, witness, now, log, metrics } = this.options;
    const published = await this.cursor('publish');
    const previous = await this.previousCheckpoint();
    if (published.seq <= previous.seq) return null;
    const at = now();
    const elapsed = previous.at === '' ? Number.POSITIVE_INFINITY : at.getTime() - Date.parse(previous.at);
    if (
      published.seq - previous.seq < this.options.checkpointEvery &&
      elapsed < this.options.checkpointIntervalMs
    )
      return null;

    // Sign only a chain that extends the previous checkpoint.
    if (previous.seq > 0) {
      const anchored = await docs.get(entryId(chain, previous.seq));
      if (!anchored || anchored.hash !== previous.hash) {
        metrics.anchorProblem('checkpoint');
        log.error(
          { checkpointSeq: previous.seq },
          'the chain no longer matches the last checkpoint; no new checkpoint signed (run andon ledger verify)',
        );
        return null;
      }
    }
    const range = await verifyRange(docs, chain, { fromSeq: previous.seq + 1, toSeq: published.seq });
    if (!range.ok || range.lastSeq !== published.seq || range.headHash === null) {
      metrics.anchorProblem('checkpoint');
      log.error(
        { range },
        'entries since the last checkpoint do not verify; no new checkpoint signed (run andon ledger verify)',
      );
      return null;
    }
    const checkpoint = signCheckpoint(
      { chain, seq: published.seq, hash: range.headHash },
      at,
      keys.signing.privateKey,
    );
    if (witness && (await witness.write(checkpoint)) === 'exists') return null;
    await this.options.bus.publish([
      {
        topic: Topics.LedgerCheckpoints,
        key: LEDGER_CHAIN_KEY,
        value: LedgerCheckpoint.encode(checkpointProto(checkpoint)).finish(),
        headers: {
          [HeaderNames.EventId]: `checkpoint:${chain}:${checkpoint.seq}`,
          [HeaderNames.ContentType]: ContentTypes.Protobuf,
          [HeaderNames.ProducedBy]: 'audit-ledger',
        },
      },
    ]);
    const mine = await this.cursor('checkpoint');
    if (mine.seq < checkpoint.seq)
      await this.anchors.compareAndSet(mine._id, mine.version, {
        seq: checkpoint.seq,
        hash: checkpoint.hash,
        at: checkpoint.at,
      });
    metrics.checkpointed(checkpoint.seq);
    log.info(
      {
        seq: checkpoint.seq,
        keyId: checkpoint.keyId,
        witness: witness?.fileOf(chain, checkpoint.seq) ?? null,
      },
      'ledger checkpoint signed',
    );
    return checkpoint;
  }

  /** The witness's latest checkpoint when there is a witness (it is the anchor), else this store's record of the last one. */
  private async previousCheckpoint(): Promise<{ seq: number; hash: string; at: string }> {
    const { witness, chain, keys } = this.options;
    if (!witness) return this.cursor('checkpoint');
    const latest = await witness.latest(chain);
    if (!latest) return { seq: 0, hash: GENESIS_HASH, at: '' };
    if ('error' in latest) throw new Error(`witness ${latest.file}: ${latest.error}`);
    const valid = verifyCheckpoint(latest.checkpoint, keys.verifying);
    if (!valid.ok) throw new Error(`witness ${latest.file}: ${valid.message}`);
    return latest.checkpoint;
  }
}

export function checkpointProto(checkpoint: SignedCheckpoint): LedgerCheckpoint {
  return LedgerCheckpoint.fromPartial({
    chain: checkpoint.chain,
    seq: checkpoint.seq,
    headHash: checkpoint.hash,
    checkpointedAt: new Date(checkpoint.at),
    keyId: checkpoint.keyId,
    statement: checkpoint.statement,
    signature: checkpoint.signature,
  });
}
