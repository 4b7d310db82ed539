import { plantEventRecord } from '../../index-records/plant-event-record';
import type { KnowledgeIndex } from '../knowledge-index.port';
import {
  alarmEvent,
  CORPUS,
  harness,
  NOW,
  operator,
  type ContractHarness,
  type IndexFactory,
} from './contract-fixtures';

const HOUR = 3_600_000;
const E1 = alarmEvent(
  'e1',
  NOW - 2 * HOUR,
  'plant-b',
  'line-3',
  'b-l3-m1',
  'TEMP_HI',
  'Mixer jacket temperature high',
);

export function recordCases(factory: IndexFactory): void {
  describe('operational records', () => {
    let index: KnowledgeIndex;
    let h: ContractHarness;

    beforeAll(async () => {
      index = await factory.create({ vectorDims: null });
      h = harness(index);
      await h.ingestion.ingestAll(CORPUS);
      const indexed = await h.records.indexEvents([
        E1,
        alarmEvent('e2', NOW - 7 * HOUR, 'plant-b', 'line-3', 'b-l3-m2', 'VIB_HI', 'Oven fan vibration'),
        alarmEvent('e3', NOW - 20 * HOUR, 'plant-b', 'line-3', 'b-l3-m1', 'PRESS_LO', 'Steam pressure low'),
        alarmEvent('e4', NOW - 1 * HOUR, 'plant-b', 'line-4', 'b-l4-m1', 'JAM', 'Filler jam'),
        alarmEvent('e5', NOW - 1 * HOUR, 'plant-a', 'line-1', 'a-l1-m2', 'A-200', 'Press vibration'),
      ]);
      expect(indexed).toBe(5);
    });
    afterAll(() => factory.dispose(index));

    const window = async (query: string, scope: Record<string, unknown>, sites = ['plant-a', 'plant-b']) => {
      const result = await h.retrieve.retrieve({ query, caller: operator(sites), scope });
      if (!result.ok) throw new Error(result.message);
      return result.hits;
    };

    it('answers "what happened on line 3 in the last 8 hours" with a time window filter', async () => {
      const hits = await window('alarm', {
        site: 'plant-b',
        line: 'line-3',
        occurredFrom: NOW - 8 * HOUR,
        occurredTo: NOW,
      });
      expect(hits.map((x) => x.chunk.documentId).sort()).toEqual(['event:e1', 'event:e2']);
      for (const x of hits) {
        expect(x.chunk).toMatchObject({
          kind: 'record',
          docType: 'plant_event',
          site: 'plant-b',
          line: 'line-3',
        });
        expect(x.chunk.occurredAt).toBeGreaterThanOrEqual(NOW - 8 * HOUR);
      }
    });

    it('finds a record by its alarm code and machine id', async () => {
      const hits = await window('TEMP_HI b-l3-m1', {});
      expect(hits[0]?.chunk.documentId).toBe('event:e1');
      expect(hits[0]?.chunk.text).toContain(
        '[2026-11-20T10:00:00.000Z] Alarm TEMP_HI raised on b-l3-m1 (plant-b/line-3)',
      );
    });

    it('scopes records by site like documents', async () => {
      const hits = await window('alarm vibration', { occurredFrom: NOW - 8 * HOUR }, ['plant-a']);
      expect(hits.map((x) => x.chunk.documentId)).toEqual(['event:e5']);
    });

    it('re-indexing an event overwrites its record', async () => {
      await h.records.indexEvents([
        alarmEvent(
          'e4',
          NOW - 1 * HOUR,
          'plant-b',
          'line-4',
          'b-l4-m1',
          'JAM',
          'Filler jam cleared by crew B',
        ),
      ]);
      const hits = await window('filler jam', { line: 'line-4', occurredFrom: NOW - 8 * HOUR });
      expect(hits).toHaveLength(1);
      expect(hits[0]?.chunk.text).toContain('cleared by crew B');
    });

    it('gets one record by chunk id exactly as indexed, and null for an unknown id', async () => {
      const indexed = plantEventRecord(E1);
      if (!indexed) throw new Error('fixture event is not indexable');
      const { embedding: _embedding, ...expected } = indexed;
      expect(await index.getChunk('event:e1')).toEqual(expected);
      expect(await index.getChunk('event:no-such-event')).toBeNull();
      expect(await index.getChunk('e1')).toBeNull();
    });

    it('gets a document chunk by id with the lineage a search returns', async () => {
      const hits = await window('brass hook jammed part', { documentId: 'SOP-A-014' });
      const hit = hits[0];
      if (!hit) throw new Error('no SOP-A-014 hit');
      expect(hit.chunk.chunkId).toMatch(/^SOP-A-014@A#\d+$/);
      expect(await index.getChunk(hit.chunk.chunkId)).toEqual(hit.chunk);
    });

    it('never returns the stored embedding', async () => {
      const withVectors = await factory.create({ vectorDims: 3 });
      try {
        const indexed = plantEventRecord(E1);
        if (!indexed) throw new Error('fixture event is not indexable');
        await withVectors.upsertRecords([{ ...indexed, embedding: [0.6, 0.8, 0] }]);
        const got = await withVectors.getChunk('event:e1');
        expect(got).toMatchObject({ chunkId: 'event:e1', text: indexed.text });
        expect(got).not.toHaveProperty('embedding');
      } finally {
        await factory.dispose(withVectors);
      }
    });
  });
}
