import type { RejectionReason } from '../../normalise/rejection';
import type { MappedMachine } from './protocol-maps';
import type { MetricMapping } from './protocol-map.schema';

/** One value of one metric, whatever protocol carried it. */
export interface MetricSample {
  metric: string;
  value: unknown;
  timestamp: Date;
}

/**
 * One unit of plant data taken out of a protocol message: an event in ingest's raw JSON
 * format (docs/raw-events.md), so it goes through the one validation path unchanged.
 */
export interface PlantUnit {
  /** What in the message it came from: a metric name, a B2MML noun and index. */
  label: string;
  /** Kafka key of the raw record it stands for: `site/line` or `site`. */
  key: string;
  event: Record<string, unknown>;
}

/** A unit refused before it reached the pipeline (unmapped metric, unusable value, unknown alias ...). */
export interface UnitRefusal {
  label: string;
  reason: RejectionReason;
  detail: string;
}

/** `none`: the value states that nothing is active and names nothing to clear (an empty alarm code). */
export type UnitOrRefusal = { unit: PlantUnit } | { refusal: UnitRefusal } | { none: true };

function truthiness(value: unknown): boolean | undefined {
  if (typeof value === 'boolean') return value;
  if (typeof value === 'number' && (value === 0 || value === 1)) return value === 1;
  return undefined;
}

/**
 * A mapped metric sample as a raw plant event. The value's type is checked only where
 * the event kind depends on it (alarm/downtime state); numbers are left to the
 * pipeline's payload schema, which dead-letters a wrong type like any raw event's.
 */
export function metricEvent(
  machine: MappedMachine,
  mapping: MetricMapping,
  sample: MetricSample,
  sourceEventId: string,
): UnitOrRefusal {
  const location = { site: machine.site, line: machine.line };
  const base = {
    sourceSystem: mapping.sourceSystem ?? machine.sourceSystem,
    sourceEventId,
    location,
    occurredAt: sample.timestamp.toISOString(),
  };
  const key = `${machine.site}/${machine.line}`;
  const unit = (eventType: string, payload: Record<string, unknown>): UnitOrRefusal => ({
    unit: { label: sample.metric, key, event: { ...base, eventType, payload } },
  });
  switch (mapping.event) {
    case 'historian_reading':
      return unit('historian_reading', {
        tag: mapping.tag,
        value: typeof sample.value === 'boolean' ? Number(sample.value) : sample.value,
        quality: 'GOOD',
        machineId: machine.machine,
        ...(mapping.unit ? { unit: mapping.unit } : {}),
      });
    case 'production_count':
      return unit('production_count', {
        good: sample.value,
        unit: mapping.unit ?? 'ea',
        machineId: machine.machine,
        ...(mapping.product ? { product: mapping.product } : {}),
      });
    case 'machine_alarm': {
      const code = typeof sample.value === 'string' ? sample.value : undefined;
      const on = code !== undefined ? code !== '' : truthiness(sample.value);
      const alarmCode = code || mapping.alarmCode;
      if (code === '' && alarmCode === undefined) return { none: true };
      if (on === undefined || alarmCode === undefined) {
        const wants =
          mapping.alarmCode === undefined
            ? 'a String alarm code (no alarmCode mapped)'
            : 'a boolean or an alarm code';
        return {
          refusal: {
            label: sample.metric,
            reason: 'schema_invalid',
            detail: `${sample.metric}: machine_alarm needs ${wants}, got ${describe(sample.value)}`,
          },
        };
      }
      return unit('machine_alarm', {
        machineId: machine.machine,
        alarmCode,
        state: on ? 'RAISED' : 'CLEARED',
        ...(mapping.severity ? { severity: mapping.severity } : {}),
      });
    }
    case 'downtime': {
      const code = typeof sample.value === 'string' ? sample.value : undefined;
      const on = code !== undefined ? code !== '' : truthiness(sample.value);
      if (on === undefined) {
        return {
          refusal: {
            label: sample.metric,
            reason: 'schema_invalid',
            detail: `${sample.metric}: downtime needs a boolean or a reason code, got ${describe(sample.value)}`,
          },
        };
      }
      const reasonCode = code || mapping.reasonCode;
      return unit(on ? 'downtime_start' : 'downtime_end', {
        machineId: machine.machine,
        ...(reasonCode ? { reasonCode } : {}),
      });
    }
  }
}

export function describe(value: unknown): string {
  if (value === null || value === undefined) return String(value);
  const text = typeof value === 'object' ? (JSON.stringify(value) ?? typeof value) : String(value);
  return `${typeof value} ${text.slice(0, 40)}`;
}
