import { createHash } from 'node:crypto';
import { describe, metricEvent } from '../protocols/plant-mapping/metric-event';
import { refusedMessage, type ProtocolMessage, type UnmappedSighting } from '../protocols/protocol-message';
import type { OpcuaMaps } from './opcua-maps';
import type { AlarmEvent, DataChange } from './opcua-worker-protocol';

const MAX_ID = 256;
const CONTROL: ProtocolMessage = { units: [], refusals: [], control: 1, unmapped: [] };

function eventIdOf(raw: string): string {
  return raw.length <= MAX_ID ? raw : `opcua/${createHash('sha256').update(raw).digest('hex')}`;
}

function contentHash(change: DataChange): string {
  return createHash('sha256')
    .update(JSON.stringify([change.value, change.status]))
    .digest('hex')
    .slice(0, 12);
}

/** OPC UA status code name -> historian quality (Part 4: Good*, Uncertain*, Bad*). */
function qualityOf(status: string): 'GOOD' | 'UNCERTAIN' | 'BAD' {
  if (status.startsWith('Good')) return 'GOOD';
  return status.startsWith('Uncertain') ? 'UNCERTAIN' : 'BAD';
}

/** OPC UA Part 9 severity bands (1..1000) -> Andon's four. */
export function severityOf(severity: number | null): 'LOW' | 'MEDIUM' | 'HIGH' | 'CRITICAL' | undefined {
  if (severity === null) return undefined;
  if (severity > 800) return 'CRITICAL';
  if (severity > 600) return 'HIGH';
  if (severity > 400) return 'MEDIUM';
  return 'LOW';
}

/**
 * A data change of a mapped node as one plant unit. It is dated by its source timestamp
 * (else the server's) and identified by server, node, that time and the value, so the value a
 * re-created subscription sends again after a reconnect is deduped. A value with a Bad or
 * Uncertain status becomes a reading of that quality; for counts, alarms and downtime only
 * a Good value counts (a Bad one is dead-lettered: it states nothing about the machine).
 */
export function translateDataChange(change: DataChange, maps: OpcuaMaps): ProtocolMessage {
  const placed = maps.data.get(change.nodeId);
  if (placed === undefined) {
    // Only mapped nodes are subscribed; a stray one is a map changed under a running worker.
    return refusedMessage(
      'unmapped_metric',
      `OPC UA ${maps.server}/${change.nodeId} is not in the protocol maps`,
    );
  }
  const { machine, mapping } = placed;
  const at = change.sourceTimestamp ?? change.serverTimestamp;
  if (at === null)
    return refusedMessage(
      'schema_invalid',
      `OPC UA ${change.nodeId}: neither a source nor a server timestamp`,
    );
  const quality = qualityOf(change.status);
  if (quality !== 'GOOD' && mapping.event !== 'historian_reading')
    return refusedMessage(
      'schema_invalid',
      `OPC UA ${change.nodeId}: status ${change.status}, not a usable ${mapping.event}`,
    );
  if (typeof change.value === 'object' && change.value !== null && !Array.isArray(change.value))
    return refusedMessage(
      'schema_invalid',
      `OPC UA ${change.nodeId}: ${change.dataType} values are not read (${describe(change.value)})`,
    );
  const timestamp = new Date(at);
  const result = metricEvent(
    machine,
    mapping,
    { metric: change.nodeId, value: change.value, timestamp },
    // Time has milliseconds here: two values of one node in one millisecond differ by their content.
    eventIdOf(`opcua/${maps.server}/${change.nodeId}@${timestamp.getTime()}/${contentHash(change)}`),
  );
  if ('unit' in result) {
    if (mapping.event === 'historian_reading') {
      const payload = result.unit.event['payload'] as Record<string, unknown>;
      result.unit.event['payload'] = { ...payload, quality };
    }
    return { units: [result.unit], refusals: [], control: 0, unmapped: [] };
  }
  if ('refusal' in result) return { units: [], refusals: [result.refusal], control: 0, unmapped: [] };
  return CONTROL;
}

/**
 * An Alarms & Conditions event of a mapped notifier as a machine alarm: the condition name
 * picks the site alarm code, ActiveState/Id raised or cleared. Events that are not alarms
 * (no ActiveState) carry no machine state: counted as control. The EventId identifies it.
 */
export function translateAlarmEvent(event: AlarmEvent, maps: OpcuaMaps): ProtocolMessage {
  const placed = maps.notifiers.get(event.notifier);
  if (placed === undefined)
    return refusedMessage(
      'unmapped_metric',
      `OPC UA notifier ${maps.server}/${event.notifier} is not in the protocol maps`,
    );
  if (event.active === null) return CONTROL;
  const { machine, conditions } = placed;
  const name = event.conditionName ?? event.sourceName ?? '(unnamed)';
  const condition = conditions[name];
  if (condition === undefined) {
    const sighting: UnmappedSighting = {
      site: machine.site,
      protocol: 'opcua',
      path: `${maps.server}/${event.notifier}/${name}`,
    };
    return refusedMessage(
      'unmapped_metric',
      `OPC UA condition "${name}" of ${event.notifier} is not in ${machine.mapVersion}`,
      {
        unmapped: [sighting],
      },
    );
  }
  if (event.time === null) return refusedMessage('schema_invalid', `OPC UA event ${event.eventId}: no Time`);
  const severity = condition.severity ?? severityOf(event.severity);
  const result = metricEvent(
    machine,
    { event: 'machine_alarm', alarmCode: condition.alarmCode, ...(severity ? { severity } : {}) },
    { metric: name, value: event.active, timestamp: new Date(event.time) },
    eventIdOf(`opcua/${maps.server}/event/${event.eventId}`),
  );
  if (!('unit' in result))
    return 'refusal' in result
      ? { units: [], refusals: [result.refusal], control: 0, unmapped: [] }
      : CONTROL;
  const payload = result.unit.event['payload'] as Record<string, unknown>;
  result.unit.event['payload'] = {
    ...payload,
    alarmInstanceId: `${event.sourceNode ?? event.notifier}/${name}`.slice(0, MAX_ID),
    ...(event.message ? { message: event.message.slice(0, 1_000) } : {}),
  };
  return { units: [result.unit], refusals: [], control: 0, unmapped: [] };
}

/** Variables found under a browsed object that no `nodes` entry names: the work list. */
export function unmappedVariables(
  object: string,
  variables: ReadonlyArray<{ nodeId: string }>,
  maps: OpcuaMaps,
): UnmappedSighting[] {
  const machine = maps.browse.get(object);
  if (machine === undefined) return [];
  return variables
    .filter((v) => !maps.data.has(v.nodeId))
    .map((v) => ({ site: machine.site, protocol: 'opcua' as const, path: `${maps.server}/${v.nodeId}` }));
}
