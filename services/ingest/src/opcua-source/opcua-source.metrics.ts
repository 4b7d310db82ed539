import type { Metrics } from '@andon/observability';
import type { Counter, Gauge } from 'prom-client';

/**
 * The OPC UA source's own series. With andon_ingest_events_total they state conservation:
 * every notification is one unit (published, deduped or dead-lettered) or control.
 */
export class OpcuaSourceMetrics {
  private readonly notifications: Counter<'kind'>;
  private readonly units: Counter<string>;
  private readonly control: Counter<string>;
  private readonly monitorFailures: Counter<string>;
  private readonly connected: Gauge<string>;

  constructor(metrics: Metrics) {
    this.notifications = metrics.counter(
      'andon_ingest_opcua_notifications_total',
      'OPC UA data changes and events received, by kind',
      ['kind'],
    );
    this.units = metrics.counter(
      'andon_ingest_opcua_units_total',
      'Plant units taken from OPC UA notifications (each ends published, deduped or dead-lettered)',
    );
    this.control = metrics.counter(
      'andon_ingest_opcua_control_total',
      'OPC UA notifications that carry no plant data (events that are not alarms)',
    );
    this.monitorFailures = metrics.counter(
      'andon_ingest_opcua_monitor_failures_total',
      'Mapped nodes the OPC UA server refused to monitor (unknown node id, no access)',
    );
    this.connected = metrics.gauge(
      'andon_ingest_opcua_connected',
      'Whether the OPC UA source holds a session',
    );
  }

  onNotification(kind: 'data' | 'event', units: number, control: number): void {
    this.notifications.inc({ kind });
    if (units > 0) this.units.inc(units);
    if (control > 0) this.control.inc(control);
  }

  onMonitorFailed(): void {
    this.monitorFailures.inc();
  }

  onConnected(up: boolean): void {
    this.connected.set(up ? 1 : 0);
  }
}
