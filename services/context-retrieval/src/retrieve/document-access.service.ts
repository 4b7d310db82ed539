import { Inject, Injectable, Optional } from '@nestjs/common';
import { SERVICE_CLOCK, systemClock, type Clock } from '@andon/service-kit';
import { KNOWLEDGE_INDEX } from '../context-retrieval.tokens';
import { ALL_SITES, effectiveClearance, isInvestigator, type CallerContext } from '../domain/access-policy';
import {
  classificationRank,
  displayStatus,
  isEffectiveAt,
  type DocStatus,
  type StoredRevision,
} from '../domain/knowledge-chunk';
import type { KnowledgeIndex } from '../knowledge-index/knowledge-index.port';

export interface RevisionView extends StoredRevision {
  /** Status shown to the reader (superseded approved revisions read "obsolete"). */
  displayStatus: DocStatus;
  effective: boolean;
}

export type DocumentAccessResult =
  | {
      ok: true;
      revision: RevisionView;
      revisions: {
        revision: string;
        displayStatus: DocStatus;
        effective: boolean;
        effectiveFrom: number;
        effectiveTo: number | null;
      }[];
    }
  | {
      ok: false;
      status: 403 | 404;
      reason: 'not_found' | 'caller_not_cleared' | 'not_investigation_role';
      message: string;
    };

/**
 * The exact text of one revision, for click-through from a citation, under the same
 * rules as retrieval: site scope, clearance, and draft/superseded text only for
 * investigation roles. Without a revision, the one in force now.
 */
@Injectable()
export class DocumentAccess {
  constructor(
    @Inject(KNOWLEDGE_INDEX) private readonly index: KnowledgeIndex,
    @Optional() @Inject(SERVICE_CLOCK) private readonly clock: Clock = systemClock,
  ) {}

  async get(caller: CallerContext, documentId: string, revision?: string): Promise<DocumentAccessResult> {
    const clearance = effectiveClearance(caller);
    if (clearance === null || caller.sites.length === 0)
      return {
        ok: false,
        status: 403,
        reason: 'caller_not_cleared',
        message: 'no Andon role or no site in scope',
      };
    const at = this.clock.now().getTime();
    const investigator = isInvestigator(caller.roles);
    const visible = (r: StoredRevision) =>
      (r.site === '' || caller.sites.includes(ALL_SITES) || caller.sites.includes(r.site)) &&
      classificationRank(r.classification) <= classificationRank(clearance);
    const all = (await this.index.listRevisions(documentId)).filter(visible);
    // Not visible and not existing look the same, so ids cannot be probed across sites.
    if (all.length === 0)
      return { ok: false, status: 404, reason: 'not_found', message: `no document ${documentId}` };
    const listed = investigator ? all : all.filter((r) => isEffectiveAt(r, at));
    const chosen = revision
      ? all.find((r) => r.revision === revision)
      : (all.filter((r) => isEffectiveAt(r, at)).pop() ?? (investigator ? all[all.length - 1] : undefined));
    if (!chosen)
      return {
        ok: false,
        status: 404,
        reason: 'not_found',
        message: revision
          ? `no revision ${revision} of ${documentId}`
          : `${documentId} has no revision in force`,
      };
    const effective = isEffectiveAt(chosen, at);
    if (!effective && !investigator) {
      return {
        ok: false,
        status: 403,
        reason: 'not_investigation_role',
        message: `${documentId} revision ${chosen.revision} is not in force; only investigation roles may read it`,
      };
    }
    return {
      ok: true,
      revision: { ...chosen, displayStatus: displayStatus(chosen, at), effective },
      revisions: listed.map((r) => ({
        revision: r.revision,
        displayStatus: displayStatus(r, at),
        effective: isEffectiveAt(r, at),
        effectiveFrom: r.effectiveFrom,
        effectiveTo: r.effectiveTo,
      })),
    };
  }
}
