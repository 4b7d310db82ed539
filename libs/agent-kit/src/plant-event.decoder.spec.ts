import { isNonRetryable } from '@andon/bus';
import { PlantEvent } from '@andon/contracts';
import { decodePlantEvent } from './plant-event.decoder';

const bytes = (site: string): Uint8Array =>
  PlantEvent.encode(
    PlantEvent.fromPartial({
      envelope: {
        eventId: 'ev-1',
        eventType: 'production_count',
        location: { enterprise: 'acme', site, area: 'x', line: 'line-1' },
        occurredAt: new Date('2026-12-01T08:00:00Z'),
      },
      payload: { $case: 'productionCount', value: { good: 10, scrap: 0, unit: 'ea' } },
    }),
  ).finish();

describe('decodePlantEvent: the site is a normalised SiteId from the edge on', () => {
  it('hands handlers the site ingest normalised', () => {
    expect(decodePlantEvent(bytes('plant-a')).site).toBe('plant-a');
  });

  it('refuses, for good, an event whose site is not a normalised site id', () => {
    for (const site of ['PLANT-A', 'plant a', '']) {
      let thrown: unknown;
      try {
        decodePlantEvent(bytes(site));
      } catch (err) {
        thrown = err;
      }
      expect(isNonRetryable(thrown)).toBe(true);
      expect(String(thrown)).toMatch(/site/);
    }
  });
});
