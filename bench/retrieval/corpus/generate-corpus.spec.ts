import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadCorpus } from '@andon/service-context-retrieval/bench';
import { CORPUS_DIR, DOCS_DIR, generateCorpus, listFiles } from './generate-corpus';

describe('generated retrieval corpus', () => {
  const corpus = generateCorpus();

  it('matches the committed files byte for byte (rerun generate-corpus.ts after changing the generator)', () => {
    const onDisk = [...listFiles(DOCS_DIR), 'queries.json', 'ground-truth.json'].sort();
    expect(onDisk).toEqual(corpus.files.map((f) => f.path).sort());
    const differing = corpus.files
      .filter((f) => readFileSync(join(CORPUS_DIR, f.path), 'utf8') !== f.content)
      .map((f) => f.path);
    expect(differing).toEqual([]);
  });

  it('is deterministic for a seed and changes with it', () => {
    expect(generateCorpus().files).toEqual(corpus.files);
    expect(generateCorpus(corpus.seed + 1).files).not.toEqual(corpus.files);
  });

  it('has at least 200 documents, superseded revisions, drafts and every document type', () => {
    expect(new Set(corpus.truths.map((t) => t.documentId)).size).toBeGreaterThanOrEqual(200);
    expect(corpus.truths.filter((t) => t.status === 'obsolete').length).toBeGreaterThan(10);
    expect(corpus.truths.some((t) => t.status === 'draft')).toBe(true);
    expect(new Set(corpus.truths.map((t) => t.docType))).toEqual(
      new Set([
        'sop',
        'work_instruction',
        'maintenance_manual',
        'deviation_history',
        'ncr_history',
        'work_order_history',
      ]),
    );
    expect(new Set(corpus.truths.map((t) => t.path.split('.').pop()))).toEqual(
      new Set(['md', 'txt', 'html']),
    );
  });

  it('loads through the service corpus loader (valid front-matter for every file)', () => {
    const loaded = loadCorpus(DOCS_DIR);
    expect(loaded).toHaveLength(corpus.truths.length);
  });

  it('has at least 60 graded queries of every category, each with an answer among known revisions', () => {
    const keys = new Set(corpus.truths.map((t) => t.key));
    expect(corpus.queries.length).toBeGreaterThanOrEqual(60);
    expect(new Set(corpus.queries.map((q) => q.category))).toEqual(
      new Set(['identifier', 'paraphrase', 'scoped', 'revision', 'history']),
    );
    for (const q of corpus.queries) {
      expect({ id: q.id, hasAnswer: Object.values(q.judgments).includes(3) }).toEqual({
        id: q.id,
        hasAnswer: true,
      });
      for (const key of Object.keys(q.judgments)) expect(keys.has(key)).toBe(true);
    }
    expect(new Set(corpus.queries.map((q) => q.id)).size).toBe(corpus.queries.length);
  });

  it('grades the other site near-duplicate and the obsolete revision 0 for an operator', () => {
    const scoped = corpus.queries.find((q) => q.id === 'scope-01');
    const sameTask = corpus.truths.filter((t) => t.topic === 'mold-changeover');
    expect(sameTask.some((t) => t.site === 'plant-c')).toBe(true);
    expect(sameTask.some((t) => t.status === 'obsolete' && t.site === 'plant-a')).toBe(true);
    const graded = sameTask.filter((t) => (scoped?.judgments[t.key] ?? 0) > 0);
    expect(graded.map((t) => [t.site, t.status])).toEqual([['plant-a', 'approved']]);
  });
});
