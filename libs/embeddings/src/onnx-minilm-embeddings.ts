import { randomUUID } from 'node:crypto';
import {
  copyFileSync,
  existsSync,
  linkSync,
  mkdtempSync,
  realpathSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BERT_GRAPH_IO, buildBertSentenceEncoder, readBertConfig } from './bert-onnx-graph';
import { OnnxWorkerSession } from './onnx-worker-session';
import { WordPieceTokenizer } from './wordpiece-tokenizer';

export interface OnnxMiniLmOptions {
  /** Folder with config.json, model.safetensors and tokenizer.json (deploy/local/install-minilm.sh). */
  modelDir: string;
  /** Word pieces per text incl. [CLS]/[SEP]; longer texts are truncated. 256 = sentence-transformers' max_seq_length for this model. */
  maxLength?: number;
  /** Texts per inference run, at most. */
  batchSize?: number;
  /**
   * Padded word pieces per inference run, at most (one text always runs, however long).
   * onnxruntime's arena keeps its high-water mark for the process's life and attention
   * grows with rows x length^2: 8 texts of 256 pieces left ~150 MB behind, 1 leaves ~20 MB,
   * at about the same cost per text on a CPU.
   */
  maxBatchTokens?: number;
  /** Where the temporary graph folder goes when the model folder is refused (see createSession); default os.tmpdir(). */
  scratchDir?: string;
  /** onnxruntime intra-op threads (in one worker thread); 1 leaves a core for everything else. */
  threads?: number;
}

/** Structurally the same as @andon/llm's EmbeddingsPort (this lib must not depend on the gateway). */
export interface SentenceEmbedder {
  readonly provider: string;
  embed(texts: string[], signal?: AbortSignal): Promise<number[][]>;
}

const REQUIRED_FILES = ['config.json', 'model.safetensors', 'tokenizer.json'] as const;
/** Written by this adapter into the model folder (see createSession). */
const ENCODER_FILE = 'andon-sentence-encoder.onnx';

/**
 * `model-dir` and `temp-dir`: onnxruntime maps model.safetensors itself (a graph beside
 * it, or in a temporary folder with a link to it); `inline`: the weights were copied
 * through the model bytes (~250 MB more at the peak).
 */
export type WeightsSource = 'model-dir' | 'temp-dir' | 'inline';

/** Names the files a model folder lacks (all of them when it does not exist). */
export function missingMiniLmFiles(modelDir: string): string[] {
  return REQUIRED_FILES.filter((f) => !existsSync(join(modelDir, f)));
}

/**
 * all-MiniLM-L6-v2 sentence embeddings (384 dims, L2-normalised, cosine) computed in
 * process: the ONNX graph is built from the safetensors weights on first use (~0.3 s)
 * and run by onnxruntime-node on the CPU in a worker thread; nothing is fetched at
 * runtime. Runs are serialised: one session, a bounded number of threads, so indexing
 * cannot starve request handling.
 */
