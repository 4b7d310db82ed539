import { Inject, Injectable, Optional } from '@nestjs/common';
import { z } from 'zod';
import { EVENT_BUS, type EventBus, type OutgoingMessage } from '@andon/bus';
import type { Logger } from '@andon/observability';
import { SERVICE_LOG, SERVICE_CLOCK, systemClock, type Clock } from '@andon/service-kit';
import {
  DeadLetterArchive,
  type ArchivedDeadLetter,
  type DeadLetterFilter,
} from '../dead-letter/dead-letter-archive';
import { IngestHeaders } from '../pipeline/ingest-headers';
import { IngestMetrics } from '../pipeline/ingest-metrics';
import { IngestTopics } from '../pipeline/ingest-topics';

export const MAX_REPLAY_BATCH = 1_000;

/** Filters accepted by the endpoint and the CLI; validated at both edges. */
export const replayRequestSchema = z
  .object({
    reason: z
      .string()
      .regex(/^[a-z_]{1,64}$/, 'a reason code such as schema_invalid or unknown_location')
      .optional(),
    since: z.iso.datetime({ offset: true }).optional(),
    limit: z.number().int().min(1).max(MAX_REPLAY_BATCH).default(100),
    ids: z.array(z.string().min(1).max(128)).max(MAX_REPLAY_BATCH).optional(),
    dryRun: z.boolean().default(false),
  })
  .strict();

export type ReplayRequest = z.input<typeof replayRequestSchema>;

export interface ReplayReport {
  matched: number;
  replayed: Array<{ id: string; sourceTopic: string; reason: string; detail: string }>;
  skipped: Array<{ id: string; why: string }>;
  dryRun: boolean;
}

interface DlqReplayOptions {
  bus: EventBus;
  archive: DeadLetterArchive;
  topics: IngestTopics;
  metrics?: IngestMetrics | undefined;
  log: Logger;
}

/**
 * Re-submits archived dead letters to the raw topic they failed on, with their original
 * key, bytes and headers, in the order they failed (per-key order survives). Meant for
 * after a fix (a new code map version, a new site folder, a fixed bug): the records go
 * through the same consumer again; those still wrong become new dead letters, those
 * already published are deduped. Only pending letters are replayed unless ids are named.
 */
@Injectable()
export class DlqReplayService {
  private readonly options: DlqReplayOptions;
  private readonly clock: Clock;

  /** Built by Nest in the service; by hand (no metrics, the wall clock) by the CLI and the console's desk. */
  constructor(
    @Inject(EVENT_BUS) bus: EventBus,
    @Inject(DeadLetterArchive) archive: DeadLetterArchive,
    @Inject(IngestTopics) topics: IngestTopics,
    @Inject(SERVICE_LOG) log: Logger,
    @Optional() @Inject(IngestMetrics) metrics?: IngestMetrics,
    @Optional() @Inject(SERVICE_CLOCK) clock?: Clock,
  ) {
    this.options = { bus, archive, topics, log, metrics };
    this.clock = clock ?? systemClock;
  }

  list(filter: DeadLetterFilter): Promise<ArchivedDeadLetter[]> {
    return this.options.archive.find(filter);
  }

  async replay(request: ReplayRequest): Promise<ReplayReport> {
    const r = replayRequestSchema.parse(request);
    const letters = r.ids
      ? await this.byIds(r.ids)
      : await this.options.archive.find({
          ...(r.reason ? { reason: r.reason } : {}),
          ...(r.since ? { since: r.since } : {}),
          limit: r.limit,
        });
    const report: ReplayReport = { matched: letters.length, replayed: [], skipped: [], dryRun: r.dryRun };
    const eligible: ArchivedDeadLetter[] = [];
    for (const letter of letters) {
      if (!this.options.topics.isRawTopic(letter.sourceTopic))
        report.skipped.push({
          id: letter._id,
          why: `source topic ${letter.sourceTopic} is not a raw topic of this ingest`,
        });
      else eligible.push(letter);
    }
    if (r.dryRun) {
      report.replayed = eligible.map((l) => ({
        id: l._id,
        sourceTopic: l.sourceTopic,
        reason: l.reason,
        detail: l.detail,
      }));
      return report;
    }
    for (let i = 0; i < eligible.length; i += 100) {
      const chunk = eligible.slice(i, i + 100);
      await this.options.bus.publish(chunk.map((l) => this.replayMessage(l)));
      for (const letter of chunk) {
        // A letter someone else replayed meanwhile is still reported: its record was re-submitted twice, which dedupe absorbs.
        await this.options.archive.markReplayed(letter, this.clock.now());
        this.options.metrics?.onReplayed(letter.detail);
        report.replayed.push({
          id: letter._id,
          sourceTopic: letter.sourceTopic,
          reason: letter.reason,
          detail: letter.detail,
        });
      }
    }
    this.options.log.info(
      { matched: report.matched, replayed: report.replayed.length, skipped: report.skipped.length },
      'dead letters replayed',
    );
    return report;
  }

  private async byIds(ids: readonly string[]): Promise<ArchivedDeadLetter[]> {
    const found = await Promise.all(ids.map((id) => this.options.archive.get(id)));
    return found
      .filter((l): l is ArchivedDeadLetter => l !== null)
      .sort((a, b) => a.failedAt.localeCompare(b.failedAt));
  }

  private replayMessage(letter: ArchivedDeadLetter): OutgoingMessage {
    const headers: Record<string, string> = Object.fromEntries(letter.headers);
    headers[IngestHeaders.ReplayOf] = letter._id;
    // Skew is judged against when the record first arrived, not when it is replayed.
    headers[IngestHeaders.ReceivedAt] ??= letter.failedAt;
    return {
      topic: letter.sourceTopic,
      key: letter.key,
      value: Buffer.from(letter.value, 'base64'),
      headers,
    };
  }
}
