import { convexCombination } from './convex-combination';
import {
  reciprocalRankFusion,
  type Fused,
  type RankedList,
  type RetrieverName,
} from './reciprocal-rank-fusion';

export type ListWeights = Record<RetrieverName, number>;

/**
 * How the BM25 and vector lists become one ranking.
 * - `rrf`: weighted reciprocal rank fusion, ranks only.
 * - `convex`: a weighted sum of each list's scores normalised to [0, 1].
 * `proseWeights` apply to queries with no exact identifier in them ("the press keeps
 * stopping"), `weights` to the others ("A-410 on the molding machine").
 */
export type FusionPolicy =
  | { method: 'rrf'; k?: number; weights?: ListWeights; proseWeights?: ListWeights; identifierBoost?: number }
  | {
      method: 'convex';
      weights?: ListWeights;
      proseWeights?: ListWeights;
      identifierBoost?: number;
      vectorFloor?: number;
    };

export const DEFAULT_FUSION: FusionPolicy = { method: 'rrf' };

const EVEN: ListWeights = { bm25: 1, vector: 1 };

export interface FusionOutcome<T> {
  fused: Fused<T>[];
  /** Added per unit of identifier coverage (all query identifiers matched = 1). */
  identifierBoost: number;
}

export function fuse<T>(
  policy: FusionPolicy,
  lists: readonly RankedList<T>[],
  hasIdentifiers: boolean,
): FusionOutcome<T> {
  const weights = (!hasIdentifiers && policy.proseWeights) || policy.weights || EVEN;
  if (policy.method === 'rrf') {
    const k = policy.k ?? 60;
    // By default an exact match of every query identifier is worth a first place in one list.
    return {
      fused: reciprocalRankFusion(lists, k, weights),
      identifierBoost: (policy.identifierBoost ?? 1) / (k + 1),
    };
  }
  return {
    fused: convexCombination(lists, weights, policy.vectorFloor),
    identifierBoost: policy.identifierBoost ?? 1,
  };
}

export interface FusionConfig {
  RETRIEVAL_FUSION: 'auto' | 'rrf' | 'convex';
  RETRIEVAL_VECTOR_WEIGHT: number;
  RETRIEVAL_PROSE_VECTOR_WEIGHT: number;
}

/** The policy a deployment runs: `auto` weights vectors only when they carry meaning. */
export function fusionPolicyFromConfig(config: FusionConfig, semanticEmbeddings: boolean): FusionPolicy {
  const method =
    config.RETRIEVAL_FUSION === 'auto' ? (semanticEmbeddings ? 'convex' : 'rrf') : config.RETRIEVAL_FUSION;
  if (method === 'rrf') return DEFAULT_FUSION;
  // Rounded so 1 - 0.7 reads 0.3 in logs and reports.
  const split = (vector: number): ListWeights => ({ bm25: Math.round((1 - vector) * 1e6) / 1e6, vector });
  return {
    method: 'convex',
    weights: split(config.RETRIEVAL_VECTOR_WEIGHT),
    proseWeights: split(config.RETRIEVAL_PROSE_VECTOR_WEIGHT),
  };
}
