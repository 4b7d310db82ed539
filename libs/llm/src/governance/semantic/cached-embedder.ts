import type { EmbeddingsPort } from '../../providers/chat-model.port';

/**
 * Embeddings by exact text, kept in memory (least recently used dropped first). Sources,
 * exemplars and deterministic templates repeat across calls, so most of a governed
 * output's texts are embedded once per process.
 */
export class CachedEmbedder {
  private readonly cache = new Map<string, Float32Array>();

  constructor(
    readonly port: EmbeddingsPort,
    private readonly maxEntries = 20_000,
  ) {}

  get provider(): string {
    return this.port.provider;
  }

  async embed(texts: readonly string[]): Promise<Float32Array[]> {
    const missing = [...new Set(texts.filter((t) => !this.cache.has(t)))];
    if (missing.length) {
      const vectors = await this.port.embed(missing);
      missing.forEach((t, i) => this.remember(t, Float32Array.from(vectors[i] ?? [])));
    }
    return texts.map((t) => {
      const v = this.cache.get(t) as Float32Array;
      // Refresh recency.
      this.cache.delete(t);
      this.cache.set(t, v);
      return v;
    });
  }

  private remember(text: string, vector: Float32Array): void {
    this.cache.set(text, vector);
    if (this.cache.size > this.maxEntries) {
      const oldest = this.cache.keys().next().value;
      if (oldest !== undefined) this.cache.delete(oldest);
    }
  }
}

/** Cosine of two L2-normalised vectors (all-MiniLM-L6-v2 returns normalised ones). */
export function cosine(a: Float32Array, b: Float32Array): number {
  let s = 0;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i += 1) s += (a[i] as number) * (b[i] as number);
  return s;
}
