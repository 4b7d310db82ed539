import type { Metrics } from '@andon/observability';
import type { Counter, Gauge } from 'prom-client';
import type { ProtocolMessage } from '../protocols/protocol-message';

export type MessageKind = 'sparkplug' | 'uns' | 'b2mml';

/**
 * The MQTT source's own series. Together with andon_ingest_events_total (units published,
 * deduped, dead-lettered) they state the conservation property on /metrics:
 * units = published + deduped + dead-lettered, and every message is units or control.
 */
export class MqttSourceMetrics {
  private readonly messages: Counter<'protocol'>;
  private readonly units: Counter<'protocol'>;
  private readonly control: Counter<'protocol'>;
  private readonly rebirths: Counter<string>;
  private readonly connected: Gauge<string>;

  constructor(metrics: Metrics) {
    this.messages = metrics.counter(
      'andon_ingest_mqtt_messages_total',
      'MQTT messages received, by protocol',
      ['protocol'],
    );
    this.units = metrics.counter(
      'andon_ingest_mqtt_units_total',
      'Plant units taken from MQTT messages (each ends published, deduped or dead-lettered)',
      ['protocol'],
    );
    this.control = metrics.counter(
      'andon_ingest_mqtt_control_total',
      'Parts of MQTT messages that carry no plant data (deaths, commands, STATE, session and ignored metrics)',
      ['protocol'],
    );
    this.rebirths = metrics.counter(
      'andon_ingest_mqtt_rebirth_requests_total',
      'Sparkplug NCMD Rebirth requests sent',
    );
    this.connected = metrics.gauge(
      'andon_ingest_mqtt_connected',
      'Whether the MQTT source holds a broker connection',
    );
  }

  onMessage(protocol: MessageKind, message: ProtocolMessage): void {
    this.messages.inc({ protocol });
    const units = message.units.length + message.refusals.length;
    if (units > 0) this.units.inc({ protocol }, units);
    if (message.control > 0) this.control.inc({ protocol }, message.control);
  }

  onRebirthRequest(): void {
    this.rebirths.inc();
  }

  onConnected(up: boolean): void {
    this.connected.set(up ? 1 : 0);
  }
}
