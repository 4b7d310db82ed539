import { Inject, Injectable } from '@nestjs/common';
import { EVENT_BUS, type EventBus, type MessageHeaders as Headers, type OutgoingMessage } from '@andon/bus';
import { ContentTypes, HeaderNames, PlantEvent, SourceSystem } from '@andon/contracts';
import type { Logger } from '@andon/observability';
import { SERVICE_LOG, SERVICE_CLOCK, type Clock } from '@andon/service-kit';
import { InFlightEventIds } from '../dedupe/in-flight-event-ids';
import { SourceEventDedupe } from '../dedupe/source-event-dedupe';
import { INGEST_SETTINGS, type IngestSettings } from '../ingest.tokens';
import { decodeInput, formatOf } from '../normalise/decode-input';
import { normaliseEvent, type NormalisedEvent } from '../normalise/normalise-event';
import { IngestRejection } from '../normalise/rejection';
import { SiteCodeRegistry } from '../site-codes/site-code-registry';
import type { CodeTranslation } from '../site-codes/translate-codes';
import { UnmappedCodesRepository } from '../unmapped/unmapped-codes.repository';
import { IngestHeaders, codeList } from './ingest-headers';
import { IngestMetrics } from './ingest-metrics';
import { IngestTopics } from './ingest-topics';

export type InputOrigin =
  | { kind: 'kafka'; topic: string; partition: number; offset: string; groupId: string; timestamp: number }
  /** `allowedSites`: the sites the caller's ingest token is bound to ('*': every site). */
  | { kind: 'http'; requestId: string; index: number; receivedAt: Date; allowedSites?: readonly string[] }
  /** A unit of a plant-protocol message (mqtt-source/): `index` is the unit within the message. */
  | { kind: 'mqtt'; topic: string; messageId: string; index: number; receivedAt: Date }
  /** An OPC UA notification (opcua-source/): topic = `<server>/<node id>`. */
  | { kind: 'opcua'; topic: string; messageId: string; index: number; receivedAt: Date };

export interface IngestInput {
  value: Uint8Array;
  headers: Headers;
  key: string | null;
  origin: InputOrigin;
}

export type IngestResult =
  | { outcome: 'published'; eventId: string; sourceEventId: string; key: string; unmapped: CodeTranslation[] }
  | { outcome: 'deduped'; eventId: string; sourceEventId: string }
  | { outcome: 'dead_lettered'; rejection: IngestRejection };

export interface IngestPipelineSettings {
  maxBytes: number;
  maxSkewMs: number;
  defaultEnterprise: string;
}

interface IngestPipelineDeps {
  bus: EventBus;
  dedupe: SourceEventDedupe;
  unmapped: UnmappedCodesRepository;
  siteCodes: SiteCodeRegistry;
  metrics: IngestMetrics;
  log: Logger;
  topics: IngestTopics;
  settings: IngestPipelineSettings;
}

/** An input after decode, validation and normalisation: a plant event, or why it is rejected. */
type Prepared =
  | { normalised: NormalisedEvent; format: string }
  | { outcome: 'dead_lettered'; rejection: IngestRejection; format: string };

function sourcePosition(origin: InputOrigin): string {
  if (origin.kind === 'mqtt' || origin.kind === 'opcua')
    return `${origin.kind}/${origin.topic}/${origin.messageId}/${origin.index}`;
  return origin.kind === 'kafka'
    ? `${origin.topic}/${origin.partition}/${origin.offset}`
    : `http/${origin.requestId}/${origin.index}`;
}

/**
 * The one validation and normalisation path for every input (raw topics, HTTP, replay):
 * decode -> validate -> normalise -> dedupe check -> publish -> mark published.
 * Bad input comes back as a `dead_lettered` result (the caller writes the dead letter:
 * the bus for topic input, the HTTP use case for HTTP input); infrastructure failures
 * (bus, store) throw, so the caller retries and nothing is marked done that is not.
 */
@Injectable()
export class IngestPipeline {
  private readonly deps: IngestPipelineDeps;
  /** Ids between their dedupe check and mark, so concurrent inputs of one id publish once. */
  private readonly inFlight = new InFlightEventIds();

  constructor(
    @Inject(EVENT_BUS) bus: EventBus,
    @Inject(SourceEventDedupe) dedupe: SourceEventDedupe,
    @Inject(UnmappedCodesRepository) unmapped: UnmappedCodesRepository,
    @Inject(SiteCodeRegistry) siteCodes: SiteCodeRegistry,
    @Inject(IngestMetrics) metrics: IngestMetrics,
    @Inject(SERVICE_LOG) log: Logger,
    @Inject(IngestTopics) topics: IngestTopics,
    @Inject(INGEST_SETTINGS) config: IngestSettings,
    @Inject(SERVICE_CLOCK) private readonly clock: Clock,
  ) {
    const settings: IngestPipelineSettings = {
      maxBytes: config.INGEST_MAX_BYTES,
      maxSkewMs: config.INGEST_MAX_SKEW_MS,
      defaultEnterprise: config.INGEST_DEFAULT_ENTERPRISE,
    };
    this.deps = { bus, dedupe, unmapped, siteCodes, metrics, log, topics, settings };
  }

