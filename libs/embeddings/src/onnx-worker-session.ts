import { Worker } from 'node:worker_threads';

export interface OnnxWorkerOptions {
  intraOpThreads: number;
  /** The graph output read back. */
  output: string;
}

export type WorkerTensor =
  | { type: 'int64'; data: BigInt64Array; dims: number[] }
  | { type: 'float32'; data: Float32Array; dims: number[] };
export type WorkerOutput = Float32Array | BigInt64Array;

type Reply = { id: number; ok: true; data?: WorkerOutput } | { id: number; ok: false; error: string };

/*
 * Plain JavaScript, evaluated as the worker's main script, so it needs no TypeScript
 * loader in production or under Jest. It only holds the session: tokenizing and graph
 * building stay in TypeScript on the caller's side.
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const ort = require(workerData.ortPath);
let session;
parentPort.on('message', async (msg) => {
  try {
    if (msg.type === 'init') {
      session = await ort.InferenceSession.create(msg.path ?? new Uint8Array(msg.model), msg.sessionOptions);
      msg.model = undefined;
      parentPort.postMessage({ id: msg.id, ok: true });
    } else if (msg.type === 'run') {
      const feeds = {};
      for (const [name, t] of Object.entries(msg.feeds)) {
        feeds[name] = new ort.Tensor(t.type, t.type === 'int64' ? new BigInt64Array(t.buffer) : new Float32Array(t.buffer), t.dims);
      }
      const result = await session.run(feeds, [msg.output]);
      const data = result[msg.output].data.slice();
      parentPort.postMessage({ id: msg.id, ok: true, data }, [data.buffer]);
    }
  } catch (err) {
    parentPort.postMessage({ id: msg.id, ok: false, error: String((err && err.stack) || err) });
  }
});
`;

/**
 * One onnxruntime-node InferenceSession in a worker thread. Two reasons: the binding's
 * run() is synchronous on the calling thread (a batch of 16 chunks blocked the event loop
 * for ~1.6 s), and under Jest its typed arrays come from another realm, which
 * onnxruntime-common's instanceof checks reject. Callers must not overlap run() calls.
 */
export class OnnxWorkerSession {
  private readonly worker: Worker;
  private readonly pending = new Map<number, { resolve: (r: Reply) => void; reject: (e: Error) => void }>();
  private nextId = 0;
  private failure: Error | undefined;

  private constructor(private readonly options: OnnxWorkerOptions) {
    this.worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: { ortPath: require.resolve('onnxruntime-node') },
    });
    this.worker.unref();
    this.worker.on('message', (reply: Reply) => {
      const waiter = this.pending.get(reply.id);
      this.pending.delete(reply.id);
      if (this.pending.size === 0) this.worker.unref();
      waiter?.resolve(reply);
    });
    const fail = (err: Error): void => {
      this.failure ??= err;
      for (const waiter of this.pending.values()) waiter.reject(err);
      this.pending.clear();
    };
    this.worker.on('error', fail);
    this.worker.on('exit', (code) => fail(new Error(`onnxruntime worker exited (code ${code})`)));
  }

  /**
   * `model` is the model's bytes, taken over (the buffer is transferred to the worker), or
   * the path of an .onnx file, which onnxruntime reads itself: the only way its external
   * data (weights left in another file next to it) can be found.
   */
  static async create(
    model: Uint8Array | { path: string },
    options: OnnxWorkerOptions,
  ): Promise<OnnxWorkerSession> {
    const session = new OnnxWorkerSession(options);
    try {
      const sessionOptions = {
        intraOpNumThreads: options.intraOpThreads,
        interOpNumThreads: 1,
        graphOptimizationLevel: 'all',
        executionProviders: ['cpu'],
      };
      if ('path' in model) {
        await session.call({ type: 'init', path: model.path, sessionOptions }, []);
        return session;
      }
      const buffer =
        model.byteOffset === 0 && model.byteLength === model.buffer.byteLength
          ? model.buffer
          : new Uint8Array(model).buffer; // (Buffer#slice would not copy)
      await session.call({ type: 'init', model: buffer, sessionOptions }, [buffer as ArrayBuffer]);
      return session;
    } catch (err) {
      await session.close();
      throw err;
    }
  }

  /** Returns the output tensor's data, row-major. The feeds' buffers are transferred (unusable afterwards). */
  async run(feeds: Record<string, WorkerTensor>): Promise<WorkerOutput> {
    const wire: Record<string, { type: string; buffer: ArrayBuffer; dims: number[] }> = {};
    const transfer: ArrayBuffer[] = [];
    for (const [name, t] of Object.entries(feeds)) {
      // A fresh copy when the data is a view into a larger buffer.
      const buffer = (
        t.data.byteOffset === 0 && t.data.byteLength === t.data.buffer.byteLength
          ? t.data.buffer
          : t.data.slice().buffer
      ) as ArrayBuffer;
      wire[name] = { type: t.type, buffer, dims: t.dims };
      transfer.push(buffer);
    }
    const reply = await this.call({ type: 'run', feeds: wire, output: this.options.output }, transfer);
    if (!reply.data) throw new Error('onnxruntime worker returned no output');
    return reply.data;
  }

  async close(): Promise<void> {
    await this.worker.terminate();
  }

  private call(message: Record<string, unknown>, transfer: ArrayBuffer[]): Promise<Reply & { ok: true }> {
    if (this.failure) return Promise.reject(this.failure);
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve: (r) => (r.ok ? resolve(r) : reject(new Error(r.error))), reject });
      // Referenced only while a call is in flight: an idle embedder never keeps the process alive.
      this.worker.ref();
      this.worker.postMessage({ ...message, id }, transfer);
    });
  }
}
