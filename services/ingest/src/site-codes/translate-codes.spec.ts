import { DowntimeReason, MaintenanceWorkOrder, Nonconformance } from '@andon/contracts';
import { SITE_CODES_DIR } from '../test-support/ingest-fixtures';
import { SiteCodeRegistry } from './site-code-registry';
import { translateCodes } from './translate-codes';

const registry = SiteCodeRegistry.load(SITE_CODES_DIR);
const plantA = registry.get('plant-a');
const plantB = registry.get('plant-b');
if (!plantA || !plantB) throw new Error('seed code maps missing');

const downtime = (reasonCode: string) => ({
  downtimeId: '',
  machineId: 'm',
  reasonCode,
  canonicalReason: DowntimeReason.UNSPECIFIED,
  reasonMapped: false,
  reasonText: '',
});

describe('translateCodes', () => {
  it('maps a downtime reason, keeping the site code beside the canonical one', () => {
    const { payload, translations } = translateCodes(
      { $case: 'downtimeEnd', value: { ...downtime('120'), startedAt: undefined } },
      plantB,
    );
    expect(payload.value).toMatchObject({
      reasonCode: '120',
      canonicalReason: DowntimeReason.MATERIAL_SHORTAGE,
      reasonMapped: true,
    });
    expect(translations).toEqual([{ kind: 'downtime_reason', code: '120', canonical: 'MATERIAL_SHORTAGE' }]);
  });

  it('flags an unknown downtime reason UNMAPPED instead of dropping it', () => {
    const { payload, translations } = translateCodes(
      { $case: 'downtimeStart', value: downtime('D42') },
      plantA,
    );
    expect(payload.value).toMatchObject({
      reasonCode: 'D42',
      canonicalReason: DowntimeReason.UNMAPPED,
      reasonMapped: false,
    });
    expect(translations).toEqual([{ kind: 'downtime_reason', code: 'D42', canonical: undefined }]);
  });

  it('leaves a stop without a reason code unmapped but not flagged', () => {
    const { payload, translations } = translateCodes({ $case: 'downtimeStart', value: downtime('') }, plantA);
    expect(payload.value).toMatchObject({ canonicalReason: DowntimeReason.UNSPECIFIED, reasonMapped: false });
    expect(translations).toEqual([]);
  });

  it('matches codes case-insensitively and trimmed', () => {
    const { translations } = translateCodes(
      {
        $case: 'machineAlarm',
        value: {
          machineId: 'm',
          alarmCode: ' temp_hi ',
          severity: 3,
          state: 1,
          message: '',
          alarmInstanceId: '',
        },
      },
      plantB,
    );
    expect(translations).toEqual([{ kind: 'alarm_code', code: ' temp_hi ', canonical: 'overtemperature' }]);
  });

  it('translates the alarm codes a maintenance work order references, passing unknown ones through', () => {
    const order = MaintenanceWorkOrder.fromPartial({
      maintenanceWorkOrderId: 'CM-1',
      alarmCodes: ['A-200', 'A-999'],
    });
    const { payload, translations } = translateCodes({ $case: 'maintenanceWorkOrder', value: order }, plantA);
    expect(payload.value).toMatchObject({ alarmCodes: ['vibration_high', 'A-999'] });
    expect(translations.map((t) => t.canonical)).toEqual(['vibration_high', undefined]);
  });

  it('maps an NCR category code to the canonical category', () => {
    const { payload } = translateCodes(
      { $case: 'nonconformance', value: Nonconformance.fromPartial({ ncrId: 'N', category: 'FOREIGN' }) },
      plantB,
    );
    expect(payload.value).toMatchObject({ category: 'contamination' });
  });
});
