import type { EmbeddingsPort } from '@andon/llm';

/**
 * NOT a semantic model. The hashing trick over words and character trigrams: texts
 * sharing words (or word fragments) get similar vectors, synonyms do not. It exists to
 * exercise the vector retriever and fusion end to end, deterministically and offline;
 * production uses an OpenAI-compatible embeddings endpoint (LangChainEmbeddingsAdapter).
 */
export class HashingEmbeddings implements EmbeddingsPort {
  readonly provider = 'hashing-not-semantic';

  constructor(readonly dims = 256) {
    if (!Number.isInteger(dims) || dims < 8) throw new RangeError('dims must be an integer >= 8');
  }

  async embed(texts: string[]): Promise<number[][]> {
    return texts.map((t) => this.vector(t));
  }

  vector(text: string): number[] {
    const v = new Array<number>(this.dims).fill(0);
    const words = text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
    for (const word of words) {
      this.add(v, `w:${word}`, 1);
      const padded = `^${word}$`;
      for (let i = 0; i + 3 <= padded.length; i++) this.add(v, `t:${padded.slice(i, i + 3)}`, 0.3);
    }
    const norm = Math.sqrt(v.reduce((s, x) => s + x * x, 0)) || 1;
    return v.map((x) => x / norm);
  }

  private add(v: number[], feature: string, weight: number): void {
    const h = fnv1a(feature);
    const bucket = h % this.dims;
    // The sign bit spreads collisions around zero instead of piling them up.
    v[bucket] = (v[bucket] ?? 0) + ((h >>> 31) & 1 ? -weight : weight);
  }
}

function fnv1a(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}
