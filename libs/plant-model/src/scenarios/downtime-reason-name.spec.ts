import { DowntimeReason } from '@andon/contracts';
import { downtimeReasonName, isFailureReason } from '../downtime-reason';

it('one name per downtime reason: canonical in lower case, unmapped:<site code>, or unspecified', () => {
  expect(downtimeReasonName(DowntimeReason.MECHANICAL_FAILURE, 'D01')).toBe('mechanical_failure');
  expect(downtimeReasonName(DowntimeReason.UNMAPPED, 'D99')).toBe('unmapped:D99');
  expect(downtimeReasonName(DowntimeReason.UNSPECIFIED, ' 777 ')).toBe('unmapped:777');
  expect(downtimeReasonName(DowntimeReason.UNSPECIFIED, '')).toBe('unspecified');
  expect(isFailureReason('electrical_failure')).toBe(true);
  expect(isFailureReason('unmapped:D99')).toBe(false);
});
