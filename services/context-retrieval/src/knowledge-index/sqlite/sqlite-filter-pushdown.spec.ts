import type { KnowledgeChunk, StoredRevision } from '../../domain/knowledge-chunk';
import type { IndexFilter } from '../knowledge-index.port';
import { SqliteKnowledgeIndex } from './sqlite-knowledge-index.adapter';

// The filter is pushed into FTS5 as compacted scope tokens. Compaction may merge values
// ("Zürich-1" and "zrich1"), so the tokens are only a prefilter: these cases pin that the
// SQL filter still decides and that awkward metadata values are found at all.
const base: Omit<KnowledgeChunk, 'chunkId' | 'site' | 'line' | 'docType'> = {
  documentId: 'D',
  revision: '1',
  kind: 'document',
  title: 'Pump seal',
  section: 'Procedure',
  text: '1. Replace the pump seal.',
  startOffset: 0,
  endOffset: 25,
  product: '',
  status: 'approved',
  effectiveFrom: 0,
  effectiveTo: null,
  supersededBy: null,
  occurredAt: null,
  classification: 'internal',
  owner: 'o',
  identifiers: [],
  embedding: null,
};

const chunks: KnowledgeChunk[] = [
  { ...base, chunkId: 'D@1#0', site: 'Zürich-1', line: 'L 2', docType: 'sop' },
  { ...base, chunkId: 'D@1#1', site: 'zrich1', line: 'L 2', docType: 'sop' },
  { ...base, chunkId: 'D@1#2', site: '', line: '', docType: 'work_instruction' },
  { ...base, chunkId: 'D@1#3', site: 'plant-b', line: 'line-3', docType: 'sop' },
];

const revision: StoredRevision = {
  documentId: 'D',
  revision: '1',
  title: 'Pump seal',
  docType: 'sop',
  status: 'approved',
  effectiveFrom: 0,
  effectiveTo: null,
  supersededBy: null,
  site: '',
  line: '',
  product: '',
  classification: 'internal',
  owner: 'o',
  contentType: 'text',
  text: '',
  sourceRecordId: 'D',
  contentHash: 'h',
  chunkCount: 4,
  indexedAt: 0,
};

describe('SQLite keyword search with the filter pushed into FTS5', () => {
  let index: SqliteKnowledgeIndex;
  beforeAll(async () => {
    index = new SqliteKnowledgeIndex({ file: ':memory:' });
    await index.init();
    await index.indexRevision(revision, chunks);
  });
  afterAll(() => index.close());

  const ids = async (filter: Omit<IndexFilter, 'maxClassification'>) =>
    (
      await index.keywordSearch(
        { text: 'pump seal', identifiers: [] },
        { ...filter, maxClassification: 'internal' },
        10,
      )
    )
      .map((h) => h.chunk.chunkId)
      .sort();

  it('finds a site with non-ASCII and punctuation, and not the value it compacts to', async () => {
    expect(await ids({ allowedSites: ['Zürich-1'], site: 'Zürich-1', line: 'L 2' })).toEqual([
      'D@1#0',
      'D@1#2',
    ]);
  });

  it('applies document types and keeps enterprise-wide chunks for any site and line', async () => {
    expect(
      await ids({ allowedSites: 'all', site: 'plant-b', line: 'line-3', docTypes: ['work_instruction'] }),
    ).toEqual(['D@1#2']);
    expect(
      await ids({ allowedSites: 'all', site: 'plant-b', docTypes: ['sop', 'work_instruction'] }),
    ).toEqual(['D@1#2', 'D@1#3']);
  });

  it('returns nothing for an empty type list and only enterprise-wide chunks for a site outside the scope', async () => {
    expect(await ids({ allowedSites: 'all', docTypes: [] })).toEqual([]);
    expect(await ids({ allowedSites: ['plant-b'], site: 'zrich1' })).toEqual(['D@1#2']);
  });
});
