import {
  CheckResult,
  DataClassification,
  NonconformanceSeverity,
  NonconformanceStatus,
  type PlantEvent,
  type PlantEventPayload,
} from '@andon/contracts';
import { alarmEvent } from '../knowledge-index/contract/contract-fixtures';
import { plantEventRecord } from './plant-event-record';

const AT = Date.parse('2026-11-20T10:00:00Z');
const withPayload = (
  payload: PlantEventPayload,
  classification = DataClassification.CONFIDENTIAL,
): PlantEvent => {
  const { envelope } = alarmEvent('e-1', AT, 'plant-a', 'line-1', 'a-l1-m2', 'A-200', '');
  if (!envelope) throw new Error('fixture without envelope');
  return { envelope: { ...envelope, dataClassification: classification }, payload };
};

describe('plantEventRecord', () => {
  it('renders an NCR with its identifiers, product, site, line and time', () => {
    const record = plantEventRecord(
      withPayload({
        $case: 'nonconformance',
        value: {
          ncrId: 'NCR-1099',
          category: 'dimensional',
          severity: NonconformanceSeverity.MAJOR,
          description: 'Short shots',
          lotIds: ['L-24500'],
          product: 'PX-100',
          supplier: '',
          quantityAffected: 40,
          unit: 'pcs',
          raisedBy: 'qe',
          status: NonconformanceStatus.UNSPECIFIED,
        },
      }),
    );
    expect(record).toMatchObject({
      chunkId: 'event:e-1',
      kind: 'record',
      docType: 'plant_event',
      site: 'plant-a',
      line: 'line-1',
      product: 'PX-100',
      occurredAt: AT,
      effectiveFrom: AT,
      classification: 'confidential',
      text: '[2026-11-20T10:00:00.000Z] Nonconformance NCR-1099 (major, dimensional) on PX-100: Short shots. Lots L-24500; 40 pcs affected.',
    });
    expect(record?.identifiers).toEqual(expect.arrayContaining(['ncr-1099', 'l-24500', 'px-100']));
  });

  it('words a closed NCR as an update of that NCR, not a newly raised one', () => {
    const record = plantEventRecord(
      withPayload({
        $case: 'nonconformance',
        value: {
          ncrId: 'NCR-1099',
          category: 'dimensional',
          severity: NonconformanceSeverity.MAJOR,
          description: 'Short shots',
          lotIds: ['L-24500'],
          product: 'PX-100',
          supplier: '',
          quantityAffected: 40,
          unit: 'pcs',
          raisedBy: 'qe',
          status: NonconformanceStatus.CLOSED,
        },
      }),
    );
    expect(record?.title).toBe('NCR NCR-1099 dimensional closed');
    expect(record?.text).toContain('Nonconformance NCR-1099 closed (major, dimensional) on PX-100');
  });

  it('indexes failed quality checks only', () => {
    const check = (result: CheckResult) =>
      withPayload({
        $case: 'qualityCheck',
        value: {
          checkId: 'QC-1',
          characteristic: 'wall',
          measuredValue: 1.7,
          lowerSpecLimit: 1.9,
          upperSpecLimit: 2.1,
          unit: 'mm',
          result,
          lotId: 'L-1',
          product: 'PX-100',
          workOrderId: 'WO-1',
          inspectorBadge: 'B-1',
          machineId: 'a-l1-m2',
        },
      });
    expect(plantEventRecord(check(CheckResult.PASS))).toBeNull();
    expect(plantEventRecord(check(CheckResult.FAIL))?.text).toContain(
      'wall measured 1.7 mm (spec 1.9..2.1 mm) on a-l1-m2 (plant-a/line-1)',
    );
  });

  it('skips telemetry and treats an unclassified event as restricted', () => {
    expect(
      plantEventRecord(
        withPayload({
          $case: 'historianReading',
          value: { tag: 'T1', value: 1, unit: 'C', quality: 1, machineId: 'a-l1-m1' },
        }),
      ),
    ).toBeNull();
    const note = plantEventRecord(
      withPayload(
        {
          $case: 'operatorNote',
          value: {
            noteId: 'n1',
            authorBadge: 'B-2',
            text: 'Mold vent blocked',
            shiftId: 's1',
            machineId: 'a-l1-m1',
            workOrderId: '',
          },
        },
        DataClassification.UNSPECIFIED,
      ),
    );
    expect(note?.classification).toBe('restricted');
    expect(note?.text).not.toContain('B-2');
  });
});
