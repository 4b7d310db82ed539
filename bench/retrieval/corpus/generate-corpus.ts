/**
 * Generates the retrieval evaluation corpus and its labelled queries, deterministically:
 *
 *   node -r @swc-node/register bench/retrieval/corpus/generate-corpus.ts
 *
 * writes bench/retrieval/corpus/docs/** (the documents, with front-matter the corpus
 * loader reads), queries.json (graded judgments) and ground-truth.json (what the
 * generator knows about each document). The generated files are committed so the corpus
 * can be reviewed; generate-corpus.spec.ts regenerates in memory and compares.
 */
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { generateDocuments } from './corpus-documents';
import type { DocTruth, WrittenFile } from './corpus-model';
import { EVAL_NOW, labelQueries, type LabelledQuery } from './corpus-queries';

export const CORPUS_SEED = 20261125;
export const CORPUS_DIR = __dirname;
export const DOCS_DIR = join(__dirname, 'docs');

export interface GeneratedCorpus {
  seed: number;
  truths: DocTruth[];
  queries: LabelledQuery[];
  /** Paths relative to CORPUS_DIR. */
  files: WrittenFile[];
}

export function generateCorpus(seed = CORPUS_SEED): GeneratedCorpus {
  const { files, truths } = generateDocuments(seed);
  const queries = labelQueries(truths);
  return {
    seed,
    truths,
    queries,
    files: [
      ...files.map((f) => ({ path: `docs/${f.path}`, content: f.content })),
      {
        path: 'queries.json',
        content: `${JSON.stringify({ seed, evaluatedAt: EVAL_NOW, grades: '3 answers, 2 directly useful, 1 related, absent 0; per documentId@revision', queries }, null, 1)}\n`,
      },
      // One document per line: reviewable, and diffs stay small.
      {
        path: 'ground-truth.json',
        content: `{"seed": ${seed}, "documents": [\n${truths.map((t) => JSON.stringify(t)).join(',\n')}\n]}\n`,
      },
    ],
  };
}

/** Every file under dir, relative to CORPUS_DIR. */
export function listFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory()
      ? listFiles(join(dir, e.name))
      : [relative(CORPUS_DIR, join(dir, e.name)).split('\\').join('/')],
  );
}

function main(): void {
  const corpus = generateCorpus();
  rmSync(DOCS_DIR, { recursive: true, force: true });
  for (const f of corpus.files) {
    const path = join(CORPUS_DIR, f.path);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, f.content);
  }
  const byType = new Map<string, number>();
  for (const t of corpus.truths) byType.set(t.docType, (byType.get(t.docType) ?? 0) + 1);
  const documents = new Set(corpus.truths.map((t) => t.documentId)).size;
  console.log(
    `${corpus.truths.length} revisions of ${documents} documents (${[...byType].map(([k, n]) => `${k} ${n}`).join(', ')}), ${corpus.queries.length} queries`,
  );
}

if (require.main === module) main();
