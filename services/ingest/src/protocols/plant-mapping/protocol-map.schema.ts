import { z } from 'zod';

const sourceSystem = z.enum(['MES', 'ERP', 'HISTORIAN', 'QMS', 'CMMS']);
const name = z.string().min(1).max(256);

/**
 * What one metric (a Sparkplug metric name, or a UNS topic below a machine's prefix)
 * becomes. `historian_reading`: the value as a reading of `tag`. `production_count`:
 * the value is the good count of the period. `machine_alarm`: true raises, false
 * clears `alarmCode` (a site code, translated by the site code map); without `alarmCode`
 * the value is the site code itself (a String metric: the code raises it, "" clears the
 * mapped one, so clearing needs `alarmCode`). `downtime`: true starts, false ends a stop
 * with `reasonCode`; a String value is the reason code of a stop that starts, "" ends it.
 */
export const metricMappingSchema = z.discriminatedUnion('event', [
  z.object({
    event: z.literal('historian_reading'),
    tag: name,
    unit: z.string().min(1).optional(),
    sourceSystem: sourceSystem.optional(),
  }),
  z.object({
    event: z.literal('production_count'),
    unit: z.string().min(1).optional(),
    product: name.optional(),
    sourceSystem: sourceSystem.optional(),
  }),
  z.object({
    event: z.literal('machine_alarm'),
    alarmCode: name.optional(),
    severity: z.enum(['LOW', 'MEDIUM', 'HIGH', 'CRITICAL']).optional(),
    sourceSystem: sourceSystem.optional(),
  }),
  z.object({
    event: z.literal('downtime'),
    reasonCode: name.optional(),
    sourceSystem: sourceSystem.optional(),
  }),
]);
export type MetricMapping = z.infer<typeof metricMappingSchema>;

const machineFields = {
  /** ISA-95 line of the machine (must be in the site code map). */
  line: name,
  /** Machine id as the site code map knows it. */
  machine: name,
  /** Metric name -> what it becomes. Metrics not listed are unmapped (dead-lettered and listed). */
  metrics: z.record(name, metricMappingSchema),
  /** Metric names (exact, or a prefix ending in `/`) that carry no plant data here: counted, not dead-lettered. */
  ignore: z.array(name).default([]),
};

export const sparkplugMachineSchema = z.object({
  group: name,
  node: name,
  /** The Sparkplug device id; absent for metrics the edge node publishes itself (NBIRTH/NDATA). */
  device: name.optional(),
  ...machineFields,
});
export type SparkplugMachine = z.infer<typeof sparkplugMachineSchema>;

export const unsMachineSchema = z.object({
  /** Topic prefix of the machine, e.g. `acme/plant-a/molding/line-1/a-l1-c1/press-1`; the rest of a topic is the metric name. */
  topic: name.refine(
    (t) => !/[#+]/.test(t) && !t.endsWith('/'),
    'a plain topic prefix (no wildcards, no trailing /)',
  ),
  ...machineFields,
});
export type UnsMachine = z.infer<typeof unsMachineSchema>;

/**
 * An OPC UA machine (read-only source, ADR 0016): `nodes` maps the node ids Andon
 * subscribes to (data changes) like metrics; `alarms` names the event notifiers whose
 * Alarms & Conditions events become machine alarms, by condition name; `browse` is an
 * object whose variables are listed as unmapped when `nodes` does not name them.
 */
export const opcuaMachineSchema = z.object({
  /** Which configured OPC UA server (INGEST_OPCUA_SERVER_ID) these nodes live on. */
  server: z
    .string()
    .regex(/^[A-Za-z0-9._-]+$/)
    .default('default'),
  line: name,
  machine: name,
  /** Node id (`ns=2;s=Press1.Temperature`) -> what its value becomes. */
  nodes: z.record(name, metricMappingSchema).default({}),
  /** Event notifier node id -> condition name -> site alarm code (and severity; else from the event's 1..1000). */
  alarms: z
    .record(
      name,
      z.record(
        name,
        z.object({
          alarmCode: name,
          severity: z.enum(['LOW', 'MEDIUM', 'HIGH', 'CRITICAL']).optional(),
        }),
      ),
    )
    .default({}),
  /** Object node ids whose variables are browsed once per session; the ones not in `nodes` are listed as unmapped. */
  browse: z.array(name).default([]),
  sourceSystem: sourceSystem.optional(),
});
export type OpcuaMachine = z.infer<typeof opcuaMachineSchema>;

export const protocolMapSchema = z.object({
  site: z.string().regex(/^[a-z0-9][a-z0-9-]*$/),
  version: z.number().int().positive(),
  /** Source system of the events this map produces unless a metric says otherwise. */
  sourceSystem: sourceSystem.default('MES'),
  sparkplug: z.array(sparkplugMachineSchema).default([]),
  uns: z.array(unsMachineSchema).default([]),
  /** Topic prefix under which the site's MES/ERP publish B2MML JSON, e.g. `acme/plant-a/b2mml` (the noun follows). */
  b2mml: z.object({ topic: name, sourceSystem: sourceSystem.default('ERP') }).optional(),
  opcua: z.array(opcuaMachineSchema).default([]),
});
export type ProtocolMapFile = z.infer<typeof protocolMapSchema>;
