import { connectAsync, type MqttClient } from 'mqtt';
import { get as sparkplugPayloads } from 'sparkplug-payload';
import type { UMetric, UPayload } from 'sparkplug-payload/lib/sparkplugbpayload';
import type { EventBus, OutgoingMessage } from '@andon/bus';
import type { Logger } from '@andon/observability';
import type { PlantModel, PlantSite } from '@andon/plant-model';

const found = sparkplugPayloads('spBv1.0');
if (found === null) throw new Error('sparkplug-payload does not know spBv1.0');
const codec = found;

/** The machine-level events an edge node carries; everything else stays on Kafka (MES, ERP, QMS records). */
type MachineMetric = 'Temperature' | 'Alarm' | 'Downtime';

interface EdgeNode {
  group: string;
  node: string;
  devices: string[];
  client: MqttClient;
  bdSeq: number;
  seq: number;
  /** Last value per device and metric: what a rebirth states. */
  current: Map<string, Map<MachineMetric, number | string>>;
}

const ALIASES: Record<MachineMetric, number> = { Temperature: 1, Alarm: 2, Downtime: 3 };

interface RawJson {
  eventType?: string;
  occurredAt?: string;
  location?: { site?: string; line?: string };
  payload?: { machineId?: string; tag?: string; value?: number; alarmCode?: string; reasonCode?: string };
}

function machineMetric(
  event: RawJson,
): { machine: string; metric: MachineMetric; value: number | string } | undefined {
  const p = event.payload ?? {};
  switch (event.eventType) {
    case 'historian_reading':
      return p.tag?.endsWith('.temperature') && typeof p.value === 'number'
        ? { machine: p.tag.slice(0, -'.temperature'.length), metric: 'Temperature', value: p.value }
        : undefined;
    case 'machine_alarm':
      return p.machineId && p.alarmCode
        ? { machine: p.machineId, metric: 'Alarm', value: p.alarmCode }
        : undefined;
    case 'downtime_start':
      return p.machineId && p.reasonCode
        ? { machine: p.machineId, metric: 'Downtime', value: p.reasonCode }
        : undefined;
    case 'downtime_end':
      return p.machineId ? { machine: p.machineId, metric: 'Downtime', value: '' } : undefined;
    default:
      return undefined;
  }
}

/**
 * SIM_TRANSPORT=sparkplug: the simulated plant's machines speak Sparkplug B to a broker,
 * as edge nodes do: one edge node per line (`spBv1.0/<enterprise>-<site>/…/edge-<line>`),
 * one device per machine, NBIRTH/DBIRTH on connect and on an NCMD Rebirth, DDATA by alias
 * with seq, NDEATH as the will and on stop. Temperatures, alarms and downtime go this way;
 * line-level counts and the MES/ERP/QMS/CMMS records still go to the raw Kafka topics.
 * Published at QoS 1 (the specification says 0; the demo wants ingest's persistent
 * session to queue them across its restarts). Matches config/protocol-maps.
 */
export class SparkplugPlantPublisher implements Pick<EventBus, 'publish'> {
  private readonly nodes = new Map<string, EdgeNode>();
  /** With a primary host configured: whether its STATE says online (Sparkplug 3.0, 5.7). */
  private hostOnline = true;

  private constructor(
    private readonly bus: Pick<EventBus, 'publish'>,
    private readonly log: Logger,
  ) {}

  static async start(options: {
    bus: Pick<EventBus, 'publish'>;
    url: string;
    /** The plant model: one edge node per line, one device per machine. */
    plant: PlantModel;
    log: Logger;
    clientPrefix?: string;
    /**
     * Sparkplug primary host application id (ingest's INGEST_MQTT_HOST_ID). When set, the
     * edge nodes publish births and data only while `spBv1.0/STATE/<id>` says online, and
     * are reborn when it comes online; meanwhile publish() refuses, so the generator keeps
     * the minute and retries it (store and forward).
     */
    primaryHostId?: string;
  }): Promise<SparkplugPlantPublisher> {
    const publisher = new SparkplugPlantPublisher(options.bus, options.log);
    const stateTopic = options.primaryHostId ? `spBv1.0/STATE/${options.primaryHostId}` : undefined;
    publisher.hostOnline = stateTopic === undefined;
    const sites = options.plant.sites().map((id) => options.plant.site(id) as PlantSite);
    for (const site of sites) {
      for (const line of site.lines.values()) {
        // The simulator's group id (simulatedPlant: enterprise, else the site id).
        const group = `${site.enterprise ?? site.id}-${site.id}`;
        const node = `edge-${line.id}`;
        const bdSeq = Date.now() % 256;
        const will = codec.encodePayload({
          timestamp: Date.now(),
          metrics: [{ name: 'bdSeq', type: 'UInt64', value: bdSeq }],
        });
        const client = await connectAsync(options.url, {
          clientId: `${options.clientPrefix ?? 'mes-sim'}-${site.id}-${line.id}`,
          clean: true,
          will: {
            topic: `spBv1.0/${group}/NDEATH/${node}`,
            payload: Buffer.from(will),
            qos: 1,
            retain: false,
          },
        });
        const edge: EdgeNode = {
          group,
          node,
          devices: [...line.machines.keys()],
          client,
          bdSeq,
          seq: 0,
          current: new Map(),
        };
        publisher.nodes.set(`${site.id}/${line.id}`, edge);
        client.on('message', (topic, payload) => {
          if (topic === stateTopic) {
            const online = parseOnline(payload);
            const wasOnline = publisher.hostOnline;
            publisher.hostOnline = online;
            if (online && !wasOnline) {
              for (const other of publisher.nodes.values()) {
                void publisher
                  .births(other)
                  .catch((err: unknown) =>
                    options.log.warn({ err: String(err), node: other.node }, 'sparkplug births failed'),
                  );
              }
            }
            return;
          }
          const command = codec.decodePayload(payload);
          if (
            topic.endsWith(`/NCMD/${node}`) &&
            command.metrics?.some((m) => m.name === 'Node Control/Rebirth' && m.value === true)
          ) {
            void publisher
              .births(edge)
              .catch((err: unknown) =>
                options.log.warn({ err: String(err), node }, 'sparkplug rebirth failed'),
              );
          }
        });
        await client.subscribeAsync(`spBv1.0/${group}/NCMD/${node}`, { qos: 1 });
        // One node listens for the host's STATE on behalf of the simulated plant.
        if (stateTopic && publisher.nodes.size === 1) await client.subscribeAsync(stateTopic, { qos: 1 });
        if (publisher.hostOnline) await publisher.births(edge);
      }
    }
    return publisher;
  }

