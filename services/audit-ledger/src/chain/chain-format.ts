/*
 * The chain's storage format, sealing and appending live in one place: libs/governance's
 * ledger (docs/adr/0006 §4). This service writes through its ChainAppender and checks with
 * its checkEntry; these names are the ones the service's modules read.
 */
export {
  canonicalHeader,
  entryId,
  headerHash,
  seqFromId,
  sealEntry,
  type ChainHead,
  type EntryFields,
  type LedgerDocument as StoredEntry,
  type NewEntry,
} from '@andon/governance/ledger';
export { sha256Hex as sha256 } from '@andon/governance/canonical';
