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

export const protocolMapSchema = z.object({
  site: z.string().regex(/^[a-z0-9][a-z0-9-]*$/),
  version: z.number().int().positive(),
  /** Source system of the events this map produces unless a metric says otherwise. */
  sourceSystem: sourceSystem.default('MES'),
  sparkplug: z.array(sparkplugMachineSchema).default([]),
  uns: z.array(unsMachineSchema).default([]),
  /** Topic prefix under which the site's MES/ERP publish B2MML JSON, e.g. `acme/plant-a/b2mml` (the noun follows). */
  b2mml: z.object({ topic: name, sourceSystem: sourceSystem.default('ERP') }).optional(),
});
export type ProtocolMapFile = z.infer<typeof protocolMapSchema>;
