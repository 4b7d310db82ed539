// @andon/governance/ledger: the hash-chained ledger — entry format, sealing, the one appender,
// verification and signed checkpoints.

export {
  Ledger,
  LedgerContentionError,
  LEDGER_COLLECTION,
  type LedgerOptions,
  type AppendInput,
  type LedgerQuery,
} from './ledger';
export {
  LEDGER_KINDS,
  GENESIS_HASH,
  entryId,
  seqFromId,
  canonicalHeader,
  headerHash,
  sealEntry,
  entryOf,
  type LedgerKind,
  type LedgerEntry,
  type EntryHeader,
  type LedgerDocument,
  type EntryFields,
  type ChainHead,
  type NewEntry,
} from './ledger-entry';
export {
  ChainAppender,
  type ChainAppenderOptions,
  type SealedItem,
  type BeforeInsert,
} from './chain-appender';
export {
  checkEntry,
  type ChainVerification,
  type ChainBreak,
  type ChainAnchor,
  type EntryProblem,
  type EntryToCheck,
} from './verify-chain';
export { verifyExport } from './verify-export';
export {
  signCheckpoint,
  verifyCheckpoint,
  checkpointStatement,
  CHECKPOINT_TYPE,
  type SignedCheckpoint,
  type CheckpointVerification,
} from './checkpoint';
