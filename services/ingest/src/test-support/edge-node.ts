// A Sparkplug B edge node for tests, built the way a real one is: Eclipse Tahu's
// sparkplug-payload for the protobuf and mqtt.js for the session (never our own codec).
import { connectAsync, type MqttClient } from 'mqtt';
import { get as sparkplugPayloads } from 'sparkplug-payload';
import type { TypeStr, UMetric } from 'sparkplug-payload/lib/sparkplugbpayload';

const found = sparkplugPayloads('spBv1.0');
if (found === null) throw new Error('sparkplug-payload does not know spBv1.0');
const codec = found;

export interface EdgeMetric {
  name: string;
  alias: number;
  type: TypeStr;
}

export class EdgeNode {
  private client: MqttClient | undefined;
  private bdSeq = 0;
  private seq = 0;
  rebirths = 0;
  /** Rebirths asked for by NCMD, published one after the other. */
  private pending: Promise<void> = Promise.resolve();
  private readonly current = new Map<string, unknown>();

  constructor(
    private readonly url: string,
    readonly group: string,
    readonly node: string,
    readonly device: string,
    readonly metrics: readonly EdgeMetric[],
  ) {}

  private topic(type: string, device?: string): string {
    return `spBv1.0/${this.group}/${type}/${this.node}${device ? `/${device}` : ''}`;
  }

  async connect(): Promise<void> {
    const death = codec.encodePayload({
      timestamp: Date.now(),
      metrics: [{ name: 'bdSeq', type: 'UInt64', value: this.bdSeq }],
    });
    this.client = await connectAsync(this.url, {
      clientId: `edge-${this.group}-${this.node}`,
      clean: true,
      reconnectPeriod: 0,
      will: { topic: this.topic('NDEATH'), payload: Buffer.from(death), qos: 1, retain: false },
    });
    this.client.on('message', (topic, payload) => {
      if (topic !== this.topic('NCMD')) return;
      const cmd = codec.decodePayload(payload);
      if (cmd.metrics?.some((m) => m.name === 'Node Control/Rebirth' && m.value === true)) {
        this.rebirths += 1;
        this.pending = this.pending.then(() => this.births(Date.now()));
      }
    });
    await this.client.subscribeAsync(this.topic('NCMD'), { qos: 1 });
  }

  private async send(
    type: string,
    device: string | undefined,
    timestamp: number,
    metrics: UMetric[],
    withSeq = true,
  ): Promise<Buffer> {
    const payload = Buffer.from(
      codec.encodePayload({ timestamp, ...(withSeq ? { seq: this.seq } : {}), metrics }),
    );
    if (withSeq) this.seq = (this.seq + 1) % 256;
    // QoS 1 so the broker queues it while the host is away (spec-conformant nodes use QoS 0 and STATE; see ADR 0016).
    await this.connected().publishAsync(this.topic(type, device), payload, { qos: 1 });
    return payload;
  }

  private connected(): MqttClient {
    if (!this.client) throw new Error('edge node is not connected');
    return this.client;
  }

  async births(timestamp: number): Promise<void> {
    this.seq = 0;
    await this.send('NBIRTH', undefined, timestamp, [
      { name: 'bdSeq', type: 'UInt64', value: this.bdSeq },
      { name: 'Node Control/Rebirth', type: 'Boolean', value: false },
    ]);
    await this.send(
      'DBIRTH',
      this.device,
      timestamp,
      this.metrics.map((m) => ({
        name: m.name,
        alias: m.alias,
        type: m.type,
        value: (this.current.get(m.name) ?? (m.type === 'Boolean' ? false : 0)) as number | boolean,
        timestamp,
      })),
    );
  }

  /** DDATA by alias only, as Sparkplug nodes do after their birth. Returns the payload sent. */
  async data(values: Record<string, number | boolean>, timestamp: number): Promise<Buffer> {
    const metrics: UMetric[] = Object.entries(values).map(([name, value]) => {
      const m = this.metrics.find((x) => x.name === name);
      if (!m) throw new Error(`edge node has no metric ${name}`);
      this.current.set(name, value);
      return { alias: m.alias, type: m.type, value, timestamp };
    });
    return this.send('DDATA', this.device, timestamp, metrics);
  }

  /** Resolves when every rebirth asked for so far has been published. */
  async settled(): Promise<void> {
    await this.pending;
  }

  /** Loses a message: the next one carries a sequence number one too far. */
  skipSequence(): void {
    this.seq = (this.seq + 1) % 256;
  }

  /** NDEATH with the session's bdSeq, then disconnect. */
  async die(): Promise<void> {
    await this.send(
      'NDEATH',
      undefined,
      Date.now(),
      [{ name: 'bdSeq', type: 'UInt64', value: this.bdSeq }],
      false,
    );
    await this.client?.endAsync();
    this.client = undefined;
  }

  async close(): Promise<void> {
    await this.client?.endAsync(true);
    this.client = undefined;
  }
}
