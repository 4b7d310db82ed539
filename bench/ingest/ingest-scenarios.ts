// Ingest bench inputs: the raw events (JSON and protobuf) on four lines of two sites, and
// each run's own topics on a shared broker. Used by ingest.bench.ts and ingest-kafka-runs.ts.
import { Kafka, logLevel } from 'kafkajs';
import { PlantEvent, SourceSystem } from '@andon/contracts';
import type { IngestTopicNames } from '@andon/service-ingest/bench';

export const LINES = [
  ['plant-a', 'line-1', 'a-l1-m1', 'D01', 'A-100', 'degC'],
  ['plant-a', 'line-2', 'a-l2-m2', 'D03', 'A-400', 'degC'],
  ['plant-b', 'line-3', 'b-l3-m1', '130', 'TEMP_HI', 'degF'],
  ['plant-b', 'line-4', 'b-l4-m3', '150', 'JAM', 'degF'],
] as const;

export function rawEvent(i: number, now: number): Record<string, unknown> {
  const [site, line, machine, downtime, alarm, unit] = LINES[i % LINES.length] as (typeof LINES)[number];
  const kind = i % 10;
  const payload =
    kind < 5
      ? { good: 57, scrap: 1, unit: 'ea', product: 'PX-100', lotId: `LOT-${i % 97}` }
      : kind < 8
        ? {
            tag: `${machine}.temperature`,
            value: unit === 'degF' ? 154.4 : 68,
            unit,
            quality: 'GOOD',
            machineId: machine,
          }
        : kind < 9
          ? { machineId: machine, reasonCode: downtime }
          : { machineId: machine, alarmCode: alarm, severity: 'HIGH', state: 'RAISED' };
  const eventType =
    kind < 5
      ? 'production_count'
      : kind < 8
        ? 'historian_reading'
        : kind < 9
          ? 'downtime_start'
          : 'machine_alarm';
  return {
    sourceSystem: 'MES',
    sourceEventId: `bench-${i}`,
    eventType,
    location: { enterprise: 'acme', site, area: 'x', line },
    occurredAt: new Date(now - 1_000).toISOString(),
    payload,
  };
}

export function protobufOf(json: Record<string, unknown>): Uint8Array {
  const payload = PlantEvent.fromJSON({ [json['eventType'] as string]: json['payload'] }).payload;
  return PlantEvent.encode(
    PlantEvent.fromPartial({
      envelope: {
        eventId: json['sourceEventId'] as string,
        eventType: json['eventType'] as string,
        sourceSystem: SourceSystem.MES,
        location: json['location'] as object,
        occurredAt: new Date(json['occurredAt'] as string),
      },
      payload,
    }),
  ).finish();
}

/** The site/line key of event i (its partition key). */
export function lineKey(i: number): string {
  const [site, line] = LINES[i % LINES.length] as (typeof LINES)[number];
  return `${site}/${line}`;
}

/** A run's own topic names, so runs on one broker do not see each other. */
export function runTopics(run: string): IngestTopicNames {
  return {
    raw: {
      MES: `${run}.raw.mes`,
      ERP: `${run}.raw.erp`,
      HISTORIAN: `${run}.raw.historian`,
      QMS: `${run}.raw.qms`,
      CMMS: `${run}.raw.cmms`,
    },
    plantEvents: `${run}.plant-events`,
    deadLetters: `${run}.dlq`,
  };
}

/** Deletes a run's topics, so repeated runs find the broker as the first one did. */
export async function deleteTopics(brokers: string[], topics: IngestTopicNames): Promise<void> {
  const admin = new Kafka({ brokers, clientId: 'bench-cleanup', logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
  try {
    await admin.deleteTopics({
      topics: [...Object.values(topics.raw), topics.plantEvents, topics.deadLetters],
    });
  } finally {
    await admin.disconnect();
  }
}
