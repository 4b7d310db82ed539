import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { CHART_SOURCE, PRODUCTION_VALUES, type RenderOptions } from './chart';

export interface ChartValues {
  services: Record<
    string,
    {
      enabled: boolean;
      ports: Record<string, number>;
      autoscaling: { enabled: boolean; maxReplicas?: number; consumedTopics?: string[] };
    }
  >;
  topics: {
    name: string;
    partitions: number;
    replicationFactor: number;
    retentionMs: number;
    cleanupPolicy: string;
  }[];
  mes: { cidrs: string[]; ports: number[] };
}

export function chartValues(file = 'values.yaml'): ChartValues {
  return parse(readFileSync(join(CHART_SOURCE, file), 'utf8')) as ChartValues;
}

/** Values that switch on every service of the chart (mes-sim is off by default). */
export function allServicesEnabled(): Record<string, unknown> {
  const services: Record<string, { enabled: boolean }> = {};
  for (const name of Object.keys(chartValues().services)) services[name] = { enabled: true };
  return { services };
}

export interface Scenario {
  label: string;
  options: RenderOptions;
}

/** The value sets every workload assertion runs against. */
export const SCENARIOS: readonly Scenario[] = [
  { label: 'default values', options: {} },
  { label: 'production values', options: { valuesFiles: [PRODUCTION_VALUES] } },
  { label: 'every service enabled', options: { values: allServicesEnabled() } },
  {
    label: 'production values, every service enabled',
    options: { valuesFiles: [PRODUCTION_VALUES], values: allServicesEnabled() },
  },
];
