import { mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { miniLmDirFromEnv } from './minilm-model-dir';
import { OnnxMiniLmEmbeddings } from './onnx-minilm-embeddings';
import { WordPieceTokenizer } from './wordpiece-tokenizer';

/** Produced by __fixtures__/make-minilm-reference.py with Hugging Face tokenizers + sentence-transformers (torch). */
interface Reference {
  maxLength: number;
  tokenizer: { text: string; ids: number[] }[];
  embeddings: { text: string; vector: number[] }[];
}
const reference = JSON.parse(
  readFileSync(join(__dirname, '__fixtures__', 'minilm-reference.json'), 'utf8'),
) as Reference;

const dot = (a: number[] | undefined, b: number[] | undefined): number =>
  (a ?? []).reduce((s, x, i) => s + x * (b?.[i] ?? NaN), 0);
const maxAbsDiff = (a: number[] | undefined, b: number[] | undefined): number =>
  Math.max(...(a ?? []).map((x, i) => Math.abs(x - (b?.[i] ?? NaN))));

// Needs the model (deploy/local/install-minilm.sh, or ANDON_MINILM_DIR): fails, never skips, without it.
describe('OnnxMiniLmEmbeddings (all-MiniLM-L6-v2 via onnxruntime)', () => {
  let modelDir: string;
  let embedder: OnnxMiniLmEmbeddings;

  beforeAll(async () => {
    modelDir = miniLmDirFromEnv();
    embedder = new OnnxMiniLmEmbeddings({ modelDir, batchSize: 3 });
    await embedder.warmUp();
  }, 30_000);
  afterAll(() => embedder?.close());

  it('tokenizes exactly like Hugging Face tokenizers (accents, CJK, emoji, control chars, truncation)', () => {
    const tokenizer = WordPieceTokenizer.fromTokenizerJson(
      join(modelDir, 'tokenizer.json'),
      reference.maxLength,
    );
    for (const { text, ids } of reference.tokenizer)
      expect({ text, ids: tokenizer.encode(text).ids }).toEqual({ text, ids });
  });

  it('reproduces sentence-transformers embeddings, in input order across padded, length-sorted batches', async () => {
    const vectors = await embedder.embed(reference.embeddings.map((e) => e.text));
    expect(vectors).toHaveLength(reference.embeddings.length);
    vectors.forEach((v, i) => {
      const expected = (reference.embeddings[i] as { vector: number[] }).vector;
      expect(v).toHaveLength(384);
      expect(dot(v, expected)).toBeGreaterThan(0.99999);
      expect(maxAbsDiff(v, expected)).toBeLessThan(1e-4);
      expect(dot(v, v)).toBeCloseTo(1, 5);
    });
  });

  it('lets onnxruntime map model.safetensors through a graph beside it, not through JavaScript', () => {
    expect(embedder.weights).toBe('model-dir');
  });

  describe('when onnxruntime refuses the model folder (model.safetensors a symlink out of it, as in a Hugging Face cache)', () => {
    let linked: string;
    beforeAll(() => {
      linked = mkdtempSync(join(tmpdir(), 'minilm-linked-'));
      for (const f of ['config.json', 'model.safetensors', 'tokenizer.json'])
        symlinkSync(join(modelDir, f), join(linked, f));
    });
    afterAll(() => rmSync(linked, { recursive: true, force: true }));

    const sameAsReference = async (fallback: OnnxMiniLmEmbeddings): Promise<void> => {
      const sample = reference.embeddings.slice(0, 3);
      const vectors = await fallback.embed(sample.map((e) => e.text));
      vectors.forEach((v, i) => expect(maxAbsDiff(v, sample[i]?.vector)).toBeLessThan(1e-4));
    };

    it('links the weights into a temporary folder, removed once the session holds them', async () => {
      const before = new Set(readdirSync(tmpdir()).filter((f) => f.startsWith('andon-minilm-')));
      const fallback = new OnnxMiniLmEmbeddings({ modelDir: linked });
      try {
        await sameAsReference(fallback);
        expect(fallback.weights).toBe('temp-dir');
        expect(readdirSync(tmpdir()).filter((f) => f.startsWith('andon-minilm-') && !before.has(f))).toEqual(
          [],
        );
      } finally {
        await fallback.close();
      }
    }, 30_000);

    it('puts the weights inline in the model when no temporary folder can be made either', async () => {
      const fallback = new OnnxMiniLmEmbeddings({
        modelDir: linked,
        scratchDir: join(linked, 'no-such-folder'),
      });
      try {
        await sameAsReference(fallback);
        expect(fallback.weights).toBe('inline');
      } finally {
        await fallback.close();
      }
    }, 30_000);
  });

  it('caps padded pieces per run without changing the vectors (one long text runs alone)', async () => {
    const tight = new OnnxMiniLmEmbeddings({ modelDir, batchSize: 8, maxBatchTokens: 16 });
    try {
      const texts = reference.embeddings.map((e) => e.text);
      const vectors = await tight.embed(texts);
      vectors.forEach((v, i) => expect(maxAbsDiff(v, reference.embeddings[i]?.vector)).toBeLessThan(1e-4));
    } finally {
      await tight.close();
    }
  }, 30_000);

  it('gives the same vector for a text alone and inside a padded batch', async () => {
    const [alone] = await embedder.embed(['hello world']);
    const batch = await embedder.embed([
      'a much longer sentence about the hydraulic press and its filter',
      'hello world',
    ]);
    expect(alone).toHaveLength(384);
    expect(maxAbsDiff(alone, batch[1])).toBeLessThan(1e-5);
  });

  it('ranks a paraphrase above an unrelated text (semantic, unlike the hashing embedder)', async () => {
    const [query, paraphrase, unrelated] = await embedder.embed([
      'How often must the hydraulic oil filter be changed?',
      'Replace the filter element of the hydraulic unit every 500 operating hours.',
      'The cafeteria serves vegetable soup on Fridays.',
    ]);
    expect(dot(query, paraphrase)).toBeGreaterThan(dot(query, unrelated) + 0.3);
  });

  it('lets a query run between the batches of a bulk call instead of waiting for all of them', async () => {
    const finished: string[] = [];
    const bulkTexts = Array.from(
      { length: 12 },
      (_, i) => `procedure step ${i}: check the hydraulic pressure on press ${i}`,
    );
    const bulk = embedder.embed(bulkTexts).then((v) => finished.push('bulk') && v);
    const query = embedder.embed(['hydraulic pressure check']).then((v) => finished.push('query') && v);
    const [bulkVectors, queryVectors] = await Promise.all([bulk, query]);
    expect(finished).toEqual(['query', 'bulk']);
    expect(bulkVectors).toHaveLength(12);
    expect(queryVectors).toHaveLength(1);
  });

  it('stops between batches when aborted, and handles no texts', async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(embedder.embed(['a', 'b', 'c', 'd'], controller.signal)).rejects.toThrow();
    await expect(embedder.embed([])).resolves.toEqual([]);
  });
});
