/**
 * The JSON form a plant publishes to `andon.raw.<source>.v1` when it cannot produce
 * protobuf (content-type: application/json). Codes are the site's own; timestamps carry
 * the site's offset; units are whatever the source uses. Ingest normalises all of it.
 */
export interface RawPlantEventJson {
  sourceSystem: 'MES' | 'ERP' | 'HISTORIAN' | 'QMS' | 'CMMS';
  sourceEventId: string;
  eventType: string;
  location: { enterprise: string; site: string; area: string; line: string; cell?: string };
  occurredAt: string;
  payload: Record<string, unknown>;
}

export interface RawMessage {
  topic: string;
  key: string;
  value: Buffer;
  headers: Record<string, string>;
}
