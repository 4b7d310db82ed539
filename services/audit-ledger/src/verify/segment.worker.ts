import { parentPort } from 'node:worker_threads';
import { openDocumentStore } from '@andon/persistence';
import type { StoredEntry } from '../chain/chain-format';
import { verifyRange } from './range-verifier';
import type { SegmentJob, SegmentReply } from './segment-worker-pool';

/** Worker thread of SegmentWorkerPool: per job, its own connection, one segment, one reply. */
async function run(job: SegmentJob): Promise<SegmentReply> {
  const store = await openDocumentStore(job.location);
  try {
    const docs = await store.collection<StoredEntry>(job.collection);
    const range =
      job.toSeq === undefined ? { fromSeq: job.fromSeq } : { fromSeq: job.fromSeq, toSeq: job.toSeq };
    return { ok: true, result: await verifyRange(docs, job.chain, range) };
  } finally {
    await store.close();
  }
}

parentPort?.on('message', (job: SegmentJob) => {
  run(job)
    .catch((err: unknown): SegmentReply => ({
      ok: false,
      error: err instanceof Error ? (err.stack ?? err.message) : String(err),
    }))
    .then((reply) => parentPort?.postMessage(reply));
});
