import { setMaxListeners } from 'node:events';
import type { Logger } from '@andon/observability';
import type { Subscription } from '../event-bus.port';
import type { InboundRecord } from '../processing/inbound-record';
import type { MessageProcessor } from '../processing/message-processor';
import { abortableDelay } from '../processing/retry-policy';
import type { GroupMember, InProcessGroup, TopicPartition } from './in-process-group';
import type { ReadablePartition } from './partition-log';

export interface InProcessMemberDeps {
  memberId: number;
  group: InProcessGroup;
  topics: readonly string[];
  processor: MessageProcessor;
  maxBatchSize: number;
  fromBeginning: boolean;
  concurrency: number;
  partitionLog(tp: TopicPartition): ReadablePartition;
  logger: Logger;
  /** After the member left its group; the SQLite bus makes the positions durable here. */
  onClosed(subscription: InProcessSubscription): void | Promise<void>;
}

/** Pause after an infrastructure failure (idempotency store, DLQ) before retrying the same record. */
const FAILURE_PAUSE_MS = 500;

/**
 * A group member: one loop per assigned partition, each handling its records strictly
 * in order and committing the position after every handled (or dead-lettered) record.
 */
export class InProcessSubscription implements Subscription, GroupMember {
  readonly memberId: number;
  readonly topics: readonly string[];
  private workers: Promise<void>[] = [];
  private stopController = new AbortController();
  private closing: Promise<void> | undefined;
  private readonly slots: Semaphore;

  constructor(private readonly deps: InProcessMemberDeps) {
    this.memberId = deps.memberId;
    this.topics = deps.topics;
    this.slots = new Semaphore(deps.concurrency);
  }

  get groupId(): string {
    return this.deps.group.groupId;
  }

  assign(partitions: readonly TopicPartition[]): void {
    this.stopController = new AbortController();
    const signal = this.stopController.signal;
    // One worker per assigned partition waits on this signal; many partitions is expected, not a leak.
    setMaxListeners(Math.max(10, partitions.length + 5), signal);
    for (const tp of partitions) {
      if (this.deps.group.position(tp) === undefined) {
        const log = this.deps.partitionLog(tp);
        this.deps.group.commit(tp, this.deps.fromBeginning ? log.logStartOffset : log.endOffset);
      }
    }
    this.workers = partitions.map((tp) => this.consume(tp, signal));
  }

  async revoke(): Promise<void> {
    this.stopController.abort();
    await Promise.all(this.workers);
    this.workers = [];
  }

  close(): Promise<void> {
    this.closing ??= this.deps.group.leave(this).then(() => this.deps.onClosed(this));
    return this.closing;
  }

  private async consume(tp: TopicPartition, signal: AbortSignal): Promise<void> {
    const log = this.deps.partitionLog(tp);
    const group = this.deps.group;
    const control = { signal, heartbeat: async () => undefined };
    while (!signal.aborted) {
      // A position trimmed away by retention restarts at the oldest record kept.
      const offset = Math.max(group.position(tp) ?? 0, log.logStartOffset);
      const record = log.at(offset);
      if (!record) {
        await log.waitFor(offset, signal);
        continue;
      }
      const release = await this.slots.acquire();
      try {
        if (signal.aborted) return;
        if (this.deps.processor.batched) {
          const records: InboundRecord[] = [];
          for (let at = offset; records.length < this.deps.maxBatchSize; at++) {
            const next = log.at(at);
            if (!next) break;
            records.push({
              ...tp,
              offset: String(at),
              key: next.key,
              value: next.value,
              headers: next.headers,
              timestamp: next.timestamp,
            });
          }
          const done = await this.deps.processor.processBatch(records, control);
          if (done > 0) group.commit(tp, offset + done);
          if (done < records.length) return;
          continue;
        }
        const outcome = await this.deps.processor.process(
          {
            ...tp,
            offset: String(offset),
            key: record.key,
            value: record.value,
            headers: record.headers,
            timestamp: record.timestamp,
          },
          control,
        );
        if (outcome === 'aborted') return;
        group.commit(tp, offset + 1);
      } catch (err) {
        this.deps.logger.error({ err, ...tp, offset }, 'message processing failed; retrying the same record');
        await abortableDelay(FAILURE_PAUSE_MS, signal);
      } finally {
        release();
      }
    }
  }
}

/** Caps how many partitions of one member run a handler at the same time. */
class Semaphore {
  private available: number;
  private readonly queue: Array<() => void> = [];

  constructor(size: number) {
    this.available = Math.max(1, size);
  }

  async acquire(): Promise<() => void> {
    if (this.available > 0) {
      this.available -= 1;
    } else {
      await new Promise<void>((resolve) => this.queue.push(resolve));
    }
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = this.queue.shift();
      if (next) next();
      else this.available += 1;
    };
  }
}
