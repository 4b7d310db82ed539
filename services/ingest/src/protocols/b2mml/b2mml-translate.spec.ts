import { ProtocolMaps } from '../plant-mapping/protocol-maps';
import { protocolMapSchema } from '../plant-mapping/protocol-map.schema';
import { translateB2mml } from './b2mml-translate';

const maps = new ProtocolMaps([
  protocolMapSchema.parse({ site: 'plant-a', version: 1, b2mml: { topic: 'acme/plant-a/b2mml' } }),
]);
const at = new Date('2026-12-06T10:00:00Z');
const bytes = (v: unknown): Buffer => Buffer.from(JSON.stringify(v));

describe('B2MML JSON -> plant units (Andon schema for the fields read)', () => {
  it('maps ProductionPerformance segment responses to production counts with their period and work order', () => {
    const message = translateB2mml(
      'acme/plant-a/b2mml/ProductionPerformance',
      bytes({
        ProductionPerformance: {
          ID: 'PP-1',
          ProductionResponse: [
            {
              ID: 'PR-1',
              ProductionRequestID: 'WO-9001',
              HierarchyScope: { EquipmentID: 'line-1' },
              SegmentResponse: [
                {
                  ID: 'SR-1',
                  ActualStartTime: '2026-12-06T08:00:00+01:00',
                  ActualEndTime: '2026-12-06T09:00:00+01:00',
                  EquipmentActual: [{ EquipmentID: 'a-l1-m1' }],
                  MaterialProducedActual: [
                    {
                      MaterialDefinitionID: 'PX-100',
                      MaterialLotID: 'LOT-7',
                      Quantity: [{ QuantityString: '120', UnitOfMeasure: 'pcs' }],
                    },
                    { MaterialDefinitionID: 'PX-100', Quantity: [{ QuantityString: 30 }] },
                  ],
                },
              ],
            },
          ],
        },
      }),
      maps,
      at,
    );
    expect(message.refusals).toEqual([]);
    expect(message.units).toEqual([
      {
        label: 'SegmentResponse SR-1',
        key: 'plant-a/line-1',
        event: {
          sourceSystem: 'ERP',
          sourceEventId: 'b2mml/ProductionPerformance/PR-1/SR-1',
          eventType: 'production_count',
          location: { site: 'plant-a', line: 'line-1' },
          occurredAt: '2026-12-06T09:00:00+01:00',
          payload: {
            good: 150,
            unit: 'pcs',
            product: 'PX-100',
            lotId: 'LOT-7',
            workOrderId: 'WO-9001',
            machineId: 'a-l1-m1',
            periodStart: '2026-12-06T08:00:00+01:00',
            periodEnd: '2026-12-06T09:00:00+01:00',
          },
        },
      },
    ]);
  });

  it('maps MaterialLot status to material_status, site-wide without a HierarchyScope', () => {
    const message = translateB2mml(
      'acme/plant-a/b2mml/MaterialLot',
      bytes({
        MaterialLot: [
          {
            ID: 'LOT-9',
            MaterialDefinitionID: 'RESIN-A',
            Status: 'Blocked',
            StatusChangedTime: '2026-12-06T09:30:00Z',
            Quantity: [{ QuantityString: '25.5', UnitOfMeasure: 'kg' }],
          },
        ],
      }),
      maps,
      at,
    );
    expect(message.units.map((u) => [u.key, u.event['eventType'], u.event['payload']])).toEqual([
      [
        'plant-a',
        'material_status',
        { material: 'RESIN-A', lotId: 'LOT-9', status: 'QUARANTINE', quantity: 25.5, unit: 'kg' },
      ],
    ]);
  });

  it('refuses a whole message that breaks the schema, an unread noun, non-JSON and an unmapped topic', () => {
    const lotWithoutTime = bytes({
      MaterialLot: [{ ID: 'L', MaterialDefinitionID: 'M', Status: 'Released' }],
    });
    expect(translateB2mml('acme/plant-a/b2mml/MaterialLot', lotWithoutTime, maps, at).refusals).toEqual([
      {
        label: '(message)',
        reason: 'schema_invalid',
        detail: expect.stringContaining('MaterialLot.0.StatusChangedTime'),
      },
    ]);
    const localTime = bytes({
      MaterialLot: [
        { ID: 'L', MaterialDefinitionID: 'M', Status: 'Released', StatusChangedTime: '2026-12-06T09:30:00' },
      ],
    });
    expect(translateB2mml('acme/plant-a/b2mml/MaterialLot', localTime, maps, at).refusals[0]?.reason).toBe(
      'schema_invalid',
    );
    expect(
      translateB2mml('acme/plant-a/b2mml/EquipmentCapability', bytes({}), maps, at).refusals[0]?.reason,
    ).toBe('unknown_event_type');
    expect(
      translateB2mml('acme/plant-a/b2mml/MaterialLot', Buffer.from('<xml/>'), maps, at).refusals[0]?.reason,
    ).toBe('decode_failed');
    expect(translateB2mml('acme/plant-z/b2mml/MaterialLot', bytes({}), maps, at).refusals[0]?.reason).toBe(
      'unmapped_topic',
    );
  });
});
