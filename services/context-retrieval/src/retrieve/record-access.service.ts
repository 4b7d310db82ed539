import { Inject, Injectable } from '@nestjs/common';
import { KNOWLEDGE_INDEX } from '../context-retrieval.tokens';
import { ALL_SITES, effectiveClearance, type CallerContext } from '../domain/access-policy';
import { classificationRank, type KnowledgeChunk } from '../domain/knowledge-chunk';
import type { KnowledgeIndex } from '../knowledge-index/knowledge-index.port';

export type RecordView = Omit<KnowledgeChunk, 'embedding'>;

export type RecordAccessResult =
  | { ok: true; record: RecordView }
  | { ok: false; status: 403 | 404; reason: 'not_found' | 'caller_not_cleared'; message: string };

const RECORD_PREFIX = 'event:';

/** `event:<eventId>` for either form, so a console may link with the bare event id. */
export function recordChunkId(id: string): string {
  return id.startsWith(RECORD_PREFIX) ? id : `${RECORD_PREFIX}${id}`;
}

/**
 * One operational record (an indexed plant event), for click-through from a citation,
 * under the same rules as documents: site scope and clearance. Records are facts, so
 * there is no effective window or investigation-role rule to apply.
 */
@Injectable()
export class RecordAccess {
  constructor(@Inject(KNOWLEDGE_INDEX) private readonly index: KnowledgeIndex) {}

  async get(caller: CallerContext, id: string): Promise<RecordAccessResult> {
    const clearance = effectiveClearance(caller);
    if (clearance === null || caller.sites.length === 0)
      return {
        ok: false,
        status: 403,
        reason: 'caller_not_cleared',
        message: 'no Andon role or no site in scope',
      };
    const chunkId = recordChunkId(id);
    const chunk = await this.index.getChunk(chunkId);
    const visible =
      chunk !== null &&
      chunk.kind === 'record' &&
      (chunk.site === '' || caller.sites.includes(ALL_SITES) || caller.sites.includes(chunk.site)) &&
      classificationRank(chunk.classification) <= classificationRank(clearance);
    // Not visible and not existing look the same, so ids cannot be probed across sites.
    if (!visible) return { ok: false, status: 404, reason: 'not_found', message: `no record ${chunkId}` };
    return { ok: true, record: chunk };
  }
}
