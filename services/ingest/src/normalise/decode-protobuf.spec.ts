import { PlantEvent, SourceSystem } from '@andon/contracts';
import { decodeProtobufEvent } from './decode-protobuf';
import { IngestRejection, type RejectionReason } from './rejection';

const valid = (): PlantEvent =>
  PlantEvent.fromPartial({
    envelope: {
      eventId: 'mes-1',
      eventType: 'production_count',
      sourceSystem: SourceSystem.MES,
      location: { site: 'plant-a', line: 'line-1' },
      occurredAt: new Date('2026-11-24T06:00:00Z'),
      schemaVersion: 1,
    },
    payload: { $case: 'productionCount', value: { good: 10, unit: 'ea' } },
  });

function reasonOf(bytes: Uint8Array): RejectionReason | undefined {
  try {
    decodeProtobufEvent(bytes, undefined);
    return undefined;
  } catch (err) {
    if (err instanceof IngestRejection) return err.rejection;
    throw err;
  }
}

const encode = (event: PlantEvent) => PlantEvent.encode(event).finish();

describe('decodeProtobufEvent', () => {
  it('reads a raw PlantEvent; an empty event_type is filled from the payload', () => {
    const event = valid();
    (event.envelope as NonNullable<PlantEvent['envelope']>).eventType = '';
    const raw = decodeProtobufEvent(encode(event), undefined);
    expect(raw).toMatchObject({
      format: 'protobuf',
      sourceEventId: 'mes-1',
      eventType: 'production_count',
      sourceSystem: SourceSystem.MES,
    });
    expect(raw.location).toEqual({ enterprise: '', site: 'plant-a', area: '', line: 'line-1', cell: '' });
  });

  it('takes the source system from the topic when the envelope leaves it unspecified', () => {
    const event = valid();
    (event.envelope as NonNullable<PlantEvent['envelope']>).sourceSystem = SourceSystem.UNSPECIFIED;
    expect(decodeProtobufEvent(encode(event), SourceSystem.QMS).sourceSystem).toBe(SourceSystem.QMS);
  });

  const mutate = (change: (e: PlantEvent) => void): Uint8Array => {
    const event = valid();
    change(event);
    return encode(event);
  };
  const env = (e: PlantEvent) => e.envelope as NonNullable<PlantEvent['envelope']>;

  it.each<[string, Uint8Array, RejectionReason]>([
    ['bytes that are not protobuf', Buffer.from([0x0a, 0xff, 0xff, 0xff, 0xff, 0x0f]), 'decode_failed'],
    ['JSON sent without a content-type', Buffer.from('{"a":1}'), 'decode_failed'],
    ['no envelope', mutate((e) => (e.envelope = undefined)), 'schema_invalid'],
    ['no event id', mutate((e) => (env(e).eventId = '')), 'schema_invalid'],
    ['no site', mutate((e) => (env(e).location = undefined)), 'missing_site'],
    [
      'no payload and an unknown type',
      mutate((e) => {
        e.payload = undefined;
        env(e).eventType = 'teleport';
      }),
      'unknown_event_type',
    ],
    ['no payload but a known type', mutate((e) => (e.payload = undefined)), 'schema_invalid'],
    [
      'a type that does not match the payload',
      mutate((e) => (env(e).eventType = 'downtime_start')),
      'schema_invalid',
    ],
    [
      'a NaN quantity',
      mutate(
        (e) =>
          (e.payload = {
            $case: 'historianReading',
            value: { tag: 't', value: Number.NaN, unit: 'degC', quality: 1, machineId: '' },
          }),
      ),
      'schema_invalid',
    ],
    ['no occurred_at', mutate((e) => (env(e).occurredAt = undefined)), 'schema_invalid'],
    ['a DMS source', mutate((e) => (env(e).sourceSystem = SourceSystem.DMS)), 'schema_invalid'],
    ['schema version 2', mutate((e) => (env(e).schemaVersion = 2)), 'unsupported_schema_version'],
  ])('refuses %s', (_name, bytes, reason) => {
    expect(reasonOf(bytes)).toBe(reason);
  });
});