export class OnnxMiniLmEmbeddings implements SentenceEmbedder {
  readonly provider = 'onnx:all-MiniLM-L6-v2';
  readonly dims: number;
  private readonly tokenizer: WordPieceTokenizer;
  private readonly batchSize: number;
  private readonly maxBatchTokens: number;
  private session: Promise<OnnxWorkerSession> | undefined;
  /** One run at a time; waiting single-batch calls (queries) go before bulk indexing. */
  private busy = false;
  private readonly waiting: { urgent: boolean; start: () => void }[] = [];
  private weightsSource: WeightsSource | null = null;

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
    this.maxBatchTokens = options.maxBatchTokens ?? 256;
    this.tokenizer = WordPieceTokenizer.fromTokenizerJson(
      join(options.modelDir, 'tokenizer.json'),
      maxLength,
    );
  }

  /** Where the session's graph found the weights, once it exists (see createSession). */
  get weights(): WeightsSource | null {
    return this.weightsSource;
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
    const batches = this.batches(encoded);
    const urgent = batches.length === 1;
    const out = new Array<number[]>(texts.length);
    for (const batch of batches) {
      await this.acquire(urgent);
      try {
        signal?.throwIfAborted();
        for (const { i, vector } of await this.runBatch(session, batch)) out[i] = vector;
      } finally {
        this.release();
      }
    }
    return out;
  }

  /** Splits length-sorted texts so that no run exceeds batchSize rows or maxBatchTokens padded pieces. */
  private batches<T extends { ids: number[] }>(sorted: T[]): T[][] {
    const batches: T[][] = [];
    let current: T[] = [];
    for (const e of sorted) {
      // Sorted ascending, so the newest text sets the padded length.
      if (
        current.length &&
        (current.length >= this.batchSize || (current.length + 1) * e.ids.length > this.maxBatchTokens)
      ) {
        batches.push(current);
        current = [];
      }
      current.push(e);
    }
    if (current.length) batches.push(current);
    return batches;
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
    this.session ??= this.createSession().catch((err: unknown) => {
      this.session = undefined;
      throw err;
    });
    return this.session;
  }

  /**
   * Prefers a few-KB graph that points into model.safetensors: neither thread's JavaScript
   * heap then holds the 90 MB of weights, and onnxruntime maps the file, so only the
   * word-embedding rows in use stay resident. onnxruntime finds external data only in the
   * graph's own folder (never through a symlink out of it, as in a Hugging Face cache), so
   * the graph goes next to the weights, else into a private temporary folder with a hard
   * link to (or a copy of) them, removed once the session holds the weights. Inline
   * weights in the model bytes are the last resort.
   */
  private async createSession(): Promise<OnnxWorkerSession> {
    const options = { intraOpThreads: this.options.threads ?? 1, output: BERT_GRAPH_IO.embeddings };
    const { modelDir } = this.options;
    const graph = buildBertSentenceEncoder(modelDir, { external: { location: 'model.safetensors' } });
    const placements = [
      { source: 'model-dir' as const, place: () => writeGraph(modelDir, graph) },
      {
        source: 'temp-dir' as const,
        place: () => graphInTempDir(modelDir, graph, this.options.scratchDir ?? tmpdir()),
      },
    ];
    for (const { source, place } of placements) {
      let placed: { path: string; cleanup: () => void } | null = null;
      try {
        placed = place();
        const session = await OnnxWorkerSession.create({ path: placed.path }, options);
        this.weightsSource = source;
        return session;
      } catch {
        // Next placement: a real problem with the weights fails the inline build too.
      } finally {
        placed?.cleanup();
      }
    }
    const session = await OnnxWorkerSession.create(buildBertSentenceEncoder(modelDir, 'inline'), options);
    this.weightsSource = 'inline';
    return session;
  }
}

/** Written beside model.safetensors atomically; rewritten on every start, so a graph from an older version never lingers. */
function writeGraph(dir: string, graph: Uint8Array): { path: string; cleanup: () => void } {
  const path = join(dir, ENCODER_FILE);
  const temp = `${path}.${process.pid}.${randomUUID()}.tmp`;
  try {
    writeFileSync(temp, graph);
    renameSync(temp, path);
  } catch (err) {
    rmSync(temp, { force: true });
    throw err;
  }
  return { path, cleanup: () => undefined };
}

function graphInTempDir(
  modelDir: string,
  graph: Uint8Array,
  scratchDir: string,
): { path: string; cleanup: () => void } {
  const dir = mkdtempSync(join(scratchDir, 'andon-minilm-'));
  // Linux lets onnxruntime keep its mapping of the removed file; elsewhere the folder may stay.
  const cleanup = (): void => {
    try {
      rmSync(dir, { recursive: true, force: true });
    } catch {
      // best effort
    }
  };
  try {
    const weights = realpathSync(join(modelDir, 'model.safetensors'));
    try {
      linkSync(weights, join(dir, 'model.safetensors'));
    } catch {
      copyFileSync(weights, join(dir, 'model.safetensors')); // another file system
    }
    return { ...writeGraph(dir, graph), cleanup };
  } catch (err) {
    cleanup();
    throw err;
  }
}
