import { siteId } from '@andon/plant-model';
import { DowntimeReason } from '@andon/contracts';
import { plantQuerySchema } from '../plant-query.dsl';
import { plantEvent, stop } from '../../test-support/plant-events';
import { seededStore } from '../../test-support/seeded-store';

// plant-b line-3, 2025-03-05 08:00Z-16:00Z (480 min), asked at 18:00Z.
// A failure 09:00-09:30 (ended) and one still open since 15:00 (its start names the reason):
// failure downtime 30 + 60 = 90, uptime 390, 2 failures -> MTBF 195. A changeover still open
// is not a failure and is not subtracted.
const open = (id: string, at: string, reason: DowntimeReason) =>
  plantEvent(id, 'line-3', at, {
    $case: 'downtimeStart',
    value: {
      downtimeId: id,
      machineId: 'line-3-m1',
      reasonCode: 'X',
      canonicalReason: reason,
      reasonMapped: true,
      reasonText: '',
    },
  });

it('MTBF counts a failure still open: down to the window end, and one more failure', async () => {
  const seeded = await seededStore([
    ...stop(
      'f1',
      'line-3',
      '2025-03-05T09:00:00Z',
      '2025-03-05T09:30:00Z',
      DowntimeReason.MECHANICAL_FAILURE,
    ),
    open('f2', '2025-03-05T15:00:00Z', DowntimeReason.ELECTRICAL_FAILURE),
    open('c1', '2025-03-05T14:00:00Z', DowntimeReason.CHANGEOVER),
  ]);
  try {
    const query = plantQuerySchema.parse({
      metric: 'mtbf',
      groupBy: ['site', 'line'],
      time: { kind: 'absolute', from: '2025-03-05T08:00:00Z', to: '2025-03-05T16:00:00Z' },
    });
    const result = await seeded.executor.execute(
      query,
      [siteId('plant-b')],
      Date.parse('2025-03-05T18:00:00Z'),
    );
    if (!result.ok) throw new Error(result.message);
    expect(result.rows).toEqual([
      {
        key: { site: 'plant-b', line: 'line-3' },
        value: 195,
        measures: { plannedMinutes: 480, failureDowntimeMinutes: 90, uptimeMinutes: 390, failures: 2 },
        recordIds: ['f1-e', 'f2'],
      },
    ]);
  } finally {
    await seeded.close();
  }
});
