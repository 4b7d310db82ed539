import { Controller, Get, Inject, Query } from '@nestjs/common';
import { z } from 'zod';
import { Authenticated, ZodValidationPipe } from '@andon/service-kit';
import { INGEST_ADMIN_SCHEME } from '../http-ingest/ingest-auth';
import { CODE_KINDS } from '../site-codes/canonical-codes';
import {
  UnmappedPathsRepository,
  type UnmappedPath,
} from '../protocols/plant-mapping/unmapped-paths.repository';
import { UnmappedCodesRepository, type UnmappedCode } from './unmapped-codes.repository';

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
  constructor(
    @Inject(UnmappedCodesRepository) private readonly codes: UnmappedCodesRepository,
    @Inject(UnmappedPathsRepository) private readonly paths: UnmappedPathsRepository,
  ) {}

  /**
   * Sparkplug metrics and UNS topics the protocol maps do not place (their values were
   * dead-lettered), most recently seen first: the work list for config/protocol-maps.
   */
  @Get('protocol')
  listProtocol(
    @Query(new ZodValidationPipe(pathQuerySchema)) query: z.output<typeof pathQuerySchema>,
  ): Promise<UnmappedPath[]> {
    return this.paths.list(query);
  }

  /** Site codes published unmapped, most recently seen first: the work list for the next code map version. */
  @Get()
  list(
    @Query(new ZodValidationPipe(querySchema)) query: z.output<typeof querySchema>,
  ): Promise<UnmappedCode[]> {
    return this.codes.list(query);
  }
}
