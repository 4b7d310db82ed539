import type { DataClassification, PlantEventPayload, SourceSystem } from '@andon/contracts';

/** The raw sources ingest accepts (the five raw topics). */
export type RawSource = 'MES' | 'ERP' | 'HISTORIAN' | 'QMS' | 'CMMS';

/**
 * An input after decoding and structural validation, before normalisation: whatever
 * the format (protobuf PlantEvent or raw JSON), this is what the rest of ingest sees.
 * Location fields and codes are still the site's own spellings.
 */
export interface RawEvent {
  format: 'protobuf' | 'json';
  sourceSystem: SourceSystem;
  /** The source's own id of this event; dedupe and the canonical event id derive from it. */
  sourceEventId: string;
  /** The source's record primary key when it differs from the event id; '' if not given. */
  sourceRecordId: string;
  eventType: string;
  location: { enterprise: string; site: string; area: string; line: string; cell: string };
  occurredAt: Date;
  correlationId: string;
  causationId: string;
  dataClassification: DataClassification;
  payload: PlantEventPayload;
}
