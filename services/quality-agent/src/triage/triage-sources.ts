import type { AgentSource } from '@andon/agent-kit';
import { eventEvidence, recordEvidence } from '@andon/agent-kit';
import type { FailedCheck } from './failed-checks.repository';
import type { AffectedLot, LotLink } from './genealogy.repository';
import type { SimilarNcr } from './ncr-history.repository';

/** Source ids are `<system>:<record>:<id>`, stable across runs, so call records can be joined to evidence. */
/**
 * A past NCR as a source. Its description was flagged when it was first triaged (an
 * injection or a forbidden instruction in the text): it stays flagged here, so the
 * description is not put in the prompt again and the source is marked for the gateway.
 */
export function similarNcrSource({ record, shared }: SimilarNcr): AgentSource {
  const description = record.flagged
    ? '(description withheld: flagged when this NCR was triaged)'
    : record.description;
  const text = `${record.ncrId} (${record.category}, ${record.severity}) on ${record.product || record.line}${record.supplier ? ` from ${record.supplier}` : ''}, lots ${record.lotIds.join(', ') || 'none'}: ${description}. It shares ${shared.join(', ')} with the new report.`;
  return {
    source: {
      id: `qms:ncr:${record.ncrId}`,
      kind: 'ncr',
      title: `Past NCR ${record.ncrId}`,
      text,
      data: { occurredAt: new Date(record.occurredAt).toISOString() },
      ...(record.flagged ? { flagged: true } : {}),
    },
    evidence: recordEvidence(record.ncrId, text),
  };
}

export function genealogySourceId(link: Pick<LotLink, 'parentLotId' | 'childLotId'>): string {
  return `mes:genealogy:${link.parentLotId}>${link.childLotId}`;
}

export function genealogySource(link: LotLink): AgentSource {
  const text = `Lot ${link.parentLotId} was consumed into lot ${link.childLotId}${link.materialId ? ` as material ${link.materialId}` : ''}.`;
  return {
    source: {
      id: genealogySourceId(link),
      kind: 'batch-genealogy',
      title: `Genealogy ${link.parentLotId} to ${link.childLotId}`,
      text,
    },
    evidence: eventEvidence(link.eventId, text),
  };
}

export function failedCheckSource(check: FailedCheck): AgentSource {
  const limits = `${check.lowerSpecLimit ?? 'no lower limit'} to ${check.upperSpecLimit ?? 'no upper limit'}`;
  const text = `Check ${check.checkId || check.eventId}: ${check.characteristic} measured ${check.measuredValue} ${check.unit} on lot ${check.lotId}, limits ${limits}; failed.`;
  return {
    source: {
      id: `qms:check:${check.checkId || check.eventId}`,
      kind: 'inspection',
      title: `Failed ${check.characteristic} check on ${check.lotId}`,
      text,
      data: {
        measuredValue: check.measuredValue,
        ...(check.lowerSpecLimit !== undefined ? { lowerSpecLimit: check.lowerSpecLimit } : {}),
        ...(check.upperSpecLimit !== undefined ? { upperSpecLimit: check.upperSpecLimit } : {}),
      },
    },
    evidence: eventEvidence(check.eventId, text),
  };
}

export function supplierSource(supplier: string, lotIds: readonly string[]): AgentSource {
  const text = `The material of lot ${lotIds.join(', ')} was supplied by ${supplier}.`;
  return {
    source: { id: `erp:supplier:${supplier}`, kind: 'supplier', title: `Supplier ${supplier}`, text },
    evidence: recordEvidence(`supplier:${supplier}`, text),
  };
}

/** Links that explain how each non-listed lot was reached, without repeats. */
export function genealogyLinks(affected: readonly AffectedLot[]): LotLink[] {
  const seen = new Set<string>();
  const out: LotLink[] = [];
  for (const lot of affected) {
    if (lot.via && !seen.has(lot.via._id)) {
      seen.add(lot.via._id);
      out.push(lot.via);
    }
  }
  return out;
}
