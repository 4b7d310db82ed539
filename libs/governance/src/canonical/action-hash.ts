import type { RiskClass } from '../model/risk-class';
import { normalizeInstant } from '../model/iso-time';
import { canonicalize } from './canonical-json';
import { sha256Hex } from './sha256';

/** A source the proposal relied on (the EvidenceRef contract minus display-only uri/excerpt). */
export interface EvidenceRef {
  /** "event" | "record" | "document" (or the contract enum name; bound as given) */
  kind: string;
  id: string;
  /** documents: the exact revision cited; '' otherwise */
  revision: string;
  /** documents: the chunk within that revision; '' otherwise */
  chunk: string;
}

/** The exact MES call the write-back adapter will make (the MesCall contract). */
export interface MesCall {
  method: string;
  path: string;
  /**
   * Request body as JSON text, bound byte for byte: it is what the adapter sends, and
   * parsing it first would let two bodies that differ in, say, a 20-digit lot number
   * (beyond double precision) share one hash.
   */
  payloadJson: string;
}

/** How the proposal was produced, so a signature also binds the prompt and model. */
export interface GenerationMetadata {
  promptId: string;
  promptVersion: string;
  /** sha256 of the rendered prompt template */
  promptHash: string;
  model: string;
  provider: string;
}

/** ISA-95 location; '' where the action is not scoped to that level. */
export interface ActionLocation {
  enterprise: string;
  site: string;
  area: string;
  line: string;
  cell: string;
}

/**
 * Exactly the fields a decision signature binds. Services map the ProposedAction
 * contract onto this; anything not listed here can change without invalidating an
 * approval, so nothing that affects what the MES does may live outside it.
 */
export interface ActionForHash {
  actionId: string;
  action: {
    /** e.g. "mes.hold_lot" */
    type: string;
    mesCall: MesCall;
  };
  evidence: EvidenceRef[];
  generation: GenerationMetadata;
  location: ActionLocation;
  riskClass: RiskClass;
  /** ISO-8601 instant */
  expiresAt: string;
}

/**
 * sha256 hex of the canonical form. The object is rebuilt field by field so extra
 * properties a caller happens to carry (a proto message, a DB document) never leak
 * into the hash, and timestamps are normalised so equal instants hash equally.
 */
export function actionHash(input: ActionForHash): string {
  const bound = {
    actionId: input.actionId,
    action: {
      type: input.action.type,
      mesCall: {
        method: input.action.mesCall.method,
        path: input.action.mesCall.path,
        payloadJson: input.action.mesCall.payloadJson,
      },
    },
    evidence: input.evidence.map((ref) => ({
      kind: ref.kind,
      id: ref.id,
      revision: ref.revision,
      chunk: ref.chunk,
    })),
    generation: {
      promptId: input.generation.promptId,
      promptVersion: input.generation.promptVersion,
      promptHash: input.generation.promptHash,
      model: input.generation.model,
      provider: input.generation.provider,
    },
    location: {
      enterprise: input.location.enterprise,
      site: input.location.site,
      area: input.location.area,
      line: input.location.line,
      cell: input.location.cell,
    },
    riskClass: input.riskClass,
    expiresAt: normalizeInstant(input.expiresAt, 'expiresAt'),
  };
  return sha256Hex(canonicalize(bound));
}
