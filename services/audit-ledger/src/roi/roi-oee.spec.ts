import { roiReport, type RoiEntry } from './roi-report';

const report = (id: string, site: string, line: string, data: Record<string, unknown>): RoiEntry => ({
  kind: 'recommendation',
  subjectId: id,
  at: '2026-11-24T08:00:00.000Z',
  payload: {
    message: {
      kind: 'RECOMMENDATION_KIND_PRODUCTION_REPORT',
      location: { site, line },
      dataJson: JSON.stringify(data),
    },
  },
});

it('ROI OEE per line pools the production reports and computes OEE once (not the mean of shift OEEs), by the shared definition', () => {
  const r = roiReport(
    [
      // Shift OEEs 0.7813 and 0.9375 (mean 0.8594); the ideal rate changed between them.
      report('p1', 'plant-a', 'line-1', {
        plannedMinutes: 480,
        downtimeMinutes: 48,
        good: 15_000,
        scrap: 600,
        idealRatePerMinute: 40,
      }),
      report('p2', 'plant-a', 'line-1', {
        plannedMinutes: 480,
        downtimeMinutes: 0,
        good: 27_000,
        scrap: 0,
        idealRatePerMinute: 60,
      }),
      // The same report recorded twice counts once; a report without figures is skipped.
      report('p2', 'plant-a', 'line-1', {
        plannedMinutes: 480,
        downtimeMinutes: 0,
        good: 27_000,
        scrap: 0,
        idealRatePerMinute: 60,
      }),
      report('p3', 'plant-a', 'line-1', { note: 'no figures' }),
      report('p4', 'plant-b', 'line-3', {
        plannedMinutes: 480,
        downtimeMinutes: 120,
        good: 900,
        scrap: 100,
        idealRatePerMinute: null,
      }),
    ],
    { name: 'b', minutesPerOutput: {} },
  );
  expect(r.oee).toEqual([
    {
      site: 'plant-a',
      line: 'line-1',
      reports: 2,
      plannedMinutes: 960,
      downtimeMinutes: 48,
      good: 42_000,
      scrap: 600,
      availability: 0.95,
      performance: 0.9245,
      quality: 0.9859,
      oee: 0.8659,
    },
    {
      site: 'plant-b',
      line: 'line-3',
      reports: 1,
      plannedMinutes: 480,
      downtimeMinutes: 120,
      good: 900,
      scrap: 100,
      availability: 0.75,
      performance: null,
      quality: 0.9,
      oee: null,
    },
  ]);
  expect(r.method).toContain('@andon/plant-metrics');
});
