import type { INestApplicationContext } from '@nestjs/common';
import { EVENT_BUS, type EventBus } from '@andon/bus';
import { Metrics, type Logger } from '@andon/observability';
import type { DocumentStore } from '@andon/persistence';
import { DOCUMENT_STORE, SERVICE_LOG } from '@andon/service-kit';
import { INGEST_SETTINGS, type IngestSettings } from '../ingest.tokens';
import { IngestPipeline } from '../pipeline/ingest-pipeline';
import { IngestTopics } from '../pipeline/ingest-topics';

/**
 * What a plant-protocol source (MQTT, OPC UA) uses of the ingest module it feeds: the same
 * pipeline, bus, store and topics as the raw topics. Its providers receive them from Nest
 * (SOURCE_PORT_TOKENS); a spec that builds a source by hand reads them from the app.
 */
export interface IngestSourcePorts {
  bus: EventBus;
  store: DocumentStore;
  log: Logger;
  metrics: Metrics;
  pipeline: IngestPipeline;
  topics: IngestTopics;
  settings: IngestSettings;
}

/** The injection tokens of IngestSourcePorts, in sourcePortsFrom's argument order (exported by IngestModule). */
export const SOURCE_PORT_TOKENS = [
  EVENT_BUS,
  DOCUMENT_STORE,
  SERVICE_LOG,
  Metrics,
  IngestPipeline,
  IngestTopics,
  INGEST_SETTINGS,
] as const;

export function sourcePortsFrom(
  bus: EventBus,
  store: DocumentStore,
  log: Logger,
  metrics: Metrics,
  pipeline: IngestPipeline,
  topics: IngestTopics,
  settings: IngestSettings,
): IngestSourcePorts {
  return { bus, store, log, metrics, pipeline, topics, settings };
}

/** The ports of an application context built from IngestModule (specs and benches). */
export function sourcePortsOf(app: Pick<INestApplicationContext, 'get'>): IngestSourcePorts {
  return sourcePortsFrom(
    app.get<EventBus>(EVENT_BUS),
    app.get<DocumentStore>(DOCUMENT_STORE),
    app.get<Logger>(SERVICE_LOG),
    app.get(Metrics),
    app.get(IngestPipeline),
    app.get(IngestTopics),
    app.get<IngestSettings>(INGEST_SETTINGS),
  );
}
