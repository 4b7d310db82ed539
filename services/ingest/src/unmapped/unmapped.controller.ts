import { BadRequestException, Controller, Get, Inject, Query, UseGuards } from '@nestjs/common';
import { z } from 'zod';
import { IngestRuntime } from '../ingest-runtime';
import { AdminTokenGuard } from '../http-ingest/token.guard';
import { CODE_KINDS } from '../site-codes/canonical-codes';
import type { UnmappedCode } from './unmapped-codes.repository';

const querySchema = z.object({
  site: z.string().min(1).max(128).optional(),
  kind: z.enum(CODE_KINDS).optional(),
  limit: z.coerce.number().int().min(1).max(5_000).default(500),
});

@Controller('ingest/v1/unmapped')
@UseGuards(AdminTokenGuard)
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
