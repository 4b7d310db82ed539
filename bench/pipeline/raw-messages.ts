import { ContentTypes, HeaderNames } from '@andon/contracts';
import type { OutgoingMessage } from '@andon/bus';
import type { IngestTopicNames } from '@andon/service-ingest';

/** The four lines the load cycles through: site, line, machine and the historian's unit. */
const LINES = [
  ['plant-a', 'line-1', 'a-l1-m1', 'degC'],
  ['plant-a', 'line-2', 'a-l2-m2', 'degC'],
  ['plant-b', 'line-3', 'b-l3-m1', 'degF'],
  ['plant-b', 'line-4', 'b-l4-m3', 'degF'],
] as const;

/**
 * The i-th raw event of a run, as a plant would publish it: every `ncrEvery`-th a QMS
 * nonconformance, otherwise alternately an MES production count and a historian reading.
 */
export function rawMessage(
  run: string,
  ncrEvery: number,
  raw: IngestTopicNames['raw'],
  i: number,
): { id: string; ncr: boolean; message: OutgoingMessage } {
  const [site, line, machine, unit] = LINES[i % LINES.length] as (typeof LINES)[number];
  const id = `${run}-${i}`;
  const ncr = i % ncrEvery === ncrEvery - 1;
  const base = {
    sourceEventId: id,
    correlationId: id,
    location: { enterprise: 'acme', site, area: 'x', line },
    occurredAt: new Date().toISOString(),
  };
  const [topic, body] = ncr
    ? [
        raw.QMS,
        {
          ...base,
          sourceSystem: 'QMS',
          eventType: 'nonconformance',
          payload: {
            ncrId: `NCR-${id}`,
            category: 'dimensional',
            severity: 'MAJOR',
            description: `Bore diameter out of tolerance on lot LOT-${i}`,
            lotIds: [`LOT-${i}`],
            product: 'PX-100',
            quantityAffected: 12,
            unit: 'ea',
          },
        },
      ]
    : i % 2 === 0
      ? [
          raw.MES,
          {
            ...base,
            sourceSystem: 'MES',
            eventType: 'production_count',
            payload: { good: 57, scrap: 1, unit: 'ea', product: 'PX-100', lotId: `LOT-${i % 97}` },
          },
        ]
      : [
          raw.HISTORIAN,
          {
            ...base,
            sourceSystem: 'HISTORIAN',
            eventType: 'historian_reading',
            payload: {
              tag: `${machine}.temperature`,
              value: unit === 'degF' ? 154.4 : 68,
              unit,
              quality: 'GOOD',
              machineId: machine,
            },
          },
        ];
  return {
    id,
    ncr,
    message: {
      topic,
      key: `${site}/${line}`,
      value: Buffer.from(JSON.stringify(body), 'utf8'),
      headers: { [HeaderNames.ContentType]: ContentTypes.Json },
    },
  };
}
