// @andon/governance/canonical: canonical JSON, hashing and the action hash every part of
// governance signs, seals or chains.

export type { JsonValue, JsonObject } from '../model/json';

export { canonicalize, CanonicalizationError } from './canonical-json';
export { sha256Hex } from './sha256';
export { ambiguousJsonProblems } from './strict-json';
export {
  actionHash,
  type ActionForHash,
  type EvidenceRef,
  type MesCall,
  type GenerationMetadata,
  type ActionLocation,
} from './action-hash';
