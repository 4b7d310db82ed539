import { Body, Controller, Get, HttpCode, Inject, Post, Query } from '@nestjs/common';
import { z } from 'zod';
import { hasSite, type Principal } from '@andon/governance/auth';
import { CurrentPrincipal, ServiceError, ZodValidationPipe } from '@andon/service-kit';

/** One archived dead letter as the console shows it (ingest's DeadLetterItem, structurally). */
export interface DeadLetterView {
  id: string;
  reason: string;
  detail: string;
  message: string;
  failedAt: string;
  sourceTopic: string;
  sourcePosition: string;
  key: string;
  bytes: number;
  preview: string;
  previewTruncated: boolean;
  status: string;
  replayCount: number;
}

/** The dead-letter archive behind the view (ingest's, in the standalone composition). */
export interface DeadLetterDeskPort {
  list(filter: { status: 'pending' | 'replayed' | 'all'; limit: number }): Promise<DeadLetterView[]>;
  replay(
    ids: readonly string[],
  ): Promise<{ replayed: string[]; skipped: Array<{ id: string; why: string }> }>;
}

export const DEAD_LETTER_DESK = Symbol('DeadLetterDesk');
/** Integration work is the administrator's: the role that may replay records into the plant event stream. */
const ROLE = 'admin';

const listQuery = z.object({
  status: z.enum(['pending', 'replayed', 'all']).default('pending'),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});
const replayBody = z.object({
  ids: z.array(z.string().min(1).max(128)).min(1).max(500),
  /** The console's confirmation dialog sets it; a replay is never a single click. */
  confirm: z.literal(true, {
    error: 'confirm must be true: replaying re-submits the original records to ingest',
  }),
});

/** Whether a letter's original key (site/line, or none) lies in the caller's sites. */
function visible(principal: Principal, key: string): boolean {
  const site = key.split('/')[0] ?? '';
  return site === '' ? principal.sites.includes('*') : hasSite(principal, site);
}

/**
 * The integration engineer's dead-letter view: reason, source, time and a preview of the
 * original bytes, and replay of chosen letters after a confirmation. Authenticated by the
 * kit's guard like the REST API; administrators only; letters outside the caller's sites are hidden.
 */
@Controller('api/console/dead-letters')
export class DeadLettersController {
  constructor(@Inject(DEAD_LETTER_DESK) private readonly desk: DeadLetterDeskPort) {}

  @Get()
  async list(
    @CurrentPrincipal() caller: Principal,
    @Query(new ZodValidationPipe(listQuery, 'BAD_REQUEST')) q: z.infer<typeof listQuery>,
  ): Promise<{ deadLetters: DeadLetterView[] }> {
    const principal = admin(caller);
    return { deadLetters: (await this.desk.list(q)).filter((l) => visible(principal, l.key)) };
  }

  @Post('replay')
  @HttpCode(200)
  async replay(
    @CurrentPrincipal() caller: Principal,
    @Body(new ZodValidationPipe(replayBody, 'BAD_REQUEST')) { ids }: z.infer<typeof replayBody>,
  ): Promise<{ replayed: string[]; skipped: Array<{ id: string; why: string }> }> {
    const principal = admin(caller);
    const all = await this.desk.list({ status: 'all', limit: 500 });
    const hidden = ids.filter((id) => !all.some((l) => l.id === id && visible(principal, l.key)));
    if (hidden.length > 0)
      throw new ServiceError(
        404,
        'DEAD_LETTER_NOT_FOUND',
        `no dead letter ${hidden.join(', ')} in your sites`,
      );
    return this.desk.replay(ids);
  }
}

function admin(principal: Principal): Principal {
  if (!principal.roles.includes(ROLE))
    throw new ServiceError(403, 'ROLE_REQUIRED', `the dead-letter view needs the ${ROLE} role`);
  return principal;
}