  async process(input: IngestInput): Promise<IngestResult> {
    const { metrics } = this.deps;
    const prepared = this.prepare(input);
    if ('outcome' in prepared) return { outcome: 'dead_lettered', rejection: prepared.rejection };
    const { normalised, format } = prepared;
    const { eventId, sourceEventId } = normalised;
    const release = await this.inFlight.hold([eventId]);
    try {
      if (await this.deps.dedupe.isDuplicate(eventId)) {
        metrics.onOutcome('deduped', format);
        return { outcome: 'deduped', eventId, sourceEventId };
      }
      const unmapped = normalised.translations.filter((t) => t.canonical === undefined);
      await this.recordUnmapped(normalised, unmapped);
      await this.deps.bus.publish([this.plantEventMessage(normalised, input, unmapped)]);
      // Only now: a crash before this line re-publishes the same event id, never loses it.
      await this.deps.dedupe.markPublished(eventId);
      metrics.onUnknownUnits(normalised.unknownUnits.length);
      metrics.onOutcome('published', format);
      return { outcome: 'published', eventId, sourceEventId, key: normalised.key, unmapped };
    } finally {
      release();
    }
  }

  /**
   * The same path for consecutive records of one partition: every plant event and every
   * dead letter (built by `deadLetter`, in the bus's format) goes out in ONE publish, in
   * input order, and the dedupe marks follow only after that publish resolved. A failure
   * throws before anything is marked, so the caller can fall back to `process()` per input.
   */
  async processBatch(
    inputs: readonly IngestInput[],
    deadLetter: (index: number, rejection: IngestRejection) => OutgoingMessage,
  ): Promise<IngestResult[]> {
    const prepared = inputs.map((input) => this.prepare(input, false));
    const eventIds = prepared.flatMap((p) => ('outcome' in p ? [] : [p.normalised.eventId]));
    const release = await this.inFlight.hold(eventIds);
    try {
      return await this.publishPrepared(inputs, prepared, eventIds, deadLetter);
    } finally {
      release();
    }
  }

  private async publishPrepared(
    inputs: readonly IngestInput[],
    prepared: readonly Prepared[],
    eventIds: readonly string[],
    deadLetter: (index: number, rejection: IngestRejection) => OutgoingMessage,
  ): Promise<IngestResult[]> {
    const { metrics } = this.deps;
    const seen = await this.deps.dedupe.duplicatesAmong(eventIds);
    const outgoing: OutgoingMessage[] = [];
    const results: IngestResult[] = [];
    const done: { kind: 'published' | 'deduped'; eventId: string; format: string; unknownUnits: number }[] =
      [];
    const inBatch = new Set<string>();
    for (let i = 0; i < inputs.length; i++) {
      const p = prepared[i];
      if ('outcome' in p) {
        if (p.outcome === 'dead_lettered') outgoing.push(deadLetter(i, p.rejection));
        results.push({ outcome: 'dead_lettered', rejection: p.rejection });
        continue;
      }
      const { normalised, format } = p;
      const { eventId, sourceEventId } = normalised;
      if (seen.has(eventId) || inBatch.has(eventId)) {
        results.push({ outcome: 'deduped', eventId, sourceEventId });
        done.push({ kind: 'deduped', eventId, format, unknownUnits: 0 });
        continue;
      }
      inBatch.add(eventId);
      const unmapped = normalised.translations.filter((t) => t.canonical === undefined);
      await this.recordUnmapped(normalised, unmapped);
      outgoing.push(this.plantEventMessage(normalised, inputs[i], unmapped));
      done.push({ kind: 'published', eventId, format, unknownUnits: normalised.unknownUnits.length });
      results.push({ outcome: 'published', eventId, sourceEventId, key: normalised.key, unmapped });
    }
    if (outgoing.length > 0) await this.deps.bus.publish(outgoing);
    // Only now, as in process(): a crash before this line re-publishes the same ids.
    await this.deps.dedupe.markAllPublished(done.filter((d) => d.kind === 'published').map((d) => d.eventId));
    prepared.forEach((p, i) => {
      if ('outcome' in p) this.countRejection(p.rejection, p.format, inputs[i]);
    });
    for (const d of done) {
      if (d.kind === 'published') metrics.onUnknownUnits(d.unknownUnits);
      metrics.onOutcome(d.kind, d.format);
    }
    return results;
  }

