import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import type { Logger } from '@andon/observability';
import {
  protocolMapSchema,
  type MetricMapping,
  type ProtocolMapFile,
  type SparkplugMachine,
  type UnsMachine,
} from './protocol-map.schema';

export class ProtocolMapError extends Error {
  constructor(
    readonly file: string,
    detail: string,
  ) {
    super(`${file}: ${detail}`);
    this.name = 'ProtocolMapError';
  }
}

/** Where a Sparkplug/UNS machine sits, with the map it came from. */
export interface MappedMachine {
  site: string;
  line: string;
  machine: string;
  sourceSystem: ProtocolMapFile['sourceSystem'];
  metrics: Readonly<Record<string, MetricMapping>>;
  ignore: readonly string[];
  /** `plant-a@v1`, for logs and dead letters. */
  mapVersion: string;
}

export type MetricLookup =
  { kind: 'mapped'; mapping: MetricMapping } | { kind: 'ignored' } | { kind: 'unmapped' };

export function lookupMetric(machine: MappedMachine, metric: string): MetricLookup {
  const mapping = machine.metrics[metric];
  if (mapping) return { kind: 'mapped', mapping };
  if (machine.ignore.some((i) => (i.endsWith('/') ? metric.startsWith(i) : metric === i)))
    return { kind: 'ignored' };
  return { kind: 'unmapped' };
}

function sparkplugKey(group: string, node: string, device: string | undefined): string {
  return `${group}\u0000${node}\u0000${device ?? ''}`;
}

/**
 * The per-site protocol mapping files (`config/protocol-maps/<site>.yaml`): Sparkplug
 * group/node/device and UNS topic prefixes -> site, line, machine; metric -> event type,
 * tag and codes. Validated with zod at load; one broken file fails the load naming it,
 * so a typo never silently unmaps a plant. Two files claiming one node or prefix also fail.
 */
export class ProtocolMaps {
  private readonly sparkplug = new Map<string, MappedMachine>();
  /** Longest prefix first. */
  private readonly uns: Array<{ prefix: string; machine: MappedMachine }> = [];
  private readonly b2mml: Array<{
    prefix: string;
    site: string;
    sourceSystem: ProtocolMapFile['sourceSystem'];
  }> = [];

  constructor(readonly files: readonly ProtocolMapFile[]) {
    for (const file of files) this.add(file);
    this.uns.sort((a, b) => b.prefix.length - a.prefix.length);
    this.b2mml.sort((a, b) => b.prefix.length - a.prefix.length);
  }

  static load(dir: string, log?: Logger): ProtocolMaps {
    if (!existsSync(dir)) throw new ProtocolMapError(dir, 'protocol map folder does not exist');
    const files: ProtocolMapFile[] = [];
    for (const name of readdirSync(dir)
      .filter((n) => n.endsWith('.yaml'))
      .sort()) {
      const path = join(dir, name);
      let raw: unknown;
      try {
        raw = parse(readFileSync(path, 'utf8'));
      } catch (err) {
        throw new ProtocolMapError(
          path,
          `not readable YAML (${err instanceof Error ? err.message : String(err)})`,
        );
      }
      const parsed = protocolMapSchema.safeParse(raw);
      if (!parsed.success) {
        throw new ProtocolMapError(
          path,
          parsed.error.issues
            .map((i) => `${i.path.map(String).join('.') || '(root)'}: ${i.message}`)
            .join('; '),
        );
      }
      if (`${parsed.data.site}.yaml` !== name)
        throw new ProtocolMapError(path, `declares site "${parsed.data.site}" but is named ${name}`);
      files.push(parsed.data);
    }
    const maps = new ProtocolMaps(files);
    log?.info({ sites: files.map((f) => `${f.site}@v${f.version}`) }, 'protocol maps loaded');
    return maps;
  }

  sparkplugMachine(group: string, node: string, device: string | undefined): MappedMachine | undefined {
    return this.sparkplug.get(sparkplugKey(group, node, device));
  }

  /** The UNS machine whose prefix the topic starts with, and the metric name (the rest of the topic). */
  unsMachine(topic: string): { machine: MappedMachine; metric: string } | undefined {
    for (const { prefix, machine } of this.uns) {
      if (topic.startsWith(`${prefix}/`)) return { machine, metric: topic.slice(prefix.length + 1) };
    }
    return undefined;
  }

  /** The site of a B2MML topic (`<prefix>/<noun>`), and the noun. */
  b2mmlSite(
    topic: string,
  ): { site: string; noun: string; sourceSystem: ProtocolMapFile['sourceSystem'] } | undefined {
    for (const { prefix, site, sourceSystem } of this.b2mml) {
      if (topic.startsWith(`${prefix}/`)) return { site, noun: topic.slice(prefix.length + 1), sourceSystem };
    }
    return undefined;
  }

  private add(file: ProtocolMapFile): void {
    const mapVersion = `${file.site}@v${file.version}`;
    const machine = (m: SparkplugMachine | UnsMachine): MappedMachine => ({
      site: file.site,
      line: m.line,
      machine: m.machine,
      sourceSystem: file.sourceSystem,
      metrics: m.metrics,
      ignore: m.ignore,
      mapVersion,
    });
    for (const m of file.sparkplug) {
      const key = sparkplugKey(m.group, m.node, m.device);
      if (this.sparkplug.has(key))
        throw new ProtocolMapError(
          file.site,
          `Sparkplug ${m.group}/${m.node}/${m.device ?? ''} is mapped twice`,
        );
      this.sparkplug.set(key, machine(m));
    }
    for (const m of file.uns) {
      if (this.uns.some((u) => u.prefix === m.topic))
        throw new ProtocolMapError(file.site, `UNS prefix ${m.topic} is mapped twice`);
      this.uns.push({ prefix: m.topic, machine: machine(m) });
    }
    if (file.b2mml)
      this.b2mml.push({ prefix: file.b2mml.topic, site: file.site, sourceSystem: file.b2mml.sourceSystem });
  }
}
