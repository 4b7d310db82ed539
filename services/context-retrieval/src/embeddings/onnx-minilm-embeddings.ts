import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { EmbeddingsPort } from '@andon/llm';
import { BERT_GRAPH_IO, buildBertSentenceEncoder, readBertConfig } from './bert-onnx-graph';
import { OnnxWorkerSession } from './onnx-worker-session';
import { WordPieceTokenizer } from './wordpiece-tokenizer';

export interface OnnxMiniLmOptions {
  /** Folder with config.json, model.safetensors and tokenizer.json (deploy/local/install-minilm.sh). */
  modelDir: string;
  /** Word pieces per text incl. [CLS]/[SEP]; longer texts are truncated. 256 = sentence-transformers' max_seq_length for this model. */
  maxLength?: number;
  /** Texts per inference run. */
  batchSize?: number;
  /** onnxruntime intra-op threads (in one worker thread); 1 leaves a core for everything else. */
  threads?: number;
}

const REQUIRED_FILES = ['config.json', 'model.safetensors', 'tokenizer.json'] as const;

/** Names the files a model folder lacks (all of them when it does not exist). */
export function missingMiniLmFiles(modelDir: string): string[] {
  return REQUIRED_FILES.filter((f) => !existsSync(join(modelDir, f)));
}

/**
 * all-MiniLM-L6-v2 sentence embeddings (384 dims, L2-normalised, cosine) computed in
 * process: the ONNX graph is built in memory from the safetensors weights on first use
 * (~1 s) and run by onnxruntime-node on the CPU in a worker thread; nothing is fetched
 * at runtime. Runs are serialised: one session, a bounded number of threads, so indexing
 * cannot starve request handling.
 */
export class OnnxMiniLmEmbeddings implements EmbeddingsPort {
  readonly provider = 'onnx:all-MiniLM-L6-v2';
  readonly dims: number;
  private readonly tokenizer: WordPieceTokenizer;
  private readonly batchSize: number;
  private session: Promise<OnnxWorkerSession> | undefined;
  /** One run at a time; waiting single-batch calls (queries) go before bulk indexing. */
  private busy = false;
  private readonly waiting: { urgent: boolean; start: () => void }[] = [];

  constructor(private readonly options: OnnxMiniLmOptions) {
    const missing = missingMiniLmFiles(options.modelDir);
    if (missing.length)
      throw new Error(
        `all-MiniLM-L6-v2 model folder ${options.modelDir} lacks ${missing.join(', ')}: run deploy/local/install-minilm.sh`,
      );
    const maxLength = options.maxLength ?? 256;
    const config = readBertConfig(options.modelDir);
    if (maxLength > config.max_position_embeddings)
      throw new RangeError(
        `maxLength ${maxLength} exceeds the model's ${config.max_position_embeddings} positions`,
      );
    this.dims = config.hidden_size;
    this.batchSize = options.batchSize ?? 8;
    this.tokenizer = WordPieceTokenizer.fromTokenizerJson(
      join(options.modelDir, 'tokenizer.json'),
      maxLength,
    );
  }

  /** Builds the session now instead of on the first embed (start-up, benchmarks). */
  async warmUp(): Promise<void> {
    await this.getSession();
  }

  async embed(texts: string[], signal?: AbortSignal): Promise<number[][]> {
    if (texts.length === 0) return [];
    const session = await this.getSession();
    const encoded = texts.map((t, i) => ({ i, ids: this.tokenizer.encode(t).ids }));
    // Similar lengths share a batch, so little compute goes to padding.
    encoded.sort((a, b) => a.ids.length - b.ids.length);
    const urgent = encoded.length <= this.batchSize;
    const out = new Array<number[]>(texts.length);
    for (let start = 0; start < encoded.length; start += this.batchSize) {
      await this.acquire(urgent);
      try {
        signal?.throwIfAborted();
        for (const { i, vector } of await this.runBatch(
          session,
          encoded.slice(start, start + this.batchSize),
        ))
          out[i] = vector;
      } finally {
        this.release();
      }
    }
    return out;
  }

  async close(): Promise<void> {
    const session = this.session;
    this.session = undefined;
    if (session) await (await session.catch(() => undefined))?.close();
  }

  private async runBatch(
    session: OnnxWorkerSession,
    batch: { i: number; ids: number[] }[],
  ): Promise<{ i: number; vector: number[] }[]> {
    const seq = Math.max(...batch.map((e) => e.ids.length));
    const ids = new BigInt64Array(batch.length * seq);
    const mask = new BigInt64Array(batch.length * seq);
    batch.forEach((e, row) => {
      e.ids.forEach((id, col) => {
        ids[row * seq + col] = BigInt(id);
        mask[row * seq + col] = 1n;
      });
    });
    const dims = [batch.length, seq];
    const data = await session.run({
      [BERT_GRAPH_IO.inputIds]: { type: 'int64', data: ids, dims },
      [BERT_GRAPH_IO.attentionMask]: { type: 'int64', data: mask, dims },
    });
    if (data.length !== batch.length * this.dims)
      throw new Error(`embedding model returned ${data.length} values for ${batch.length} x ${this.dims}`);
    // Read by index: the array comes from the worker (another realm under Jest).
    return batch.map((e, row) => ({
      i: e.i,
      vector: Array.from({ length: this.dims }, (_, j) => Number(data[row * this.dims + j])),
    }));
  }

  private async acquire(urgent: boolean): Promise<void> {
    if (!this.busy) {
      this.busy = true;
      return;
    }
    await new Promise<void>((start) => {
      const at = urgent ? this.waiting.findIndex((w) => !w.urgent) : -1;
      this.waiting.splice(at === -1 ? this.waiting.length : at, 0, { urgent, start });
    });
  }

  private release(): void {
    const next = this.waiting.shift();
    if (next) next.start();
    else this.busy = false;
  }

  private getSession(): Promise<OnnxWorkerSession> {
    this.session ??= OnnxWorkerSession.create(buildBertSentenceEncoder(this.options.modelDir), {
      intraOpThreads: this.options.threads ?? 1,
      output: BERT_GRAPH_IO.embeddings,
    }).catch((err: unknown) => {
      this.session = undefined;
      throw err;
    });
    return this.session;
  }
}
