import {
  DataClassification,
  PlantEvent,
  SourceSystem,
  locationKey,
  type Location,
  type PlantEventPayload,
} from '@andon/contracts';
import { normaliseSiteId } from '@andon/plant-model';
import type { SiteCodeMap } from '../site-codes/site-code-map';
import { translateCodes, type CodeTranslation } from '../site-codes/translate-codes';
import { applyCanonicalUnits } from './apply-units';
import { canonicalEventId } from './event-id';
import type { RawEvent } from './raw-event';
import { reject } from './rejection';
import { assertWithinSkew } from './timestamps';

export const SCHEMA_VERSION = 1;

export interface NormaliseOptions {
  /** The active code map of a site, or undefined for a site outside the plant model. */
  codeMap(site: string): SiteCodeMap | undefined;
  defaultEnterprise: string;
  maxSkewMs: number;
  /** When the record was first received (see ingest-pipeline: replays keep the original). */
  receivedAt: Date;
  ingestedAt: Date;
}

export interface NormalisedEvent {
  event: PlantEvent;
  eventId: string;
  sourceEventId: string;
  /** Partition key on andon.plant-events.v1: `site/line` (or `site`). */
  key: string;
  /** `plant-a@v1`: the code map version that translated this event. */
  codeMap: string;
  translations: CodeTranslation[];
  unknownUnits: string[];
}

function machineIdOf(payload: PlantEventPayload): string {
  const value = payload.value;
  return 'machineId' in value && typeof value.machineId === 'string' ? value.machineId : '';
}

function assertKeyPart(value: string, what: string, sourceEventId: string): void {
  // '/' separates site and line in the partition key; inside a part two lines would share a key.
  if (value.includes('/'))
    reject('schema_invalid', `location.${what} "${value.slice(0, 64)}" must not contain "/"`, sourceEventId);
}

/** ISA-95 location: canonical site id, line checked against the plant model, area and cell filled from it. */
function canonicalLocation(
  raw: RawEvent,
  map: SiteCodeMap,
  site: string,
  defaultEnterprise: string,
): Location {
  const machine = map.machine(machineIdOf(raw.payload));
  const line = raw.location.line || machine?.line || '';
  assertKeyPart(line, 'line', raw.sourceEventId);
  if (line !== '' && map.knowsLine(line) === false) {
    reject(
      'unknown_location',
      `line "${line.slice(0, 64)}" is not in the plant model of site ${site} (${map.label})`,
      raw.sourceEventId,
    );
  }
  return {
    enterprise: raw.location.enterprise || map.enterprise || defaultEnterprise,
    site,
    area: raw.location.area || map.areaOf(line) || '',
    line,
    cell: raw.location.cell || (machine && machine.line === line ? machine.cell : ''),
  };
}

/**
 * Raw event -> canonical plant event: skew check, plant-model location, canonical codes
 * and units, deterministic event id, lineage (source ids) and ingested_at. Throws
 * IngestRejection for input that cannot become a plant event.
 */
export function normaliseEvent(raw: RawEvent, options: NormaliseOptions): NormalisedEvent {
  assertWithinSkew(raw.occurredAt, options.receivedAt, options.maxSkewMs, raw.sourceEventId);
  const site = normaliseSiteId(raw.location.site);
  assertKeyPart(site, 'site', raw.sourceEventId);
  const map = options.codeMap(site);
  if (!map)
    reject(
      'unknown_location',
      `site "${site.slice(0, 64)}" has no code map (config/site-codes/${site.slice(0, 64)}/)`,
      raw.sourceEventId,
    );
  const location = canonicalLocation(raw, map, site, options.defaultEnterprise);
  const translated = translateCodes(raw.payload, map);
  const units = applyCanonicalUnits(translated.payload);
  const eventId = canonicalEventId(raw.sourceSystem, raw.sourceEventId);
  const event: PlantEvent = {
    envelope: {
      eventId,
      eventType: raw.eventType,
      sourceSystem: raw.sourceSystem,
      location,
      occurredAt: raw.occurredAt,
      ingestedAt: options.ingestedAt,
      // A new plant occurrence starts its own correlation unless the source already links it.
      correlationId: raw.correlationId || eventId,
      causationId: raw.causationId,
      schemaVersion: SCHEMA_VERSION,
      // Plant data is internal unless the source says otherwise; UNSPECIFIED would read as RESTRICTED.
      dataClassification:
        raw.dataClassification === DataClassification.UNSPECIFIED
          ? DataClassification.INTERNAL
          : raw.dataClassification,
      sourceRecordId: raw.sourceRecordId || raw.sourceEventId,
    },
    payload: units.payload,
  };
  return {
    event,
    eventId,
    sourceEventId: raw.sourceEventId,
    key: locationKey(location),
    codeMap: map.label,
    translations: translated.translations,
    unknownUnits: units.unknownUnits,
  };
}

export function sourceSystemName(source: SourceSystem): string {
  return SourceSystem[source];
}
