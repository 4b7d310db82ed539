import { Body, Controller, Headers, HttpCode, HttpException, Inject, Post } from '@nestjs/common';
import { z } from 'zod';
import { PlantQueryRuntime } from '../plant-query-runtime';
import type { PlantAnswer } from '../plant-query.service';

const askSchema = z.strictObject({
  question: z.string().trim().min(1).max(500),
  /** Optional line scope (an operator's own line): it can only narrow what the token allows. */
  lines: z.array(z.string().min(1).max(64)).min(1).max(20).optional(),
});

/** POST /api/plant-query {question}: the caller's sites come from the verified bearer token, never from the body. */
@Controller('api/plant-query')
export class PlantQueryController {
  constructor(@Inject(PlantQueryRuntime) private readonly runtime: PlantQueryRuntime) {}

  @Post()
  @HttpCode(200)
  async ask(@Headers('authorization') authorization: string | undefined, @Body() body: unknown): Promise<PlantAnswer> {
    if (!this.runtime.verifier) throw new HttpException({ code: 'AUTH_NOT_CONFIGURED', message: 'no JWT key is configured (JWT_HS256_SECRET)' }, 401);
    const auth = await this.runtime.verifier.verifyBearer(authorization);
    if (!auth.ok) throw new HttpException({ code: auth.code, message: auth.message }, auth.status);
    const parsed = askSchema.safeParse(body);
    if (!parsed.success) throw new HttpException({ code: 'INVALID_REQUEST', message: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ') }, 400);
    return this.runtime.service.ask(parsed.data.question, auth.principal, parsed.data.lines ? { lines: parsed.data.lines } : {});
  }
}
