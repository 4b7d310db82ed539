import { Body, Controller, HttpCode, Inject, Post } from '@nestjs/common';
import type { Principal } from '@andon/governance/auth';
import { CurrentPrincipal, ZodValidationPipe } from '@andon/service-kit';
import { z } from 'zod';
import { PlantQueryService, type PlantAnswer } from '../plant-query.service';

const askSchema = z.strictObject({
  question: z.string().trim().min(1).max(500),
  /** Optional line scope (an operator's own line): it can only narrow what the token allows. */
  lines: z.array(z.string().min(1).max(64)).min(1).max(20).optional(),
});

/** POST /api/plant-query {question}: the caller's sites come from the verified bearer token, never from the body. */
@Controller('api/plant-query')
export class PlantQueryController {
  constructor(@Inject(PlantQueryService) private readonly service: PlantQueryService) {}

  @Post()
  @HttpCode(200)
  ask(
    @CurrentPrincipal() principal: Principal,
    @Body(new ZodValidationPipe(askSchema)) body: z.infer<typeof askSchema>,
  ): Promise<PlantAnswer> {
    return this.service.ask(body.question, principal, body.lines ? { lines: body.lines } : {});
  }
}
