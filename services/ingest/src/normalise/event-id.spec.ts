import { SourceSystem } from '@andon/contracts';
import { canonicalEventId } from './event-id';

describe('canonicalEventId', () => {
  it('is a version 5 UUID, stable for one (source system, source event id)', () => {
    const id = canonicalEventId(SourceSystem.MES, 'plant-a-mes-1');
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(canonicalEventId(SourceSystem.MES, 'plant-a-mes-1')).toBe(id);
  });

  it('differs when the source system or the source id differs', () => {
    const ids = new Set([
      canonicalEventId(SourceSystem.MES, '1'),
      canonicalEventId(SourceSystem.ERP, '1'),
      canonicalEventId(SourceSystem.MES, '2'),
      canonicalEventId(SourceSystem.MES, '1 '),
    ]);
    expect(ids.size).toBe(4);
  });

  it('does not change between releases (downstream dedupe depends on it)', () => {
    expect(canonicalEventId(SourceSystem.HISTORIAN, 'plant-b-historian-42')).toMatchInlineSnapshot(
      `"8b17d8f1-5fbc-56aa-930e-d127a485812b"`,
    );
  });
});
