import { BadRequestException, Controller, Get, Inject, Query } from '@nestjs/common';
import { z } from 'zod';
import { IngestRuntime } from '../ingest-runtime';
import { Authenticated } from '@andon/service-kit';
import { INGEST_ADMIN_SCHEME } from '../http-ingest/ingest-auth';
import { CODE_KINDS } from '../site-codes/canonical-codes';
import type { UnmappedCode } from './unmapped-codes.repository';

const querySchema = z.object({
  site: z.string().min(1).max(128).optional(),
  kind: z.enum(CODE_KINDS).optional(),
  limit: z.coerce.number().int().min(1).max(5_000).default(500),
});

@Controller('ingest/v1/unmapped')
@Authenticated(INGEST_ADMIN_SCHEME)
export class UnmappedController {
  constructor(@Inject(IngestRuntime) private readonly runtime: IngestRuntime) {}

  /** Site codes published unmapped, most recently seen first: the work list for the next code map version. */
  @Get()
  async list(@Query() query: Record<string, unknown>): Promise<UnmappedCode[]> {
    const parsed = querySchema.safeParse(query);
    if (!parsed.success) throw new BadRequestException(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`));
    return this.runtime.unmapped.list(parsed.data);
  }
}
