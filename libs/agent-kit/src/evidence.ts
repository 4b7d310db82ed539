import { EvidenceKind, EvidenceRef } from '@andon/contracts';
import {
  procedureSource,
  type CatalogueStep,
  type ProcedureRevisionText,
  type SourceRecord,
} from '@andon/llm';
import type { DecodedPlantEvent } from './plant-event.decoder';

/**
 * A record the agent passes to the gateway together with the evidence reference that
 * points at it. Sources become S1..Sn in the order given and the triggering event is
 * S0's evidence, so `[Sn]` markers in a rationale match evidence[n].
 */
export interface AgentSource {
  source: SourceRecord;
  evidence: EvidenceRef;
}

const EXCERPT_MAX = 200;

function excerpt(text: string): string {
  return text.length <= EXCERPT_MAX ? text : `${text.slice(0, EXCERPT_MAX - 1)}…`;
}

export function eventEvidence(eventId: string, text: string): EvidenceRef {
  return EvidenceRef.fromPartial({ kind: EvidenceKind.EVENT, id: eventId, excerpt: excerpt(text) });
}

export function recordEvidence(recordId: string, text: string): EvidenceRef {
  return EvidenceRef.fromPartial({ kind: EvidenceKind.RECORD, id: recordId, excerpt: excerpt(text) });
}

/**
 * Evidence in citation order: the trigger (S0), then every source (S1..Sn), each carrying
 * its label so a consumer can resolve "[S2]" without counting. A source the caller marked
 * flagged (text an earlier call flagged) says so.
 */
export function evidenceInCitationOrder(
  trigger: DecodedPlantEvent,
  triggerText: string,
  sources: readonly AgentSource[],
): EvidenceRef[] {
  return [
    { ...eventEvidence(trigger.eventId, triggerText), label: 'S0' },
    ...sources.map((s, i) => ({
      ...s.evidence,
      label: `S${i + 1}`,
      ...(s.source.flagged ? { flagged: true } : {}),
    })),
  ];
}

/** The label a source gets from the gateway (S1 for the first source). */
export function labelOf(
  sources: readonly AgentSource[],
  predicate: (s: AgentSource) => boolean,
): string | undefined {
  const i = sources.findIndex(predicate);
  return i < 0 ? undefined : `S${i + 1}`;
}

/** A procedure revision as a source whose steps a use case may select (`SOP-Q-001@D#2`). */
export function procedureAgentSource(rev: ProcedureRevisionText): AgentSource {
  return {
    source: procedureSource(rev),
    evidence: EvidenceRef.fromPartial({
      kind: EvidenceKind.DOCUMENT,
      id: rev.documentId,
      revision: rev.revision,
      excerpt: excerpt(`${rev.title} (${rev.documentId} rev ${rev.revision})`),
    }),
  };
}

/**
 * A recommended step as evidence: the procedure's document, revision, step and wording,
 * with the label of the source it came from, so a consumer can show where a step is from.
 */
export function stepEvidence(step: CatalogueStep): EvidenceRef {
  return EvidenceRef.fromPartial({
    kind: EvidenceKind.DOCUMENT,
    id: step.documentId,
    revision: step.revision,
    step: String(step.position),
    label: step.label,
    excerpt: excerpt(step.text),
  });
}
