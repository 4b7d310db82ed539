import { BadRequestException, Controller, Get, Inject, Query } from '@nestjs/common';
import { z } from 'zod';
import { IngestRuntime } from '../ingest-runtime';
import { Authenticated } from '@andon/service-kit';
import { INGEST_ADMIN_SCHEME } from '../http-ingest/ingest-auth';
import { CODE_KINDS } from '../site-codes/canonical-codes';
import {
  UnmappedPathsRepository,
  type UnmappedPath,
} from '../protocols/plant-mapping/unmapped-paths.repository';
import type { UnmappedCode } from './unmapped-codes.repository';

const pathQuerySchema = z.object({
  site: z.string().min(1).max(128).optional(),
  limit: z.coerce.number().int().min(1).max(5_000).default(500),
});

const querySchema = z.object({
  site: z.string().min(1).max(128).optional(),
  kind: z.enum(CODE_KINDS).optional(),
  limit: z.coerce.number().int().min(1).max(5_000).default(500),
});

@Controller('ingest/v1/unmapped')
@Authenticated(INGEST_ADMIN_SCHEME)
export class UnmappedController {
  private paths: Promise<UnmappedPathsRepository> | undefined;

  constructor(@Inject(IngestRuntime) private readonly runtime: IngestRuntime) {}

  /**
   * Sparkplug metrics and UNS topics the protocol maps do not place (their values were
   * dead-lettered), most recently seen first: the work list for config/protocol-maps.
   */
  @Get('protocol')
  async listProtocol(@Query() query: Record<string, unknown>): Promise<UnmappedPath[]> {
    const parsed = pathQuerySchema.safeParse(query);
    if (!parsed.success)
      throw new BadRequestException(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`));
    this.paths ??= UnmappedPathsRepository.open(this.runtime.deps.store);
    return (await this.paths).list(parsed.data);
  }

  /** Site codes published unmapped, most recently seen first: the work list for the next code map version. */
  @Get()
  async list(@Query() query: Record<string, unknown>): Promise<UnmappedCode[]> {
    const parsed = querySchema.safeParse(query);
    if (!parsed.success)
      throw new BadRequestException(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`));
    return this.runtime.unmapped.list(parsed.data);
  }
}
