import { SqliteDocumentStore } from '@andon/persistence';
import { UnmappedCodesRepository } from './unmapped-codes.repository';

describe('UnmappedCodesRepository', () => {
  const store = SqliteDocumentStore.open(':memory:');
  afterAll(() => store.close());

  it('keeps one entry per (site, kind, code), counting sightings and remembering the latest', async () => {
    const repo = await UnmappedCodesRepository.open(store);
    const seen = (code: string, at: string, eventId: string) =>
      repo.record({
        site: 'plant-b',
        kind: 'alarm_code',
        code,
        eventId,
        codeMap: 'plant-b@v1',
        at: new Date(at),
      });
    await seen('OIL_LO', '2026-11-24T06:00:00Z', 'e1');
    await seen('OIL_LO', '2026-11-24T07:00:00Z', 'e2');
    await seen('HYD,LO', '2026-11-24T06:30:00Z', 'e3');
    const listed = await repo.list({ site: 'plant-b' });
    expect(listed.map((c) => [c.code, c.count, c.firstSeenAt, c.lastSeenAt, c.lastEventId])).toEqual([
      ['OIL_LO', 2, '2026-11-24T06:00:00.000Z', '2026-11-24T07:00:00.000Z', 'e2'],
      ['HYD,LO', 1, '2026-11-24T06:30:00.000Z', '2026-11-24T06:30:00.000Z', 'e3'],
    ]);
    expect(await repo.list({ site: 'plant-a' })).toEqual([]);
    expect(await repo.resolve('plant-b', 'alarm_code', 'OIL_LO')).toBe(true);
    expect((await repo.list()).map((c) => c.code)).toEqual(['HYD,LO']);
  });
});
