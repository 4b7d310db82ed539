import { join } from 'node:path';
import { ProtocolMaps } from '../protocols/plant-mapping/protocol-maps';
import { OpcuaMaps } from './opcua-maps';
import { severityOf, translateAlarmEvent, translateDataChange, unmappedVariables } from './opcua-translate';
import type { AlarmEvent, DataChange } from './opcua-worker-protocol';

// The shipped plant-a map's OPC UA entry, as the press-line-1 deployment reads it.
const maps = new OpcuaMaps(
  'press-line-1',
  ProtocolMaps.load(join(__dirname, '../../../../config/protocol-maps')).files,
);
const T = 'ns=2;s=Press1.Temperature';
const change = (over: Partial<DataChange> = {}): DataChange => ({
  type: 'data',
  nodeId: T,
  value: 71.5,
  dataType: 'Double',
  status: 'Good',
  sourceTimestamp: '2026-12-06T10:00:00.000Z',
  serverTimestamp: '2026-12-06T10:00:00.005Z',
  ...over,
});
const event = (over: Partial<AlarmEvent> = {}): AlarmEvent => ({
  type: 'event',
  notifier: 'ns=2;s=Press1',
  eventId: 'ab01',
  eventType: 'ns=0;i=10637',
  sourceNode: 'ns=2;s=Press1',
  sourceName: 'Press1',
  time: '2026-12-06T10:00:01.000Z',
  message: 'too hot',
  severity: 700,
  conditionName: 'Overtemperature',
  active: true,
  ...over,
});

describe('OPC UA notifications as plant units', () => {
  it('places a data change by node id, dated by its source timestamp, identified by node, time and value', () => {
    const [unit] = translateDataChange(change(), maps).units;
    expect(unit?.key).toBe('plant-a/line-1');
    expect(unit?.event).toMatchObject({
      eventType: 'historian_reading',
      occurredAt: '2026-12-06T10:00:00.000Z',
      sourceSystem: 'HISTORIAN',
      payload: {
        tag: 'a-l1-m1.temperature',
        value: 71.5,
        unit: 'degC',
        quality: 'GOOD',
        machineId: 'a-l1-m1',
      },
    });
    const again = translateDataChange(change(), maps).units[0]?.event['sourceEventId'];
    const other = translateDataChange(change({ value: 72 }), maps).units[0]?.event['sourceEventId'];
    expect(again).toBe(unit?.event['sourceEventId']);
    expect(other).not.toBe(again);
  });

  it('keeps a Bad or Uncertain reading with its quality, but refuses a Bad count', () => {
    expect(
      translateDataChange(change({ status: 'BadSensorFailure' }), maps).units[0]?.event['payload'],
    ).toMatchObject({ quality: 'BAD' });
    expect(
      translateDataChange(change({ status: 'UncertainLastUsableValue' }), maps).units[0]?.event['payload'],
    ).toMatchObject({
      quality: 'UNCERTAIN',
    });
    const count = translateDataChange(
      change({ nodeId: 'ns=2;s=Press1.GoodCount', status: 'BadCommunicationError' }),
      maps,
    );
    expect(count.units).toEqual([]);
    expect(count.refusals.map((r) => r.reason)).toEqual(['schema_invalid']);
  });

  it('refuses values it does not read and data without any timestamp', () => {
    expect(
      translateDataChange(change({ value: { unsupported: 'ExtensionObject' } }), maps).refusals[0]?.reason,
    ).toBe('schema_invalid');
    expect(
      translateDataChange(change({ sourceTimestamp: null, serverTimestamp: null }), maps).refusals[0]?.reason,
    ).toBe('schema_invalid');
    expect(translateDataChange(change({ nodeId: 'ns=2;s=Elsewhere' }), maps).refusals[0]?.reason).toBe(
      'unmapped_metric',
    );
  });

  it('turns an alarm event into a machine alarm by condition name; the mapped severity wins over the event', () => {
    const [unit] = translateAlarmEvent(event(), maps).units;
    expect(unit?.event).toMatchObject({
      eventType: 'machine_alarm',
      sourceEventId: 'opcua/press-line-1/event/ab01',
      payload: {
        alarmCode: 'A-100',
        state: 'RAISED',
        severity: 'HIGH',
        message: 'too hot',
        alarmInstanceId: 'ns=2;s=Press1/Overtemperature',
      },
    });
    expect(translateAlarmEvent(event({ active: false }), maps).units[0]?.event['payload']).toMatchObject({
      state: 'CLEARED',
    });
  });

  it('counts events that are not alarms as control, and dead-letters and lists unmapped conditions', () => {
    expect(translateAlarmEvent(event({ active: null }), maps)).toMatchObject({
      units: [],
      refusals: [],
      control: 1,
    });
    const door = translateAlarmEvent(event({ conditionName: 'DoorOpen' }), maps);
    expect(door.refusals.map((r) => r.reason)).toEqual(['unmapped_metric']);
    expect(door.unmapped).toEqual([
      { site: 'plant-a', protocol: 'opcua', path: 'press-line-1/ns=2;s=Press1/DoorOpen' },
    ]);
  });

  it('lists browsed variables that no node entry names', () => {
    expect(
      unmappedVariables('ns=2;s=Press1', [{ nodeId: T }, { nodeId: 'ns=2;s=Press1.Vibration' }], maps).map(
        (u) => u.path,
      ),
    ).toEqual(['press-line-1/ns=2;s=Press1.Vibration']);
  });

  it('maps OPC UA severity (1..1000, Part 9 bands) to four levels', () => {
    expect([1, 400, 401, 600, 601, 800, 801, 1000].map(severityOf)).toEqual([
      'LOW',
      'LOW',
      'MEDIUM',
      'MEDIUM',
      'HIGH',
      'HIGH',
      'CRITICAL',
      'CRITICAL',
    ]);
    expect(severityOf(null)).toBeUndefined();
  });

  it('refuses a map that claims one node twice', () => {
    const file = ProtocolMaps.load(join(__dirname, '../../../../config/protocol-maps')).files.find(
      (f) => f.site === 'plant-a',
    );
    expect(file).toBeDefined();
    if (!file) return;
    expect(() => new OpcuaMaps('press-line-1', [file, { ...file, site: 'plant-b' }])).toThrow(/mapped twice/);
  });
});
