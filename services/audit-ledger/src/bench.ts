// What bench/ measures inside this service, named here so that a change to these parts
// shows its benchmark at compile time. Imported as '@andon/service-audit-ledger/bench' by bench/ only
// (an Nx project, tags type:bench); never by production code or other services.
export { ChainAppender } from '@andon/governance/ledger';
export {
  canonicalHeader,
  sealEntry,
  type ChainHead,
  type EntryFields,
  type NewEntry,
} from './chain/chain-format';
export { entryFor } from './record/governed-events';
export { LedgerRecorder } from './record/ledger-recorder';
export { verifyRangeInParallel } from './verify/parallel-range-verifier';
export { verifyRange, type RangeVerification } from './verify/range-verifier';
export { SegmentWorkerPool } from './verify/segment-worker-pool';
