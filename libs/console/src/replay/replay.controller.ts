import { Controller, Get, Inject, Param, Query } from '@nestjs/common';
import { z } from 'zod';
import { hasSite, STAFF_ROLES, type Principal } from '@andon/governance/auth';
import { CurrentPrincipal, ServiceError, ZodValidationPipe } from '@andon/service-kit';

/** The decision-replay desk behind the view (libs/llm ReplayDesk, structurally). */
export interface ReplayDeskPort {
  rebuild(subjectId: string): Promise<{ subject: { id: string; kind: string; site: string } }>;
  replay(
    subjectId: string,
    options: { prompt: 'recorded' | 'current'; model: 'recorded' | 'current' },
  ): Promise<{ subject: { id: string; kind: string; site: string } }>;
}

export const REPLAY_DESK = Symbol('ReplayDesk');

/** Who may see what produced a decision: the people who review, sign and audit decisions (not operators). */
const ROLES = STAFF_ROLES;

const replayQuery = z.object({
  prompt: z.enum(['recorded', 'current']).default('recorded'),
  model: z.enum(['recorded', 'current']).default('recorded'),
  /** `false`: rebuild only (what produced it), no re-run. */
  rerun: z.enum(['true', 'false']).default('true'),
});

/**
 * Decision replay (`andon replay <id>` reads the same route): what produced a proposal,
 * recommendation or LLM call, rebuilt from the ledger and the capture store, and its
 * re-run under the recorded or the current prompt and model with the differences. A GET:
 * it proposes, publishes, records and executes nothing. Authenticated by the kit's guard;
 * the subject's site must be one of the caller's.
 */
@Controller('api/console/replay')
export class ReplayController {
  constructor(@Inject(REPLAY_DESK) private readonly desk: ReplayDeskPort) {}

  @Get(':id')
  async replay(
    @CurrentPrincipal() caller: Principal,
    @Param('id') id: string,
    @Query(new ZodValidationPipe(replayQuery, 'BAD_REQUEST')) query: z.infer<typeof replayQuery>,
  ): Promise<unknown> {
    if (!caller.roles.some((r) => ROLES.includes(r)))
      throw new ServiceError(403, 'FORBIDDEN', `replay needs one of the roles ${ROLES.join(', ')}`);
    let rebuilt: { subject: { site: string } };
    try {
      rebuilt = await this.desk.rebuild(id);
    } catch (err) {
      if (err instanceof Error && err.name === 'ReplayNotFoundError')
        throw new ServiceError(404, 'NOT_FOUND', err.message);
      throw err;
    }
    // Out-of-scope subjects answer like missing ones: the id must not reveal another site's decisions.
    if (!hasSite(caller, rebuilt.subject.site))
      throw new ServiceError(404, 'NOT_FOUND', `nothing in the ledger has subject ${id}`);
    if (query.rerun === 'false') return rebuilt;
    return this.desk.replay(id, { prompt: query.prompt, model: query.model });
  }
}
