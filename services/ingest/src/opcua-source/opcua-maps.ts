import type { MappedMachine } from '../protocols/plant-mapping/protocol-maps';
import type {
  MetricMapping,
  OpcuaMachine,
  ProtocolMapFile,
} from '../protocols/plant-mapping/protocol-map.schema';
import { ProtocolMapError } from '../protocols/plant-mapping/protocol-maps';

export type ConditionMapping = OpcuaMachine['alarms'][string][string];

/**
 * The `opcua:` entries of the protocol maps for one server (INGEST_OPCUA_SERVER_ID): which
 * nodes to subscribe to and where each sits in the plant. A node or notifier claimed
 * twice fails the load, naming the site.
 */
export class OpcuaMaps {
  readonly data = new Map<string, { machine: MappedMachine; mapping: MetricMapping }>();
  readonly notifiers = new Map<
    string,
    { machine: MappedMachine; conditions: Readonly<Record<string, ConditionMapping>> }
  >();
  readonly browse = new Map<string, MappedMachine>();

  constructor(
    readonly server: string,
    files: readonly ProtocolMapFile[],
  ) {
    for (const file of files) {
      for (const m of file.opcua.filter((o) => o.server === server)) {
        const machine: MappedMachine = {
          site: file.site,
          line: m.line,
          machine: m.machine,
          sourceSystem: m.sourceSystem ?? file.sourceSystem,
          metrics: m.nodes,
          ignore: [],
          mapVersion: `${file.site}@v${file.version}`,
        };
        for (const [nodeId, mapping] of Object.entries(m.nodes)) {
          if (this.data.has(nodeId))
            throw new ProtocolMapError(file.site, `OPC UA node ${server}/${nodeId} is mapped twice`);
          this.data.set(nodeId, { machine, mapping });
        }
        for (const [notifier, conditions] of Object.entries(m.alarms)) {
          if (this.notifiers.has(notifier))
            throw new ProtocolMapError(
              file.site,
              `OPC UA event notifier ${server}/${notifier} is mapped twice`,
            );
          this.notifiers.set(notifier, { machine, conditions });
        }
        for (const object of m.browse) this.browse.set(object, machine);
      }
    }
  }

  isEmpty(): boolean {
    return this.data.size === 0 && this.notifiers.size === 0;
  }
}
