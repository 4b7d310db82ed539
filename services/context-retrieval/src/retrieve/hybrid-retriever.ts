import { Inject, Injectable, Optional } from '@nestjs/common';
import type { EmbeddingsPort } from '@andon/llm';
import { EMBEDDINGS, KNOWLEDGE_INDEX, RETRIEVER_OPTIONS } from '../context-retrieval.tokens';
import type { Logger } from '@andon/observability';
import { extractIdentifiers } from '../domain/identifiers';
import { displayStatus, isEffectiveAt, type DocStatus } from '../domain/knowledge-chunk';
import type { IndexFilter, KnowledgeIndex, ScoredChunk } from '../knowledge-index/knowledge-index.port';
import { DEFAULT_FUSION, fuse, type FusionPolicy } from './fusion-policy';
import type { RankedList, RetrieverName } from './reciprocal-rank-fusion';

export type HitRetriever = RetrieverName | 'both';

/** A ranked chunk with the lineage every consumer (agent, console, audit) needs. */
export interface RankedHit {
  chunk: ScoredChunk['chunk'];
  /** Fused score (per the fusion policy, plus the exact-identifier boost). */
  score: number;
  retriever: HitRetriever;
  ranks: Partial<Record<RetrieverName, { rank: number; score: number }>>;
  /** Query identifiers this chunk contains verbatim. */
  identifierMatches: string[];
  /** Status shown to the reader (an approved revision past its window reads "obsolete"). */
  status: DocStatus;
  /** Approved and in force at the query's instant. */
  effective: boolean;
}

export interface SearchOptions {
  topK: number;
  /** The instant effectiveness is judged at. */
  at: number;
  /**
   * Keep only the newest effective revision per document. While a new revision is being
   * rolled in, old and new may both be effective for a moment; readers see the new one.
   */
  newestRevisionOnly: boolean;
}

export interface HybridRetrieverOptions {
  /** Candidates fetched from each retriever before fusion. */
  candidates?: number;
  /** How the two lists are fused (default: unweighted RRF, k = 60). */
  fusion?: FusionPolicy;
  log?: Logger;
}

/**
 * BM25 and (when embeddings are configured) vector search over one filtered index,
 * fused by reciprocal rank, with a boost for exact identifier matches so "A-200" or
 * "a-l1-m2" finds the chunk that names it even when the vector list disagrees.
 */
@Injectable()
export class HybridRetriever {
  private readonly candidates: number;

  constructor(
    @Inject(KNOWLEDGE_INDEX) private readonly index: KnowledgeIndex,
    @Inject(EMBEDDINGS) private readonly embeddings: EmbeddingsPort | null,
    @Optional() @Inject(RETRIEVER_OPTIONS) private readonly options: HybridRetrieverOptions = {},
  ) {
    this.candidates = options.candidates ?? 50;
  }

  get vectorEnabled(): boolean {
    return this.embeddings !== null && this.index.vectorDims !== null;
  }

  async search(query: string, filter: IndexFilter, options: SearchOptions): Promise<RankedHit[]> {
    const identifiers = extractIdentifiers(query);
    const [bm25, vector] = await Promise.all([
      this.index.keywordSearch({ text: query, identifiers }, filter, this.candidates),
      this.vectorCandidates(query, filter),
    ]);
    const lists: RankedList<ScoredChunk['chunk']>[] = [
      {
        retriever: 'bm25',
        items: bm25.map((h) => ({ key: h.chunk.chunkId, item: h.chunk, score: h.score })),
      },
      {
        retriever: 'vector',
        items: vector.map((h) => ({ key: h.chunk.chunkId, item: h.chunk, score: h.score })),
      },
    ];
    const wanted = new Set(identifiers);
    const { fused, identifierBoost } = fuse(this.options.fusion ?? DEFAULT_FUSION, lists, wanted.size > 0);
    let hits: RankedHit[] = fused.map((f) => {
      const identifierMatches = f.item.identifiers.filter((id) => wanted.has(id));
      const bm25Rank = f.ranks.bm25;
      const vectorRank = f.ranks.vector;
      return {
        chunk: f.item,
        score: f.score + (wanted.size ? (identifierMatches.length / wanted.size) * identifierBoost : 0),
        retriever: bm25Rank && vectorRank ? 'both' : bm25Rank ? 'bm25' : 'vector',
        ranks: f.ranks,
        identifierMatches,
        status: displayStatus(f.item, options.at),
        effective: isEffectiveAt(f.item, options.at),
      };
    });
    if (options.newestRevisionOnly) hits = newestRevisions(hits);
    return hits
      .sort((a, b) => b.score - a.score || a.chunk.chunkId.localeCompare(b.chunk.chunkId))
      .slice(0, options.topK);
  }

  private async vectorCandidates(query: string, filter: IndexFilter): Promise<ScoredChunk[]> {
    if (!this.embeddings || this.index.vectorDims === null) return [];
    try {
      const [vector] = await this.embeddings.embed([query]);
      return vector ? await this.index.vectorSearch(vector, filter, this.candidates) : [];
    } catch (err) {
      // Keyword search still answers when the embeddings endpoint is down.
      this.options.log?.warn({ err }, 'query embedding failed; answering with BM25 only');
      return [];
    }
  }
}

function newestRevisions(hits: RankedHit[]): RankedHit[] {
  const newest = new Map<string, { revision: string; from: number }>();
  for (const h of hits) {
    if (h.chunk.kind !== 'document') continue;
    const seen = newest.get(h.chunk.documentId);
    if (
      !seen ||
      h.chunk.effectiveFrom > seen.from ||
      (h.chunk.effectiveFrom === seen.from && h.chunk.revision > seen.revision)
    ) {
      newest.set(h.chunk.documentId, { revision: h.chunk.revision, from: h.chunk.effectiveFrom });
    }
  }
  return hits.filter(
    (h) => h.chunk.kind !== 'document' || newest.get(h.chunk.documentId)?.revision === h.chunk.revision,
  );
}
