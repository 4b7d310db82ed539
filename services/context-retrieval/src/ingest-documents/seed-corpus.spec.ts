import { join } from 'node:path';
import { SqliteKnowledgeIndex } from '../knowledge-index/sqlite/sqlite-knowledge-index.adapter';
import { loadCorpus } from './corpus-loader';
import { DocumentIngestion, type IngestProgress } from './document-ingestion.service';
import { createProgressBar } from './progress-bar';

const KNOWLEDGE_DIR = join(__dirname, '../../../../knowledge');

describe('the seeded knowledge corpus', () => {
  let index: SqliteKnowledgeIndex;
  let ingestion: DocumentIngestion;

  beforeEach(async () => {
    index = new SqliteKnowledgeIndex({ file: ':memory:' });
    await index.init();
    ingestion = new DocumentIngestion(index, null, { now: () => Date.parse('2026-11-20T12:00:00Z') });
  });
  afterEach(() => index.close());

  it('loads every file with valid metadata, in Markdown, text, HTML and PDF', () => {
    const corpus = loadCorpus(KNOWLEDGE_DIR);
    expect(corpus.length).toBeGreaterThanOrEqual(15);
    const kinds = new Set(corpus.map((d) => d.path.split('.').pop()));
    expect([...kinds].sort()).toEqual(['html', 'md', 'pdf', 'txt']);
  });

  it('indexes all of it, reporting progress for every document', async () => {
    const corpus = loadCorpus(KNOWLEDGE_DIR).map((d) => d.document);
    const progress: IngestProgress[] = [];
    const report = await ingestion.ingestAll(corpus, (p) => progress.push(p));
    expect(report.outcomes.filter((o) => o.outcome !== 'indexed')).toEqual([]);
    expect(progress.map((p) => p.done)).toEqual(corpus.map((_, i) => i + 1));
    expect(progress.every((p) => p.total === corpus.length)).toBe(true);
    expect(await index.countChunks()).toBe(report.chunks);

    // Rev A of the changeover instruction was published obsolete with its window: in force until rev B.
    expect(await index.getRevision('WI-A-007', 'B')).toMatchObject({ status: 'approved', effectiveTo: null });
    expect(await index.getRevision('WI-A-007', 'A')).toMatchObject({
      effectiveTo: Date.parse('2026-06-01T00:00:00Z'),
    });

    // A second start-up finds nothing to do.
    const again = await ingestion.ingestAll(corpus);
    expect(again.unchanged).toBe(corpus.length);
  });

  it('keeps numbered steps whole in every procedure', async () => {
    const corpus = loadCorpus(KNOWLEDGE_DIR).map((d) => d.document);
    await ingestion.ingestAll(corpus);
    const revision = await index.getRevision('SOP-A-014', 'C');
    expect(revision).not.toBeNull();
    const hits = await index.keywordSearch(
      { text: 'ejector pin bent stop call maintenance', identifiers: [] },
      { allowedSites: 'all', maxClassification: 'restricted' },
      5,
    );
    const step5 = hits.find((h) => h.chunk.text.includes('5. Inspect the ejector pins'));
    expect(step5?.chunk.text).toContain('If an ejector pin is bent, stop and call maintenance');
  });

  it('extracts the HTML manual with its ordered lists as numbered steps and the PDF text', async () => {
    const corpus = loadCorpus(KNOWLEDGE_DIR).map((d) => d.document);
    await ingestion.ingestAll(corpus);
    const html = await index.getRevision('MM-A-003', '4');
    expect(html?.text).toContain('## Replacing the pump shaft seal');
    expect(html?.text).toContain('2. Replace the seal with seal kit HP-2210 (2 O-rings, 1 shaft seal).');
    expect(html?.text).toContain('90 bar ± 5 bar');
    expect(html?.text).not.toMatch(/<[a-z]/i);
    const pdf = await index.getRevision('MM-B-010', '1');
    expect(pdf?.text).toContain('3. Replace the valve seat gasket NG-16');
  });

  it('draws a progress bar', () => {
    const written: string[] = [];
    const bar = createProgressBar(
      { write: (s: string) => written.push(s), isTTY: false },
      { width: 10, step: 50 },
    );
    const last = {
      documentId: 'SOP-A-014',
      revision: 'C',
      outcome: 'indexed' as const,
      chunks: 3,
      superseded: [],
    };
    for (let done = 1; done <= 4; done++) bar({ done, total: 4, last });
    expect(written).toEqual([
      'indexing knowledge [###-------] 1/4 SOP-A-014@C\n',
      'indexing knowledge [#####-----] 2/4 SOP-A-014@C\n',
      'indexing knowledge [##########] 4/4 SOP-A-014@C\n',
    ]);
  });
});
