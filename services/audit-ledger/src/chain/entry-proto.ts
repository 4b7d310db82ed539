import { LedgerEntry, LedgerEntryKind } from '@andon/contracts';
import type { StoredEntry } from './chain-format';

const KIND_ENUMS: Readonly<Partial<Record<string, LedgerEntryKind>>> = {
  'action.proposed': LedgerEntryKind.ACTION_PROPOSED,
  'action.decided': LedgerEntryKind.ACTION_DECIDED,
  'action.executed': LedgerEntryKind.ACTION_EXECUTED,
  // A refusal is the executed topic's answer too; the entry's payload says REFUSED.
  'action.refused': LedgerEntryKind.ACTION_EXECUTED,
  recommendation: LedgerEntryKind.RECOMMENDATION,
  'llm.call': LedgerEntryKind.LLM_CALL,
  'document.published': LedgerEntryKind.DOCUMENT_PUBLISHED,
  'shift.acknowledged': LedgerEntryKind.SHIFT_ACKNOWLEDGED,
};

/**
 * The entry on the wire. `payload` carries the stored canonical JSON text, so the
 * contract's payload_hash = sha256(payload) holds byte for byte; payload_type names the
 * message the JSON describes (docs/adr/0011-writeback-and-ledger.md).
 */
export function entryProto(doc: StoredEntry): LedgerEntry {
  let payloadType = '';
  try {
    const parsed = JSON.parse(doc.payloadJson) as { type?: unknown };
    if (typeof parsed.type === 'string') payloadType = parsed.type;
  } catch {
    // A tampered payload still goes out as stored; verification will name it.
  }
  return LedgerEntry.fromPartial({
    seq: doc.seq,
    entryId: doc._id,
    kind: KIND_ENUMS[doc.kind] ?? LedgerEntryKind.UNSPECIFIED,
    subjectId: doc.subjectId,
    payloadHash: doc.payloadHash,
    prevHash: doc.prevHash,
    hash: doc.hash,
    recordedAt: new Date(doc.at),
    site: doc.site,
    correlationId: doc.correlationId,
    payload: Buffer.from(doc.payloadJson, 'utf8'),
    payloadType,
  });
}
