import { Body, Controller, Get, HttpCode, HttpException, Inject, Post, Query } from '@nestjs/common';
import { z } from 'zod';
import { hasSite, type Principal } from '@andon/governance/auth';
import { CurrentPrincipal } from '@andon/service-kit';

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

function fail(status: number, code: string, message: string): never {
  throw new HttpException({ code, message }, status);
}

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
    @Query() query: Record<string, unknown>,
  ): Promise<{ deadLetters: DeadLetterView[] }> {
    const principal = admin(caller);
    const q = parse(listQuery, query);
    return { deadLetters: (await this.desk.list(q)).filter((l) => visible(principal, l.key)) };
  }

  @Post('replay')
  @HttpCode(200)
  async replay(
    @CurrentPrincipal() caller: Principal,
    @Body() body: unknown,
  ): Promise<{ replayed: string[]; skipped: Array<{ id: string; why: string }> }> {
    const principal = admin(caller);
    const { ids } = parse(replayBody, body);
    const all = await this.desk.list({ status: 'all', limit: 500 });
    const hidden = ids.filter((id) => !all.some((l) => l.id === id && visible(principal, l.key)));
    if (hidden.length > 0)
      fail(404, 'DEAD_LETTER_NOT_FOUND', `no dead letter ${hidden.join(', ')} in your sites`);
    return this.desk.replay(ids);
  }
}

function admin(principal: Principal): Principal {
  if (!principal.roles.includes(ROLE))
    fail(403, 'ROLE_REQUIRED', `the dead-letter view needs the ${ROLE} role`);
  return principal;
}

function parse<T>(schema: z.ZodType<T>, input: unknown): T {
  const r = schema.safeParse(input ?? {});
  if (!r.success)
    fail(
      400,
      'BAD_REQUEST',
      r.error.issues.map((i) => `${i.path.join('.') || '(body)'}: ${i.message}`).join('; '),
    );
  return r.data;
}