  /** Decode, validate and normalise; bad input comes back as a dead_lettered result. */
  private prepare(input: IngestInput, count = true): Prepared {
    let format: string = formatOf(input.headers[HeaderNames.ContentType]) ?? 'unsupported';
    try {
      const raw = decodeInput(input.value, input.headers, {
        maxBytes: this.deps.settings.maxBytes,
        defaultSource: this.deps.topics.sourceOf(
          input.origin.kind === 'kafka' ? input.origin.topic : undefined,
        ),
      });
      format = raw.format;
      const normalised = normaliseEvent(raw, {
        codeMap: (site) => this.deps.siteCodes.get(site),
        defaultEnterprise: this.deps.settings.defaultEnterprise,
        maxSkewMs: this.deps.settings.maxSkewMs,
        receivedAt: this.receivedAt(input),
        ingestedAt: this.clock.now(),
      });
      const site = normalised.event.envelope?.location?.site ?? '';
      const allowed = input.origin.kind === 'http' ? input.origin.allowedSites : undefined;
      if (allowed && !allowed.includes('*') && !allowed.includes(site)) {
        throw new IngestRejection(
          'site_not_permitted',
          `this ingest token may publish for ${allowed.join(', ')}, not for site "${site}"`,
          normalised.sourceEventId,
        );
      }
      return { normalised, format };
    } catch (err) {
      if (!(err instanceof IngestRejection)) throw err;
      if (count && err.rejection !== 'site_not_permitted') this.countRejection(err, format, input);
      return { outcome: 'dead_lettered', rejection: err, format };
    }
  }

  private countRejection(rejection: IngestRejection, format: string, input: IngestInput | undefined): void {
    // One warn line per dead letter, with its reason and where it came from (not its bytes).
    const o = input?.origin;
    const source = !o
      ? 'unknown'
      : o.kind === 'mqtt' || o.kind === 'opcua'
        ? sourcePosition(o)
        : o.kind === 'kafka'
          ? `${o.topic}/${o.partition}/${o.offset}`
          : `http ${o.requestId}#${o.index}`;
    this.deps.log.warn(
      {
        reason: rejection.rejection,
        detail: rejection.detail.slice(0, 200),
        source,
        key: input?.key ?? null,
        sourceEventId: rejection.sourceEventId,
        format,
      },
      `dead letter: ${rejection.rejection}`,
    );
    this.deps.metrics.onDeadLetter(rejection.rejection);
    this.deps.metrics.onOutcome('dead_lettered', format);
  }

  /** When the record was first received: a replay carries it, a topic record has its timestamp. */
  private receivedAt(input: IngestInput): Date {
    const carried = input.headers[IngestHeaders.ReceivedAt];
    if (carried) {
      const parsed = new Date(carried);
      if (!Number.isNaN(parsed.getTime())) return parsed;
    }
    if (input.origin.kind !== 'kafka') return input.origin.receivedAt;
    return Number.isFinite(input.origin.timestamp) && input.origin.timestamp > 0
      ? new Date(input.origin.timestamp)
      : this.clock.now();
  }

  private async recordUnmapped(n: NormalisedEvent, unmapped: readonly CodeTranslation[]): Promise<void> {
    const site = n.event.envelope?.location?.site ?? '';
    for (const t of unmapped) {
      this.deps.metrics.onUnmapped(site, t.kind);
      await this.deps.unmapped.record({
        site,
        kind: t.kind,
        code: t.code,
        eventId: n.eventId,
        codeMap: n.codeMap,
        at: this.clock.now(),
      });
    }
    if (unmapped.length > 0) {
      this.deps.log.info(
        { eventId: n.eventId, site, codeMap: n.codeMap, unmapped: codeList(unmapped) },
        'published with unmapped site codes',
      );
    }
  }

  private plantEventMessage(
    n: NormalisedEvent,
    input: IngestInput,
    unmapped: readonly CodeTranslation[],
  ): OutgoingMessage {
    const envelope = n.event.envelope;
    const headers: Record<string, string> = {
      [HeaderNames.EventId]: n.eventId,
      [HeaderNames.EventType]: envelope?.eventType ?? '',
      [HeaderNames.ContentType]: ContentTypes.Protobuf,
      [HeaderNames.SchemaVersion]: String(envelope?.schemaVersion ?? 1),
      [HeaderNames.SourceSystem]: SourceSystem[envelope?.sourceSystem ?? SourceSystem.UNSPECIFIED],
      [HeaderNames.Site]: envelope?.location?.site ?? '',
      [HeaderNames.CorrelationId]: envelope?.correlationId ?? n.eventId,
      [HeaderNames.ProducedBy]: 'ingest',
      [IngestHeaders.SourceEventId]: n.sourceEventId,
      [IngestHeaders.IngestSource]: sourcePosition(input.origin),
      [IngestHeaders.CodeMap]: n.codeMap,
    };
    if (envelope?.causationId) headers[HeaderNames.CausationId] = envelope.causationId;
    const traceParent = input.headers[HeaderNames.TraceParent];
    if (traceParent) headers[HeaderNames.TraceParent] = traceParent;
    const translated = n.translations.filter((t) => t.canonical !== undefined);
    if (translated.length > 0) headers[IngestHeaders.SourceCodes] = codeList(translated);
    if (unmapped.length > 0) headers[IngestHeaders.UnmappedCodes] = codeList(unmapped);
    return {
      topic: this.deps.topics.plantEvents,
      key: n.key,
      value: PlantEvent.encode(n.event).finish(),
      headers,
    };
  }
}