  /** Machine events out as DDATA; the rest, and anything not JSON, to the bus as before. */
  async publish(messages: OutgoingMessage[]): Promise<void> {
    if (!this.hostOnline)
      throw new Error(
        'the Sparkplug primary host is offline: holding the plant data until its STATE says online',
      );
    const rest: OutgoingMessage[] = [];
    const data: Array<{
      edge: EdgeNode;
      device: string;
      metric: MachineMetric;
      value: number | string;
      at: number;
    }> = [];
    for (const message of messages) {
      const parsed = parse(message.value);
      const machine = parsed ? machineMetric(parsed) : undefined;
      const edge = parsed?.location
        ? this.nodes.get(`${parsed.location.site ?? ''}/${parsed.location.line ?? ''}`)
        : undefined;
      const at = parsed?.occurredAt ? Date.parse(parsed.occurredAt) : NaN;
      if (!machine || !edge || !edge.devices.includes(machine.machine) || Number.isNaN(at))
        rest.push(message);
      else data.push({ edge, device: machine.machine, metric: machine.metric, value: machine.value, at });
    }
    if (rest.length > 0) await this.bus.publish(rest);
    for (const d of data) {
      const values = d.edge.current.get(d.device) ?? new Map<MachineMetric, number | string>();
      values.set(d.metric, d.value);
      d.edge.current.set(d.device, values);
      await this.send(d.edge, 'DDATA', d.device, {
        timestamp: d.at,
        metrics: [metric(d.metric, d.value, d.at, false)],
      });
    }
  }

  async stop(): Promise<void> {
    for (const edge of this.nodes.values()) {
      const death = codec.encodePayload({
        timestamp: Date.now(),
        metrics: [{ name: 'bdSeq', type: 'UInt64', value: edge.bdSeq }],
      });
      await edge.client
        .publishAsync(`spBv1.0/${edge.group}/NDEATH/${edge.node}`, Buffer.from(death), { qos: 1 })
        .catch(() => undefined);
      await edge.client.endAsync();
    }
    this.nodes.clear();
  }

  private async births(edge: EdgeNode): Promise<void> {
    const now = Date.now();
    edge.seq = 0;
    await this.send(edge, 'NBIRTH', undefined, {
      timestamp: now,
      metrics: [
        { name: 'bdSeq', type: 'UInt64', value: edge.bdSeq },
        { name: 'Node Control/Rebirth', type: 'Boolean', value: false },
      ],
    });
    for (const device of edge.devices) {
      const current = edge.current.get(device);
      // A birth declares every metric (and its alias), a value not known yet as null.
      const metrics = (Object.keys(ALIASES) as MachineMetric[]).map((name): UMetric => {
        const value = current?.get(name) ?? (name === 'Temperature' ? null : '');
        return value === null
          ? { name, alias: ALIASES[name], type: 'Double', value: null, isNull: true, timestamp: now }
          : metric(name, value, now, true);
      });
      await this.send(edge, 'DBIRTH', device, { timestamp: now, metrics });
    }
    this.log.info(
      { group: edge.group, node: edge.node, devices: edge.devices.length },
      'sparkplug births published',
    );
  }

  private async send(
    edge: EdgeNode,
    type: string,
    device: string | undefined,
    payload: UPayload,
  ): Promise<void> {
    const bytes = codec.encodePayload({ ...payload, seq: edge.seq });
    edge.seq = (edge.seq + 1) % 256;
    await edge.client.publishAsync(
      `spBv1.0/${edge.group}/${type}/${edge.node}${device ? `/${device}` : ''}`,
      Buffer.from(bytes),
      { qos: 1 },
    );
  }
}

function metric(name: MachineMetric, value: number | string, timestamp: number, withName: boolean): UMetric {
  return {
    ...(withName ? { name } : {}),
    alias: ALIASES[name],
    type: name === 'Temperature' ? 'Double' : 'String',
    value,
    timestamp,
  };
}

function parse(value: OutgoingMessage['value']): RawJson | undefined {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(value).toString('utf8'));
    return typeof parsed === 'object' && parsed !== null ? (parsed as RawJson) : undefined;
  } catch {
    return undefined;
  }
}

function parseOnline(payload: Buffer): boolean {
  try {
    const state: unknown = JSON.parse(payload.toString('utf8'));
    return typeof state === 'object' && state !== null && (state as { online?: unknown }).online === true;
  } catch {
    // Sparkplug 2.x hosts publish the text ONLINE/OFFLINE.
    return payload.toString('utf8').trim().toUpperCase() === 'ONLINE';
  }
}
