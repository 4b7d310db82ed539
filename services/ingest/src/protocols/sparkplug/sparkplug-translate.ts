import { metricEvent } from '../plant-mapping/metric-event';
import { lookupMetric, type ProtocolMaps } from '../plant-mapping/protocol-maps';
import { refusedMessage, type ProtocolMessage } from '../protocol-message';
import { decodeSparkplug, type DecodedPayload } from './sparkplug-codec';
import type { SparkplugSessions } from './sparkplug-sessions';
import { parseSparkplugTopic } from './sparkplug-topic';

/**
 * One MQTT message under `spBv1.0/`: decode (Tahu protobuf), session checks (births,
 * aliases, seq, bdSeq, deaths), then each metric through the site's protocol map.
 * A metric's source event id is `spb/<group>/<node>/<device|->/<metric>@<timestamp ms>`:
 * a QoS 1 redelivery or a rebirth repeating a value carries the same id and is deduped.
 */
export function translateSparkplug(
  topic: string,
  bytes: Uint8Array,
  maps: ProtocolMaps,
  sessions: SparkplugSessions,
): ProtocolMessage {
  const parsed = parseSparkplugTopic(topic);
  if (parsed === undefined)
    return refusedMessage(
      'unmapped_topic',
      `${topic} is not a Sparkplug B topic (spBv1.0/<group>/<type>/<node>[/<device>])`,
    );
  if (parsed.kind === 'state') return { units: [], refusals: [], control: 1, unmapped: [] };
  const { group, type, node, device } = parsed;
  let payload: DecodedPayload;
  try {
    payload = decodeSparkplug(bytes);
  } catch (err) {
    return refusedMessage(
      'decode_failed',
      `${type} on ${topic}: not a Sparkplug B payload (${err instanceof Error ? err.message : String(err)})`.slice(
        0,
        300,
      ),
    );
  }
  const verdict = sessions.accept(group, node, device, type, payload);
  const session =
    type === 'NBIRTH' || type === 'DBIRTH' || type === 'NDEATH' || type === 'DDEATH'
      ? { session: { group, node } }
      : {};
  if (verdict.kind === 'control') return { units: [], refusals: [], control: 1, unmapped: [], ...session };
  if (verdict.kind === 'refused')
    return refusedMessage(
      verdict.reason,
      verdict.detail,
      verdict.rebirth ? { rebirth: { group, node } } : {},
    );
  const machine = maps.sparkplugMachine(group, node, device);
  const path = `${group}/${node}/${device ?? '-'}`;
  const out: ProtocolMessage = { units: [], refusals: [], control: 0, unmapped: [], ...session };
  for (const alias of verdict.unresolved) {
    out.refusals.push({
      label: alias,
      reason: 'sparkplug_no_birth',
      detail: `${type} on ${topic}: ${alias} is not in the birth certificate`,
    });
  }
  if (verdict.metrics.length === 0 && out.refusals.length === 0) out.control += 1;
  for (const metric of verdict.metrics) {
    if (machine === undefined) {
      out.refusals.push({
        label: metric.name,
        reason: 'unmapped_topic',
        detail: `Sparkplug ${path} is in no protocol map (metric ${metric.name})`,
      });
      continue;
    }
    const lookup = lookupMetric(machine, metric.name);
    if (lookup.kind === 'ignored') {
      out.control += 1;
      continue;
    }
    if (lookup.kind === 'unmapped') {
      out.refusals.push({
        label: metric.name,
        reason: 'unmapped_metric',
        detail: `Sparkplug ${path}: metric "${metric.name}" is not in ${machine.mapVersion}`,
      });
      out.unmapped.push({ site: machine.site, protocol: 'sparkplug', path: `${path}/${metric.name}` });
      continue;
    }
    if (metric.timestamp === undefined) {
      out.refusals.push({
        label: metric.name,
        reason: 'schema_invalid',
        detail: `${type} on ${topic}: neither the metric "${metric.name}" nor the payload has a timestamp`,
      });
      continue;
    }
    const sourceEventId = `spb/${path}/${metric.name}@${metric.timestamp}`;
    const result = metricEvent(
      machine,
      lookup.mapping,
      { metric: metric.name, value: metric.value, timestamp: new Date(metric.timestamp) },
      sourceEventId,
    );
    if ('unit' in result) out.units.push(result.unit);
    else if ('refusal' in result) out.refusals.push(result.refusal);
    else out.control += 1;
  }
  return out;
}
